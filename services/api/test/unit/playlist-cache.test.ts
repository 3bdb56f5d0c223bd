import { describe, expect, it } from 'vitest';
import { PlaylistCache } from '../../src/playback/playlist-cache.ts';

function cache(maxBytes: number) {
  const clock = { now: 1_000_000 };
  return { clock, cache: new PlaylistCache({ maxBytes, clock: () => clock.now }) };
}

describe('PlaylistCache', () => {
  it('forgets an entry when its own time is up', () => {
    const { cache: c, clock } = cache(100);
    c.set('a', 'aaaa', 1000);
    clock.now += 999;
    expect(c.get('a')).toBe('aaaa');
    clock.now += 1;
    expect(c.get('a')).toBeUndefined();
    expect(c.sizeBytes).toBe(0);
  });

  it('stays within its size by dropping the least recently used entries', () => {
    const { cache: c } = cache(10);
    c.set('a', 'aaaa', 1000);
    c.set('b', 'bbbb', 1000);
    expect(c.get('a')).toBe('aaaa');
    c.set('c', 'cccc', 1000);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe('aaaa');
    expect(c.get('c')).toBe('cccc');
    expect(c.sizeBytes).toBe(8);
  });

  it('keeps nothing that could never fit or is already stale, and replaces a key in place', () => {
    const { cache: c } = cache(10);
    c.set('big', 'x'.repeat(11), 1000);
    c.set('stale', 'x', 0);
    expect(c.get('big')).toBeUndefined();
    expect(c.get('stale')).toBeUndefined();
    c.set('a', 'aaaa', 1000);
    c.set('a', 'aaaaaa', 1000);
    expect(c.get('a')).toBe('aaaaaa');
    expect(c.sizeBytes).toBe(6);
  });
});
