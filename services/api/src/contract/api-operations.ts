import { z } from 'zod';
import { errorResponses, type Operation } from '@videoforge/http';
import {
  confirmBody,
  forgotPasswordBody,
  loginBody,
  logoutBody,
  meAnswer,
  refreshBody,
  resetPasswordBody,
  signUpAnswer,
  signUpBody,
  tokensAnswer,
} from '../auth/auth-schemas.ts';
import {
  createVideoBody,
  listQuery,
  patchVideoBody,
  playbackQuery,
  renditionBody,
  signPartsBody,
  videoIdParams,
} from '../videos/schemas.ts';
import {
  createWebhookBody,
  deliveriesQuery,
  deliveryParams,
  patchWebhookBody,
  webhookIdParams,
} from '../webhooks/schemas.ts';
import {
  createdVideoSchema,
  multipartPlanSchema,
  playbackSchema,
  renditionAnswerSchema,
  signedPartsSchema,
  videoPageSchema,
  videoSchema,
} from './video-schemas.ts';
import {
  createdWebhookSchema,
  deliveryPageSchema,
  redeliverySchema,
  secretSchema,
  testEventSchema,
  webhookListSchema,
  webhookSchema,
} from './webhook-schemas.ts';

const PUBLIC: Operation['security'] = [];
const REFRESH_COOKIE: Operation['security'] = [{}, { refreshCookie: [] }];
const SET_COOKIE = {
  'Set-Cookie': {
    description: 'vf_refresh=<refresh token>; HttpOnly; Secure; SameSite=Strict; Path=/api/auth',
    schema: { type: 'string' as const },
  },
};

const auth = (operation: Omit<Operation, 'tags' | 'security'>): Operation => ({
  ...operation,
  tags: ['auth'],
  security: PUBLIC,
  responses: { ...operation.responses, ...errorResponses(429) },
});

/** Signed in: 401 without a valid token, 429 over the write limit. */
const user = (tag: string, operation: Omit<Operation, 'tags'>): Operation => ({
  ...operation,
  tags: [tag],
  responses: { ...operation.responses, ...errorResponses(401, 429) },
});

const authOperations: Operation[] = [
  auth({
    method: 'post',
    path: '/api/auth/signup',
    operationId: 'signUp',
    summary: 'Create an account (local mode confirms it at once)',
    body: signUpBody,
    responses: { 201: { description: 'Signed up', body: signUpAnswer }, ...errorResponses(400) },
  }),
  auth({
    method: 'post',
    path: '/api/auth/confirm',
    operationId: 'confirmSignUp',
    summary: 'Confirm an account with the emailed code',
    body: confirmBody,
    responses: { 204: { description: 'Confirmed' }, ...errorResponses(400) },
  }),
  auth({
    method: 'post',
    path: '/api/auth/login',
    operationId: 'logIn',
    summary: 'Log in: tokens in the body, the refresh token also as an httpOnly cookie',
    body: loginBody,
    responses: {
      200: { description: 'Logged in', body: tokensAnswer, headers: SET_COOKIE },
      ...errorResponses(400, 401, 403),
    },
  }),
  {
    ...auth({
      method: 'post',
      path: '/api/auth/refresh',
      operationId: 'refreshTokens',
      summary: 'New tokens, from the refresh token in the body or in the cookie',
      body: refreshBody,
      bodyOptional: true,
      responses: {
        200: { description: 'New tokens', body: tokensAnswer, headers: SET_COOKIE },
        ...errorResponses(400, 401, 403),
      },
    }),
    security: REFRESH_COOKIE,
  },
  {
    ...auth({
      method: 'post',
      path: '/api/auth/logout',
      operationId: 'logOut',
      summary: 'Revoke the refresh token (body or cookie) and clear the cookie',
      body: logoutBody,
      bodyOptional: true,
      responses: { 204: { description: 'Logged out' }, ...errorResponses(400, 403) },
    }),
    security: REFRESH_COOKIE,
  },
  auth({
    method: 'post',
    path: '/api/auth/forgot-password',
    operationId: 'forgotPassword',
    summary: 'Email a password reset code (202 whether or not the address has an account)',
    body: forgotPasswordBody,
    responses: { 202: { description: 'Accepted' }, ...errorResponses(400) },
  }),
  auth({
    method: 'post',
    path: '/api/auth/reset-password',
    operationId: 'resetPassword',
    summary: 'Set a new password with the emailed code',
    body: resetPasswordBody,
    responses: { 204: { description: 'Password changed' }, ...errorResponses(400) },
  }),
];

