import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';

type SourceData = string | ArrayBuffer | ArrayBufferView;

/** What SigV4 needs of a hash: a checksum in the SDK's terms. */
export interface BatchHash {
  update(data: SourceData): void;
  digest(): Promise<Uint8Array>;
  reset(): void;
}

/**
 * SHA-256 and HMAC-SHA256 for one batch of SigV4 signatures, with each HMAC key made into a
 * KeyObject once: Node turns a raw key into one on every `createHmac`, which costs several times
 * the HMAC itself, and SigV4 keys every URL's HMACs with the same two keys (the secret, for the
 * signing key's cache entry, and the derived signing key). The keys are kept for the batch only.
 */
export function batchSha256(): new (secret?: SourceData) => BatchHash {
  const keyObjects = new Map<SourceData, KeyObject>();
  const keyObjectOf = (secret: SourceData): KeyObject => {
    let key = keyObjects.get(secret);
    if (!key) {
      key = createSecretKey(typeof secret === 'string' ? Buffer.from(secret) : viewOf(secret));
      keyObjects.set(secret, key);
    }
    return key;
  };
  return class BatchSha256 implements BatchHash {
    private readonly secret: SourceData | undefined;
    private hash;

    constructor(secret?: SourceData) {
      this.secret = secret;
      this.hash = this.fresh();
    }

    update(data: SourceData): void {
      this.hash.update(typeof data === 'string' ? data : viewOf(data));
    }

    digest(): Promise<Uint8Array> {
      return Promise.resolve(new Uint8Array(this.hash.digest()));
    }

    reset(): void {
      this.hash = this.fresh();
    }

    private fresh() {
      return this.secret === undefined
        ? createHash('sha256')
        : createHmac('sha256', keyObjectOf(this.secret));
    }
  };
}

function viewOf(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}
