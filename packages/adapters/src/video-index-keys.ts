import type { Video } from '@videoforge/core';
import { statusIndexAttributes } from './dynamo-status-index.ts';
import { outboxIndex } from './outbox-items.ts';

/** The index attributes a video item may carry: the status index's and the outbox's. */
export const VIDEO_INDEX_ATTRIBUTES = ['GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'] as const;
type IndexAttribute = (typeof VIDEO_INDEX_ATTRIBUTES)[number];

/** The index attributes a video item carries under the current key scheme. */
export function videoIndexKeys(video: Video): Partial<Record<IndexAttribute, string>> {
  const pending = video.outbox?.[0];
  return {
    ...statusIndexAttributes(video),
    ...(pending ? outboxIndex(pending.timestamp, `VIDEO#${video.videoId}`) : {}),
  };
}

/** One index attribute to change: from its stored value (undefined: absent) to the current one. */
export interface IndexKeyChange {
  attribute: IndexAttribute;
  from: string | undefined;
  /** Undefined: the attribute goes. */
  to: string | undefined;
}

/**
 * What to rewrite on a stored video item so its index keys are the current scheme's (after the
 * indexes were sharded, or their shard counts changed); empty when they already are.
 */
export function staleIndexKeys(item: Record<string, unknown>, video: Video): IndexKeyChange[] {
  const wanted = videoIndexKeys(video);
  return VIDEO_INDEX_ATTRIBUTES.flatMap((attribute) => {
    const from = typeof item[attribute] === 'string' ? (item[attribute] as string) : undefined;
    const to = wanted[attribute];
    return from === to ? [] : [{ attribute, from, to }];
  });
}
