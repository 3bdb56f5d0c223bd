import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '@readme/openapi-parser';
import { listRoutes } from '@videoforge/http';
import { ApiClient, uploadFile } from '@videoforge/testkit';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { ResponseValidator } from './support/openapi-validator.ts';
import { adminClient, newUser, waitForVideo } from './support.ts';

/**
 * One contract: the OpenAPI 3.1 documents the services serve are generated from their zod schemas,
 * are valid OpenAPI 3.1, equal the committed files in docs/contract, and describe what the routes
 * really answer (real responses checked against the document's schemas).
 */

const committed = async (name: string): Promise<unknown> =>
  JSON.parse(
    await readFile(
      fileURLToPath(new URL(`../../../docs/contract/${name}`, import.meta.url)),
      'utf8',
    ),
  ) as unknown;

const getJson = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as unknown };
};

describe('the OpenAPI contract', () => {
  let pipeline: Pipeline;
  let apiDocument: unknown;
  let adminDocument: unknown;
  let api: ResponseValidator;
  let admin: ResponseValidator;

  /** Sends a request and asserts its answer conforms to the document for that path and status. */
  async function conforms(
    validator: ResponseValidator,
    client: ApiClient,
    call: { method: string; path: string; template: string; status: number; body?: unknown },
  ): Promise<unknown> {
    const answer = await client.request(call.method, call.path, call.body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(call.status);
    expect(validator.problems(call.method, call.template, call.status, answer.body)).toEqual([]);
    return answer.body;
  }

  beforeAll(async () => {
    pipeline = await startPipeline({ transcoder: false, memcached: false });
    const served = await getJson(`${pipeline.api.url}/api/openapi.json`);
    const servedAdmin = await getJson(`${pipeline.admin.url}/api/admin/openapi.json`);
    expect(served.status).toBe(200);
    expect(servedAdmin.status).toBe(200);
    apiDocument = served.body;
    adminDocument = servedAdmin.body;
    api = new ResponseValidator(apiDocument);
    admin = new ResponseValidator(adminDocument);
  });
  afterAll(async () => {
    await pipeline?.stop();
  });

  it('serves both documents without a token, as valid OpenAPI 3.1', async () => {
    for (const document of [apiDocument, adminDocument]) {
      expect(document).toMatchObject({ openapi: '3.1.0' });
      const result = await validate(structuredClone(document) as never);
      expect(result.valid ? [] : result.errors).toEqual([]);
      expect(result.specification).toBe('OpenAPI');
      expect(result.warnings).toEqual([]);
    }
  });

  it('matches the committed docs/contract files (otherwise: run `npm run contract`)', async () => {
    expect(apiDocument, 'docs/contract/api.openapi.json is stale: run `npm run contract`').toEqual(
      await committed('api.openapi.json'),
    );
    expect(
      adminDocument,
      'docs/contract/admin.openapi.json is stale: run `npm run contract`',
    ).toEqual(await committed('admin.openapi.json'));
  });

  it('documents every route the services serve, and no other', () => {
    const documented = (document: unknown) =>
      Object.entries((document as { paths: Record<string, object> }).paths)
        .flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`))
        .sort();
    const served = (app: Parameters<typeof listRoutes>[0]) =>
      listRoutes(app)
        .filter((r) => r.path.startsWith('/api/') && !r.path.endsWith('/openapi.json'))
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
        .sort();
    expect(documented(apiDocument)).toEqual(served(pipeline.api.app));
    expect(documented(adminDocument)).toEqual(served(pipeline.admin.app));
  });

  it('refuses an answer that does not fit (the checker itself can fail)', () => {
    expect(api.problems('GET', '/api/videos/{id}', 200, { videoId: 7 })).not.toEqual([]);
    expect(api.problems('DELETE', '/api/videos/{id}', 204, { unexpected: true })).not.toEqual([]);
    expect(() => api.problems('GET', '/api/videos/{id}', 418, {})).toThrow(/no 418 answer/);
  });

  it('auth answers conform', async () => {
    const anonymous = new ApiClient(pipeline.api.url);
    const email = `contract-${Date.now()}@example.com`;
    const credentials = { email, password: 'Passw0rd!-long' };
    const auth = (path: string, status: number, body: unknown) =>
      conforms(api, anonymous, { method: 'POST', path, template: path, status, body });
    await auth('/api/auth/signup', 201, credentials);
    const tokens = (await auth('/api/auth/login', 200, credentials)) as { refreshToken: string };
    await auth('/api/auth/refresh', 200, { refreshToken: tokens.refreshToken });
    await auth('/api/auth/login', 401, { ...credentials, password: 'wrong-Passw0rd' });
    await auth('/api/auth/signup', 400, { email: 'not-an-address', password: 'x' });
  });

  it('video, upload and webhook answers conform', async () => {
    const user = await newUser(pipeline);
    const call = (method: string, path: string, template: string, status: number, body?: unknown) =>
      conforms(api, user, { method, path, template, status, body });

    await call('GET', '/api/me', '/api/me', 200);
    const created = (await call('POST', '/api/videos', '/api/videos', 201, {
      title: 'contract clip',
      filename: 'clip.mp4',
      contentType: 'video/mp4',
      sizeBytes: 4,
    })) as {
      video: { videoId: string };
      upload: { url: string; method: string; headers: Record<string, string> };
    };
    const id = created.video.videoId;
    await call('POST', '/api/videos', '/api/videos', 201, {
      title: 'large clip',
      filename: 'large.mp4',
      contentType: 'video/mp4',
      sizeBytes: 200 * 1024 * 1024,
      checksumAlgorithm: 'CRC32',
    });
    await call('GET', '/api/videos?limit=5', '/api/videos', 200);
    await call('PATCH', `/api/videos/${id}`, '/api/videos/{id}', 200, { title: 'renamed' });
    await call('GET', `/api/videos/${id}/playback`, '/api/videos/{id}/playback', 409);
    await call('POST', `/api/videos/${id}/renditions`, '/api/videos/{id}/renditions', 409, {
      quality: '480p',
    });

    // Four bytes: the upload is accepted and the video leaves PENDING_UPLOAD.
    const file = fileURLToPath(new URL('../../package.json', import.meta.url));
    const { size } = await import('node:fs/promises').then((fs) => fs.stat(file));
    const sized = (await call('POST', '/api/videos', '/api/videos', 201, {
      title: 'uploaded',
      filename: 'x.mp4',
      contentType: 'video/mp4',
      sizeBytes: size,
    })) as typeof created;
    await uploadFile(sized.upload, file);
    const uploadedId = sized.video.videoId;
    await waitForVideo(user, uploadedId, (v) => v.status !== 'PENDING_UPLOAD', 30_000);
    await call('GET', `/api/videos/${uploadedId}`, '/api/videos/{id}', 200);
    await call('POST', `/api/videos/${uploadedId}/renditions`, '/api/videos/{id}/renditions', 202, {
      quality: '360p',
    });
    await call('GET', `/api/videos/${uploadedId}`, '/api/videos/{id}', 200);
    await call('GET', '/api/videos/00000000-0000-0000-0000-000000000000', '/api/videos/{id}', 404);

    await call('POST', '/api/webhooks', '/api/webhooks', 400, { url: 'ftp://x', events: [] });
    const hook = (await call('POST', '/api/webhooks', '/api/webhooks', 201, {
      url: 'http://127.0.0.1:9/videoforge',
      events: ['video.ready'],
    })) as { webhook: { id: string } };
    const hookId = hook.webhook.id;
    await call('GET', '/api/webhooks', '/api/webhooks', 200);
    await call('GET', `/api/webhooks/${hookId}`, '/api/webhooks/{id}', 200);
    await call(
      'POST',
      `/api/webhooks/${hookId}/rotate-secret`,
      '/api/webhooks/{id}/rotate-secret',
      200,
    );
    await call('POST', `/api/webhooks/${hookId}/test`, '/api/webhooks/{id}/test', 202);
    await call('GET', `/api/webhooks/${hookId}/deliveries`, '/api/webhooks/{id}/deliveries', 200);
    await call('DELETE', `/api/webhooks/${hookId}`, '/api/webhooks/{id}', 204);
    await call('DELETE', `/api/videos/${id}`, '/api/videos/{id}', 204);
  });

  it('admin answers conform', async () => {
    const operator = await adminClient(pipeline);
    const call = (method: string, path: string, template: string, status: number, body?: unknown) =>
      conforms(admin, operator, { method, path, template, status, body });
    await call('GET', '/api/admin/users?limit=5', '/api/admin/users', 200);
    await call('GET', '/api/admin/videos?status=UPLOADED', '/api/admin/videos', 200);
    await call('GET', '/api/admin/stats', '/api/admin/stats', 200);
    await call('GET', '/api/admin/dlq', '/api/admin/dlq', 200);
    await call('POST', '/api/admin/dlq/redrive', '/api/admin/dlq/redrive', 200, { all: true });
    await call('GET', '/api/admin/cluster', '/api/admin/cluster', 503);
    const user = await newUser(pipeline);
    await conforms(admin, new ApiClient(pipeline.admin.url, user.token), {
      method: 'GET',
      path: '/api/admin/stats',
      template: '/api/admin/stats',
      status: 403,
    });
  });
});
