import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  anchorsOf,
  brokenLinks,
  githubSlug,
  relativeLinks,
  unclosedFence,
} from '../../docs/links.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

// Every linked page exists: nothing is allowed to be missing.
const PENDING = new Set<string>();

const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name.replaceAll('\\', '/')}`),
];

describe('the links of the README and docs/', () => {
  it.each(pages)('%s: every relative link and anchor resolves inside the repository', (page) => {
    expect(unclosedFence(readFileSync(join(root, page), 'utf8'))).toBeUndefined();
    expect(brokenLinks(join(root, page), root, PENDING)).toEqual([]);
  });

  it('covers the README and the docs pages', () => {
    expect(pages).toContain('README.md');
    expect(pages).toContain('docs/api.md');
    expect(pages.length).toBeGreaterThan(10);
  });
});

describe('the link checker', () => {
  const sandbox = () => {
    const dir = mkdtempSync(join(tmpdir(), 'docs-links-'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'other.md'), '# Other page\n\n## Deploy to EKS\n');
    return dir;
  };

  it('slugs headings as GitHub does', () => {
    expect(githubSlug('Deploy to EKS')).toBe('deploy-to-eks');
    expect(githubSlug('kind (skaffold dev)')).toBe('kind-skaffold-dev');
    expect(githubSlug('Kubernetes: images, manifests, Helm chart')).toBe(
      'kubernetes-images-manifests-helm-chart',
    );
    expect(githubSlug('`WebhookFailureRatioHigh` (warning)')).toBe(
      'webhookfailureratiohigh-warning',
    );
    expect(githubSlug('Job message (SQS body, JSON)')).toBe('job-message-sqs-body-json');
    expect(githubSlug('S3 -> Lambda')).toBe('s3---lambda');
  });

  it('numbers repeated headings and ignores headings inside code', () => {
    const anchors = anchorsOf('# Tests\n\n## Tests\n\n```sh\n# not a heading\n```\n');
    expect([...anchors]).toEqual(['tests', 'tests-1']);
  });

  it('finds a code fence left open', () => {
    expect(unclosedFence('# A\n```sh\nls\n```\n')).toBeUndefined();
    expect(unclosedFence('# A\n```sh\nls\n```\n\n```\n# B\n')).toBe(6);
  });

  it('finds relative links, but not web links or links inside code', () => {
    const links = relativeLinks(
      '[a](docs/a.md) [b](https://example.org) `[c](c.md)`\n```\n[d](d.md)\n```\n[e]: e.md#x\n',
    );
    expect(links.map((link) => link.target)).toEqual(['docs/a.md', 'e.md#x']);
  });

  it('reports a missing file, a missing heading and a link out of the repository', () => {
    const dir = sandbox();
    writeFileSync(
      join(dir, 'docs', 'page.md'),
      [
        '# Page',
        '[ok](other.md#deploy-to-eks) [self](#page)',
        '[missing](nowhere.md) [anchor](other.md#no-such) [out](../../shared/SPEC.md)',
        '[pending](later.md)',
      ].join('\n'),
    );
    const reasons = brokenLinks(join(dir, 'docs', 'page.md'), dir, new Set(['docs/later.md'])).map(
      (link) => `${link.target}: ${link.reason}`,
    );
    expect(reasons).toEqual([
      'nowhere.md: no such file',
      'other.md#no-such: no heading #no-such in docs/other.md',
      '../../shared/SPEC.md: points outside the repository',
    ]);
  });
});
