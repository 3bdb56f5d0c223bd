import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import prettier from 'prettier';
import { contractFilePath } from '@videoforge/http';
import { adminOpenApiDocument } from './admin-document.ts';

/** `npm run contract`: the committed document, regenerated from the schemas (prettier-formatted). */
const file = contractFilePath('admin.openapi.json');
const options = { ...(await prettier.resolveConfig(file)), filepath: file };
await mkdir(path.dirname(file), { recursive: true });
await writeFile(file, await prettier.format(JSON.stringify(adminOpenApiDocument()), options));
console.log(`wrote ${path.relative(process.cwd(), file)}`);
