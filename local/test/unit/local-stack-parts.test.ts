import { describe, expect, it } from 'vitest';
import { loadAdminConfig } from '@videoforge/admin';
import { loadApiConfig } from '@videoforge/api';
import { createLogger } from '@videoforge/platform';
import { startMemcached } from '../../src/emulators/memcached.ts';
import { buildServiceEnv } from '../../src/env.ts';
import { ChildRegistry } from '../../src/stale-children.ts';

describe('buildServiceEnv', () => {
  const input = {
    region: 'us-east-1',
    endpoints: {
      aws: 'http://127.0.0.1:1',
      dynamodb: 'http://127.0.0.1:2',
      cognito: 'http://127.0.0.1:3',
    },
    bucket: 'b',
    table: 't',
    queues: {
      jobsQueueUrl: 'http://127.0.0.1:1/000000000000/jobs',
      dlqUrl: 'http://127.0.0.1:1/000000000000/dlq',
    },
    userPool: { userPoolId: 'local_1', clientId: 'c' },
    issuer: 'http://127.0.0.1:3/local_1',
  };

  it('sets MEMCACHED_SERVERS only when memcached runs', () => {
    expect(buildServiceEnv({ ...input, memcached: undefined })).not.toHaveProperty(
      'MEMCACHED_SERVERS',
    );
    expect(buildServiceEnv({ ...input, memcached: '127.0.0.1:4' }).MEMCACHED_SERVERS).toBe(
      '127.0.0.1:4',
    );
  });

  it('turns local mode on, which the api and admin accept with the local-only switches', () => {
    const env = buildServiceEnv({ ...input, memcached: undefined });
    expect(env.LOCAL_MODE).toBe('true');
    const api = loadApiConfig(env);
    expect(api.cognito.autoConfirm).toBe(true);
    expect(api.tokens).toMatchObject({ kind: 'jwks', issuer: input.issuer });
    expect(loadAdminConfig(env, '/nonexistent').tokens).toMatchObject({ kind: 'jwks' });
    expect(() => loadApiConfig({ ...env, LOCAL_MODE: 'false' })).toThrow(/local-only/);
  });
});

describe('startMemcached', () => {
  it('turns the cache off with a clear warning when memcached is not on PATH', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger('t', 'info', {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    const server = await startMemcached({
      port: 0,
      searchPath: '',
      logger,
      registry: new ChildRegistry('/nonexistent'),
    });
    expect(server).toBeUndefined();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'memcached not found on PATH: cache off (install: apt-get install memcached)',
      }),
    ]);
  });

  it('fails clearly for an explicit path that is not an executable', async () => {
    const logger = createLogger('t', 'silent');
    const start = startMemcached({
      port: 0,
      binary: '/nonexistent/memcached',
      logger,
      registry: new ChildRegistry('/nonexistent'),
    });
    await expect(start).rejects.toThrow(
      'memcached not found or not executable at /nonexistent/memcached',
    );
  });
});
