import { randomUUID } from 'node:crypto';

/** The fields of a fauxqs object that a version listing shows (checked against fauxqs 2.4.x). */
export interface VersionedObject {
  key: string;
  etag: string;
  contentLength: number;
  lastModified: Date;
}

/** One entry of a ListObjectVersions answer. */
export interface ObjectVersion {
  key: string;
  versionId: string;
  isLatest: boolean;
  lastModified: Date;
  /** Absent for a delete marker. */
  object?: VersionedObject;
}

/** An older version or a delete marker of one key. */
interface Noncurrent<T> {
  versionId: string;
  lastModified: Date;
  object?: T;
}

/** S3's version id of an object written before versioning was turned on. */
const NULL_VERSION = 'null';

/**
 * A versioned bucket's objects, as fauxqs's store sees them: still a Map of key -> current object
 * (every fauxqs read and write goes through get, set and delete), but overwriting or deleting keeps
 * the replaced object as a noncurrent version, and a delete leaves a delete marker, as S3 does with
 * versioning on. Older versions can be listed and removed for good; they cannot be read back.
 * They stay in memory, like every object of this emulator, until removed.
 */
export class VersionedObjects<T extends VersionedObject> extends Map<string, T> {
  private readonly older = new Map<string, Noncurrent<T>[]>();
  private readonly currentIds = new Map<string, string>();

  /** Takes over an unversioned bucket's objects: each becomes its key's "null" version. */
  static adopt<T extends VersionedObject>(objects: Map<string, T>): VersionedObjects<T> {
    const versioned = new VersionedObjects<T>();
    for (const [key, object] of objects) versioned.setCurrent(key, object, NULL_VERSION);
    return versioned;
  }

  override set(key: string, object: T): this {
    this.retireCurrent(key);
    return this.setCurrent(key, object, newVersionId());
  }

  override delete(key: string): boolean {
    const existed = this.retireCurrent(key);
    this.olderOf(key).unshift({ versionId: newVersionId(), lastModified: new Date() });
    return existed;
  }

  /** Every version and delete marker under `prefix`: keys in order, each newest first. */
  versions(prefix: string): ObjectVersion[] {
    const keys = new Set([...this.keys(), ...this.older.keys()]);
    return [...keys]
      .filter((key) => key.startsWith(prefix))
      .sort()
      .flatMap((key) => this.versionsOf(key));
  }

  /** Removes one version (or delete marker) for good; false when the key has no such version. */
  deleteVersion(key: string, versionId: string): boolean {
    if (this.has(key) && this.currentIds.get(key) === versionId) {
      super.delete(key);
      this.currentIds.delete(key);
    } else {
      const older = this.older.get(key) ?? [];
      const index = older.findIndex((v) => v.versionId === versionId);
      if (index < 0) return false;
      older.splice(index, 1);
    }
    this.promoteNewestOlder(key);
    return true;
  }

  private versionsOf(key: string): ObjectVersion[] {
    const current = this.get(key);
    const older = this.older.get(key) ?? [];
    const head: ObjectVersion[] = current
      ? [
          {
            key,
            versionId: this.currentIds.get(key) ?? NULL_VERSION,
            isLatest: true,
            lastModified: current.lastModified,
            object: current,
          },
        ]
      : [];
    return [...head, ...older.map((v, i) => ({ key, ...v, isLatest: !current && i === 0 }))];
  }

  private setCurrent(key: string, object: T, versionId: string): this {
    this.currentIds.set(key, versionId);
    return super.set(key, object);
  }

  private retireCurrent(key: string): boolean {
    const current = this.get(key);
    if (!current) return false;
    const versionId = this.currentIds.get(key) ?? NULL_VERSION;
    this.olderOf(key).unshift({ versionId, lastModified: current.lastModified, object: current });
    this.currentIds.delete(key);
    return super.delete(key);
  }

  /** As S3 does: with the current version or the latest marker gone, the next one is current. */
  private promoteNewestOlder(key: string): void {
    const older = this.older.get(key) ?? [];
    const newest = older[0];
    if (!this.has(key) && newest?.object) {
      older.shift();
      this.setCurrent(key, newest.object, newest.versionId);
    }
    if (older.length === 0) this.older.delete(key);
  }

  private olderOf(key: string): Noncurrent<T>[] {
    let older = this.older.get(key);
    if (!older) {
      older = [];
      this.older.set(key, older);
    }
    return older;
  }
}

function newVersionId(): string {
  return randomUUID().replaceAll('-', '');
}
