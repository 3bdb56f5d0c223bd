import {
  buildOpenApiDocument,
  errorResponses,
  type Operation,
  type ResponseSpec,
} from '@videoforge/http';
import { dlqQuery, redriveBody, usersQuery, videosQuery } from '../schemas.ts';
import {
  adminUserPageSchema,
  adminVideoPageSchema,
  clusterSchema,
  deadLetterListSchema,
  maintenanceSchema,
  redriveResultSchema,
  statsSchema,
} from './admin-schemas.ts';

export const ADMIN_DOCUMENT_PATH = '/api/admin/openapi.json';

/** Every admin route: signed in (401), in the admin group (403), within the write limit (429). */
const admin = (
  operation: Omit<Operation, 'tags' | 'responses'>,
  responses: Record<number, ResponseSpec>,
): Operation => ({
  ...operation,
  tags: ['admin'],
  responses: { ...responses, ...errorResponses(401, 403, 429) },
});

const ADMIN_OPERATIONS: Operation[] = [
  admin(
    {
      method: 'get',
      path: '/api/admin/users',
      operationId: 'listUsers',
      summary: 'Users with their usage and quotas',
      query: usersQuery,
    },
    { 200: { description: 'A page', body: adminUserPageSchema }, ...errorResponses(400) },
  ),
  admin(
    {
      method: 'get',
      path: '/api/admin/videos',
      operationId: 'listVideosByStatus',
      summary: 'Videos in one status across every user, newest first',
      query: videosQuery,
    },
    { 200: { description: 'A page', body: adminVideoPageSchema }, ...errorResponses(400) },
  ),
  admin(
    { method: 'get', path: '/api/admin/stats', operationId: 'getStats', summary: 'Platform stats' },
    { 200: { description: 'Counts and queue depths', body: statsSchema } },
  ),
  admin(
    {
      method: 'get',
      path: '/api/admin/dlq',
      operationId: 'listDeadLetters',
      summary: 'Dead-lettered jobs, with their videos, owners and failures',
      query: dlqQuery,
    },
    { 200: { description: 'The DLQ', body: deadLetterListSchema }, ...errorResponses(400) },
  ),
  admin(
    {
      method: 'post',
      path: '/api/admin/dlq/redrive',
      operationId: 'redriveDeadLetters',
      summary: 'Send dead-lettered jobs back to the jobs queue (all, or by message id)',
      body: redriveBody,
    },
    {
      200: { description: 'What happened to each', body: redriveResultSchema },
      ...errorResponses(400),
    },
  ),
  admin(
    {
      method: 'get',
      path: '/api/admin/cluster',
      operationId: 'getCluster',
      summary: 'Deployments, transcoder pods and KEDA state (503 outside a cluster)',
    },
    { 200: { description: 'The cluster', body: clusterSchema }, ...errorResponses(503) },
  ),
  admin(
    {
      method: 'get',
      path: '/api/admin/maintenance',
      operationId: 'getMaintenance',
      summary: 'Schedules and last runs of the maintenance jobs',
    },
    { 200: { description: 'Schedules and runs', body: maintenanceSchema }, ...errorResponses(503) },
  ),
];

/** The admin's OpenAPI 3.1 contract, generated from the zod schemas its routes parse with. */
export function adminOpenApiDocument(): Record<string, unknown> {
  return buildOpenApiDocument({
    info: {
      title: 'VideoForge admin API',
      version: '1.0.0',
      description:
        'Operators’ routes, for the Cognito group "admin" only. Generated from the service’s zod ' +
        'schemas: `npm run contract`.',
    },
    operations: ADMIN_OPERATIONS,
    securitySchemes: {
      bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (Cognito access token)' },
    },
    security: [{ bearerAuth: [] }],
    tags: [{ name: 'admin', description: 'Users, videos, stats, DLQ, cluster, maintenance' }],
  });
}
