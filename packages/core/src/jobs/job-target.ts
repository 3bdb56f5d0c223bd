import { QUALITY_HEIGHT, type JobTarget, type Quality } from '../domain/qualities.ts';

/**
 * What a job makes, as the worker acts on it. On the wire the target stays one string (the
 * message's `quality`, SPEC); it is parsed into this union once, at the edge, so nothing past
 * the edge checks the string again. `name` keys the rendition on the video.
 */
export type JobTargetSpec =
  { kind: 'mp4'; name: Quality; height: number } | { kind: 'hls'; name: 'hls' };

export type JobTargetKind = JobTargetSpec['kind'];

export function jobTargetSpec(target: JobTarget): JobTargetSpec {
  if (target === 'hls') return { kind: 'hls', name: target };
  return { kind: 'mp4', name: target, height: QUALITY_HEIGHT[target] };
}
