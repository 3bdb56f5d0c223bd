// Fails fast with a readable message on Node versions the project does not support.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `VideoForge needs Node >= 22.12 (Node 24 LTS recommended); this is ${process.version}.\n` +
      'Get Node 24 from the npm registry without root:\n' +
      '  npm install --prefix ~/.node24 node@24 && export PATH=~/.node24/node_modules/node/bin:$PATH',
  );
  process.exit(1);
}
