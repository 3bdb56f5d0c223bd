import type { PlatformEvent } from '@videoforge/core';

/** Items waiting for the events relay carry these: a sparse index holds nothing else. */
export const OUTBOX_INDEX = 'GSI2';
export const OUTBOX_PARTITION = 'OUTBOX';

export function outboxIndex(oldestAt: string, tieBreak: string) {
  return { GSI2PK: OUTBOX_PARTITION, GSI2SK: `${oldestAt}#${tieBreak}` };
}

/** A standalone event (its video item may be gone): `PK = OUTBOX`, `SK = EVENT#{id}`. */
export function outboxEventItem(event: PlatformEvent): Record<string, unknown> {
  return {
    PK: OUTBOX_PARTITION,
    SK: `EVENT#${event.id}`,
    ...outboxIndex(event.timestamp, event.id),
    entity: 'OUTBOX_EVENT',
    event,
  };
}
