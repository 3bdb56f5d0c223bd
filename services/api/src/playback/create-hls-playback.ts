import { randomBytes } from 'node:crypto';
import type { Logger } from '@videoforge/platform';
import { HlsPlayback, type HlsPlaybackDeps } from './hls-playback.ts';
import type { PlaybackSettings } from './playback-env.ts';
import { PlaylistCache } from './playlist-cache.ts';
import { servedBytes } from './served-playlist.ts';
import { signingKeyRing, type SigningKeyRing } from './signing-keys.ts';

/** Signed HLS playback from the api's settings: its keys, link lifetimes and playlist cache. */
export function createHlsPlayback(
  settings: PlaybackSettings,
  stores: Pick<HlsPlaybackDeps, 'videos' | 'objects'>,
  logger: Logger,
): HlsPlayback {
  return new HlsPlayback({
    ...stores,
    keys: keyRing(settings, logger),
    ttlSeconds: settings.urlTtlSeconds,
    maxTtlSeconds: settings.maxUrlTtlSeconds,
    cache:
      settings.cacheMaxBytes > 0
        ? new PlaylistCache({ maxBytes: settings.cacheMaxBytes, sizeOf: servedBytes })
        : undefined,
  });
}

/**
 * Every replica must share the keys; config lets the secret be missing only in local mode, where a
 * random one suits the single process of `npm start`.
 */
function keyRing(settings: PlaybackSettings, logger: Logger): SigningKeyRing {
  if (settings.signingSecret)
    return signingKeyRing(settings.signingSecret, settings.previousSigningSecret);
  logger.warn(
    'PLAYBACK_SIGNING_SECRET is not set (local mode): using a random one; HLS links break across replicas and restarts',
  );
  return signingKeyRing(randomBytes(32).toString('base64url'));
}
