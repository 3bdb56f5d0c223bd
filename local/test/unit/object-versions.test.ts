import { describe, expect, it } from 'vitest';
import { VersionedObjects, type VersionedObject } from '../../src/emulators/object-versions.ts';

const object = (key: string, etag: string): VersionedObject => ({
  key,
  etag: `"${etag}"`,
  contentLength: etag.length,
  lastModified: new Date(),
});

/** Each version as "etag" (or "marker"), newest first, with a * on the latest. */
function history(objects: VersionedObjects<VersionedObject>, key: string): string[] {
  return objects
    .versions(key)
    .filter((v) => v.key === key)
    .map(
      (v) => `${v.object ? v.object.etag.replaceAll('"', '') : 'marker'}${v.isLatest ? '*' : ''}`,
    );
}

describe('the local S3 bucket versioning', () => {
  it('keeps an overwritten object as an older version, and a delete as a marker over it', () => {
    const objects = VersionedObjects.adopt(new Map([['k', object('k', 'one')]]));
    objects.set('k', object('k', 'two'));
    expect(history(objects, 'k')).toEqual(['two*', 'one']);
    expect(objects.versions('k')[1]?.versionId).toBe('null');
    objects.delete('k');
    expect(objects.get('k')).toBeUndefined();
    expect(history(objects, 'k')).toEqual(['marker*', 'two', 'one']);
  });

  it('removes single versions for good, making the next one current as S3 does', () => {
    const objects = new VersionedObjects<VersionedObject>();
    objects.set('k', object('k', 'one'));
    objects.set('k', object('k', 'two'));
    objects.delete('k');
    const [marker, two] = objects.versions('k');
    expect(objects.deleteVersion('k', marker?.versionId ?? '')).toBe(true);
    expect(objects.get('k')?.etag).toBe('"two"');
    expect(objects.deleteVersion('k', two?.versionId ?? '')).toBe(true);
    expect(objects.get('k')?.etag).toBe('"one"');
    expect(objects.deleteVersion('k', 'no-such-version')).toBe(false);
    for (const v of objects.versions('k')) objects.deleteVersion('k', v.versionId);
    expect(objects.versions('')).toEqual([]);
    expect(objects.size).toBe(0);
  });

  it('lists keys under a prefix in order, each newest first', () => {
    const objects = new VersionedObjects<VersionedObject>();
    objects.set('b/2', object('b/2', 'x'));
    objects.set('a/1', object('a/1', 'y'));
    objects.delete('b/1');
    expect(objects.versions('b/').map((v) => `${v.key}:${v.object ? 'object' : 'marker'}`)).toEqual(
      ['b/1:marker', 'b/2:object'],
    );
  });
});