const videoOperations: Operation[] = [
  user('me', {
    method: 'get',
    path: '/api/me',
    operationId: 'getMe',
    summary: 'Who the token belongs to',
    responses: { 200: { description: 'The caller', body: meAnswer } },
  }),
  user('videos', {
    method: 'post',
    path: '/api/videos',
    operationId: 'createVideo',
    summary: 'Create a video and get where to upload it (one PUT, or multipart when large)',
    body: createVideoBody,
    responses: {
      201: { description: 'Created', body: createdVideoSchema },
      ...errorResponses(400, 413, 415),
    },
  }),
  user('videos', {
    method: 'get',
    path: '/api/videos',
    operationId: 'listVideos',
    summary: "The caller's videos, newest first",
    query: listQuery,
    responses: { 200: { description: 'A page', body: videoPageSchema }, ...errorResponses(400) },
  }),
  user('videos', {
    method: 'get',
    path: '/api/videos/{id}',
    operationId: 'getVideo',
    summary: 'One video with its renditions and progress',
    params: videoIdParams,
    responses: {
      200: { description: 'The video', body: videoSchema },
      ...errorResponses(400, 404),
    },
  }),
  user('videos', {
    method: 'patch',
    path: '/api/videos/{id}',
    operationId: 'updateVideo',
    summary: 'Rename or re-describe a video',
    params: videoIdParams,
    body: patchVideoBody,
    responses: { 200: { description: 'Updated', body: videoSchema }, ...errorResponses(400, 404) },
  }),
  user('videos', {
    method: 'delete',
    path: '/api/videos/{id}',
    operationId: 'deleteVideo',
    summary: 'Delete a video and every object of it',
    params: videoIdParams,
    responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 404) },
  }),
  user('videos', {
    method: 'post',
    path: '/api/videos/{id}/renditions',
    operationId: 'requestRendition',
    summary: 'Ask for another rendition',
    params: videoIdParams,
    body: renditionBody,
    responses: {
      200: { description: 'Already queued, running or done', body: renditionAnswerSchema },
      202: { description: 'Queued', body: renditionAnswerSchema },
      ...errorResponses(400, 404, 409),
    },
  }),
  user('videos', {
    method: 'get',
    path: '/api/videos/{id}/playback',
    operationId: 'getPlayback',
    summary: 'A signed URL to play or download a READY rendition (hls: the master playlist)',
    params: videoIdParams,
    query: playbackQuery,
    responses: {
      200: { description: 'Where to play it', body: playbackSchema },
      ...errorResponses(400, 404, 409),
    },
  }),
];

const uploadOperations: Operation[] = [
  user('uploads', {
    method: 'get',
    path: '/api/videos/{id}/upload',
    operationId: 'getUploadStatus',
    summary: 'A multipart upload: parts received, the rest signed again (resume)',
    params: videoIdParams,
    responses: {
      200: { description: 'The plan', body: multipartPlanSchema },
      ...errorResponses(400, 404, 409),
    },
  }),
  user('uploads', {
    method: 'post',
    path: '/api/videos/{id}/upload/parts',
    operationId: 'signUploadParts',
    summary: 'Sign parts with their CRC32 checksums',
    params: videoIdParams,
    body: signPartsBody,
    responses: {
      200: { description: 'Signed parts', body: signedPartsSchema },
      ...errorResponses(400, 404, 409),
    },
  }),
  user('uploads', {
    method: 'post',
    path: '/api/videos/{id}/upload/complete',
    operationId: 'completeUpload',
    summary: 'Complete a multipart upload',
    params: videoIdParams,
    responses: {
      202: { description: 'Completed: processing starts', body: videoSchema },
      ...errorResponses(400, 404, 409),
    },
  }),
  user('uploads', {
    method: 'delete',
    path: '/api/videos/{id}/upload',
    operationId: 'abortUpload',
    summary: 'Abort a multipart upload',
    params: videoIdParams,
    responses: { 204: { description: 'Aborted' }, ...errorResponses(400, 404, 409) },
  }),
];

