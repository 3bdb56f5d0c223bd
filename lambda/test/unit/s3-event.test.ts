import { s3PutBatchEvent } from '@videoforge/testkit';
import { describe, expect, it } from 'vitest';
import { decodeS3Key, type S3Event } from '../../src/index.ts';

const fixture = s3PutBatchEvent() as S3Event;

describe('S3 event parsing', () => {
  it('decodes keys the way S3 encodes them (+ for space, %XX for the rest)', () => {
    expect(decodeS3Key('raw/u1/my+clip%C3%A9.mp4')).toBe('raw/u1/my clipé.mp4');
    expect(decodeS3Key('raw/u1/a%2Bb.mp4')).toBe('raw/u1/a+b.mp4');
  });

  it('reads a real batch notification', () => {
    expect(fixture.Records).toHaveLength(2);
    expect(fixture.Records.map((r) => r.eventName)).toEqual([
      'ObjectCreated:Put',
      'ObjectCreated:CompleteMultipartUpload',
    ]);
    expect(decodeS3Key(fixture.Records[1]!.s3.object.key)).toBe('transcoded/720p/u1/some clip.mp4');
  });
});
