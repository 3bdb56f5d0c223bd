import { buildOpenApiDocument } from '@videoforge/http';
import { API_OPERATIONS } from './api-operations.ts';

export const API_DOCUMENT_PATH = '/api/openapi.json';

/** The api's OpenAPI 3.1 contract, generated from the zod schemas its routes parse with. */
export function apiOpenApiDocument(): Record<string, unknown> {
  return buildOpenApiDocument({
    info: {
      title: 'VideoForge API',
      version: '1.0.0',
      description:
        'Upload, transcode and play videos. Errors are {"error":{"code","message"}}. ' +
        'Generated from the service’s zod schemas: `npm run contract`.',
    },
    operations: API_OPERATIONS,
    securitySchemes: {
      bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (Cognito access token)' },
      refreshCookie: { type: 'apiKey', in: 'cookie', name: 'vf_refresh' },
    },
    security: [{ bearerAuth: [] }],
    tags: [
      { name: 'auth', description: 'Sign-up, login, tokens, password reset' },
      { name: 'me', description: 'The caller' },
      { name: 'videos', description: 'Videos and their renditions' },
      { name: 'uploads', description: 'Multipart uploads straight to S3' },
      { name: 'webhooks', description: 'Signed event deliveries' },
      { name: 'playback', description: 'HLS playlists behind signed links' },
    ],
  });
}