const webhook = (operation: Omit<Operation, 'tags'>) => user('webhooks', operation);

const webhookOperations: Operation[] = [
  webhook({
    method: 'post',
    path: '/api/webhooks',
    operationId: 'createWebhook',
    summary: 'Register an endpoint (the secret is shown once)',
    body: createWebhookBody,
    responses: {
      201: { description: 'Registered', body: createdWebhookSchema },
      ...errorResponses(400),
    },
  }),
  webhook({
    method: 'get',
    path: '/api/webhooks',
    operationId: 'listWebhooks',
    summary: "The caller's webhooks",
    responses: { 200: { description: 'All of them', body: webhookListSchema } },
  }),
  webhook({
    method: 'get',
    path: '/api/webhooks/{id}',
    operationId: 'getWebhook',
    summary: 'One webhook',
    params: webhookIdParams,
    responses: {
      200: { description: 'The webhook', body: webhookSchema },
      ...errorResponses(400, 404),
    },
  }),
  webhook({
    method: 'patch',
    path: '/api/webhooks/{id}',
    operationId: 'updateWebhook',
    summary: 'Enable, disable or change a webhook',
    params: webhookIdParams,
    body: patchWebhookBody,
    responses: {
      200: { description: 'Updated', body: webhookSchema },
      ...errorResponses(400, 404),
    },
  }),
  webhook({
    method: 'delete',
    path: '/api/webhooks/{id}',
    operationId: 'deleteWebhook',
    summary: 'Delete a webhook',
    params: webhookIdParams,
    responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 404) },
  }),
  webhook({
    method: 'post',
    path: '/api/webhooks/{id}/rotate-secret',
    operationId: 'rotateWebhookSecret',
    summary: 'A new secret; the old one also signs for a grace period',
    params: webhookIdParams,
    responses: {
      200: { description: 'The new secret', body: secretSchema },
      ...errorResponses(404),
    },
  }),
  webhook({
    method: 'post',
    path: '/api/webhooks/{id}/test',
    operationId: 'testWebhook',
    summary: 'Send a webhook.test event',
    params: webhookIdParams,
    responses: { 202: { description: 'Sent', body: testEventSchema }, ...errorResponses(404, 409) },
  }),
  webhook({
    method: 'get',
    path: '/api/webhooks/{id}/deliveries',
    operationId: 'listDeliveries',
    summary: 'The delivery log, newest first',
    params: webhookIdParams,
    query: deliveriesQuery,
    responses: {
      200: { description: 'A page', body: deliveryPageSchema },
      ...errorResponses(400, 404),
    },
  }),
  webhook({
    method: 'post',
    path: '/api/webhooks/{id}/deliveries/{deliveryId}/redeliver',
    operationId: 'redeliver',
    summary: 'Send a delivery again',
    params: deliveryParams,
    responses: {
      202: { description: 'Queued again', body: redeliverySchema },
      ...errorResponses(400, 404, 409),
    },
  }),
];

const playlistParams = z.object({ token: z.string().min(1).max(4096) });

const playbackOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/playback/hls/{token}/master.m3u8',
    operationId: 'getMasterPlaylist',
    summary: 'HLS master playlist, authorised by the signed token in the path',
    tags: ['playback'],
    security: PUBLIC,
    params: playlistParams,
    responses: {
      200: { description: 'The playlist', contentType: 'application/vnd.apple.mpegurl' },
      ...errorResponses(403, 404, 429),
    },
  },
  {
    method: 'get',
    path: '/api/playback/hls/{token}/{rung}/playlist.m3u8',
    operationId: 'getMediaPlaylist',
    summary: 'HLS media playlist of one rung, with signed segment URLs',
    tags: ['playback'],
    security: PUBLIC,
    params: playlistParams.extend({ rung: z.string().min(1).max(16) }),
    responses: {
      200: { description: 'The playlist', contentType: 'application/vnd.apple.mpegurl' },
      ...errorResponses(403, 404, 429),
    },
  },
];

export const API_OPERATIONS: readonly Operation[] = [
  ...authOperations,
  ...videoOperations,
  ...uploadOperations,
  ...webhookOperations,
  ...playbackOperations,
];
