import { describe, expect, it } from 'vitest';
import { ConfigError, env, parseEnv } from '../../src/index.ts';

const shape = { PORT: env.port(8080), TABLE: env.string(), DEBUG: env.bool(false), URL: env.url() };

describe('parseEnv', () => {
  it('applies defaults and coerces types', () => {
    expect(parseEnv('svc', shape, { TABLE: 't', URL: 'http://x' })).toEqual({
      PORT: 8080,
      TABLE: 't',
      DEBUG: false,
      URL: 'http://x',
    });
    expect(
      parseEnv('svc', shape, { TABLE: 't', URL: 'http://x', PORT: '9000', DEBUG: 'true' }),
    ).toMatchObject({
      PORT: 9000,
      DEBUG: true,
    });
  });

  it('reports every missing or bad variable at once, each by name', () => {
    let error: unknown;
    try {
      parseEnv('svc', shape, { PORT: 'eighty', URL: 'not a url', TABLE: '' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT="eighty" is invalid/);
    expect(problems.join('\n')).toMatch(/TABLE is required/);
    expect(problems.join('\n')).toMatch(/URL="not a url" is invalid/);
    expect((error as Error).message).toMatch(/^svc: invalid configuration/);
  });
});
