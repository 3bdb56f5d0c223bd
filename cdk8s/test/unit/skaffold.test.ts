import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { defaultSettings, valuesOf } from '../../src/settings.ts';
import type { K8sObject } from '../support/objects.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const skaffold = parseYaml(readFileSync(path.join(repo, 'skaffold.yaml'), 'utf8')) as K8sObject;

/** The chart's components that run an image of ours: every top-level value with `image`. */
const components = Object.entries(valuesOf(defaultSettings))
  .filter(([, value]) => typeof value === 'object' && value !== null && 'image' in value)
  .map(([name]) => name);

/** Every `videoforge` release skaffold installs: the default (and eks) one, then each profile's. */
const releases: [string, K8sObject][] = [
  ['default', skaffold.manifests.helm.releases[0]],
  ...skaffold.profiles.flatMap((p: K8sObject) =>
    (p.manifests?.helm?.releases ?? [])
      .filter((r: K8sObject) => r.name === 'videoforge')
      .map((r: K8sObject) => [p.name, r]),
  ),
];

describe('skaffold', () => {
  it('covers every image the chart runs, the web app included', () => {
    expect(components).toEqual(['api', 'admin', 'transcoder', 'events', 'web']);
    expect(releases.map(([profile]) => profile)).toEqual(['default', 'kind', 'localstack']);
  });

  it.each(components)('builds videoforge/%s from a Dockerfile that exists', (component) => {
    const artifact = skaffold.build.artifacts.find(
      (a: K8sObject) => a.image === `videoforge/${component}`,
    );
    expect(artifact, component).toBeDefined();
    expect(existsSync(path.join(repo, artifact.docker.dockerfile))).toBe(true);
  });

  it.each(components)('hands the built %s image to every release of the chart', (component) => {
    const key = `IMAGE_TAG_videoforge_${component}`;
    for (const [profile, release] of releases) {
      const set = release.setValueTemplates as Record<string, string>;
      expect(set[`${component}.image.repository`], profile).toBe(
        `{{.IMAGE_REPO_videoforge_${component}}}`,
      );
      // EKS pins by digest; kind loads the image it just built.
      expect(set[`${component}.image.tag`], profile).toBe(
        profile === 'default'
          ? `{{.${key}}}@{{.IMAGE_DIGEST_videoforge_${component}}}`
          : `{{.${key}}}`,
      );
    }
  });

  it('forwards the web app to localhost:3000 on kind, where npm start serves it', () => {
    const kind = skaffold.profiles.find((p: K8sObject) => p.name === 'kind');
    expect(kind.portForward).toContainEqual({
      resourceType: 'service',
      resourceName: 'videoforge-web',
      namespace: 'videoforge',
      port: 8080,
      localPort: 3000,
    });
  });
});
