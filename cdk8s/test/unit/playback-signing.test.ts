import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '@videoforge/core';
import { createLogger } from '@videoforge/platform';
import { loadApiConfig } from '@videoforge/api';
import { createHlsPlayback } from '@videoforge/api/playback/create-hls-playback';
import type { HlsPlayback } from '@videoforge/api/playback/hls-playback';
import type { PlaybackSettings } from '@videoforge/api/playback/playback-env';
import { FakeObjects, OWNER, VIDEO, readyVideos } from '@videoforge/api/testing/hls-fakes';
import { exampleSettings, synthEnv } from '../support/fixtures.ts';
import {
  deployedStack,
  generatedSigningSecret,
  podEnv,
  type AwsSecrets,
} from '../support/pod-env.ts';

/**
 * Two api replicas, each started the way a pod starts: its own configuration loaded from the
 * environment the chart gives it (with what the ExternalSecrets read from the AWS stack), its own
 * key ring and signed-playlist cache. A link minted by one must play on the other.
 */
const objects = synthEnv('default');
const SIGNING_SECRET = exampleSettings.externalSecrets.playbackSigningSecret;
const logger = createLogger('api', 'silent');

function startApi(aws: AwsSecrets): HlsPlayback {
  return hlsOf(loadApiConfig(podEnv(objects, 'api', aws)).playback);
}

function hlsOf(settings: PlaybackSettings): HlsPlayback {
  return createHlsPlayback(settings, { videos: readyVideos, objects: new FakeObjects(2) }, logger);
}

async function mint(api: HlsPlayback): Promise<string> {
  const { path } = await api.createPath(OWNER, VIDEO);
  return path.split('/')[4] as string;
}

/** The link plays (master and rung playlists answer), or is refused with 403; nothing else. */
async function plays(api: HlsPlayback, token: string): Promise<boolean> {
  try {
    await api.masterPlaylist(token);
    await api.mediaPlaylist(token, '360p');
    return true;
  } catch (error) {
    if (error instanceof ForbiddenError) return false;
    throw error;
  }
}

type SigningKeys = { current: string; previous: string };

/** The signing-key secret after `aws secretsmanager put-secret-value` with these keys. */
function withKeys(aws: AwsSecrets, keys: SigningKeys): AwsSecrets {
  return { ...aws, secrets: { ...aws.secrets, [SIGNING_SECRET]: JSON.stringify(keys) } };
}

function keysOf(aws: AwsSecrets): SigningKeys {
  return JSON.parse(aws.secrets[SIGNING_SECRET] as string) as SigningKeys;
}

/** A new key of the kind the stack generates. */
function newKey(): string {
  return (JSON.parse(generatedSigningSecret()) as SigningKeys).current;
}

describe('HLS signing keys across api replicas (chart environment + AWS stack)', () => {
  it('a playback link minted by one api process verifies on a second one given the chart environment', async () => {
    const stack = deployedStack();
    const [first, second] = [startApi(stack), startApi(stack)];
    expect(await plays(second, await mint(first))).toBe(true);
    expect(await plays(first, await mint(second))).toBe(true);
  });

  it('would not, with a key made up per process (local mode only): the check above can fail', async () => {
    const settings = loadApiConfig(podEnv(objects, 'api')).playback;
    const ownKey = { ...settings, signingSecret: undefined, previousSigningSecret: undefined };
    expect(await plays(hlsOf(ownKey), await mint(hlsOf(ownKey)))).toBe(false);
  });

  it('keeps old links playing after a rotation (the old current key becomes previous)', async () => {
    const before = deployedStack();
    const old = await mint(startApi(before));
    const fresh = newKey();
    const after = withKeys(before, { current: fresh, previous: keysOf(before).current });
    const [a, b] = [startApi(after), startApi(after)];
    expect(await plays(b, old)).toBe(true);
    const minted = await mint(a);
    expect(minted.split('.')[0]).not.toBe(old.split('.')[0]);
    expect(await plays(b, minted)).toBe(true);
    // Why the README rotates in two steps: a replica not yet restarted refuses the new key's links.
    expect(await plays(startApi(before), minted)).toBe(false);
    // With `previous` emptied (after PLAYBACK_URL_TTL_MAX_SECONDS), the old key is gone.
    const emptied = withKeys(after, { current: fresh, previous: '' });
    expect(await plays(startApi(emptied), old)).toBe(false);
  });

  it('never breaks a link between replicas of neighbouring steps of the two-step rotation (a rollout mixes them)', async () => {
    const start = deployedStack();
    const old = keysOf(start).current;
    const fresh = newKey();
    const learn = withKeys(start, { current: old, previous: fresh }); // 1. every replica accepts it
    const swap = withKeys(start, { current: fresh, previous: old }); // 2. it signs
    for (const [name, earlier, later] of [
      ['deploy -> step 1', start, learn],
      ['step 1 -> step 2', learn, swap],
    ] as const) {
      const [running, restarted] = [startApi(earlier), startApi(later)];
      expect(await plays(restarted, await mint(running)), name).toBe(true);
      expect(await plays(running, await mint(restarted)), name).toBe(true);
    }
  });
});
