import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { writeFile, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../src/index.ts';
import { ADMIN_PASSWORD, clientsFor, makeTempDir, removeDir, startTestStack } from './helpers.ts';

const dirs: string[] = [];
const stacks: LocalStack[] = [];

afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.stop()));
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function tempDir(): Promise<string> {
  const dir = await makeTempDir();
  dirs.push(dir);
  return dir;
}

async function start(...args: Parameters<typeof startTestStack>): Promise<LocalStack> {
  const stack = await startTestStack(...args);
  stacks.push(stack);
  return stack;
}

function portOf(address: string): number {
  return Number(address.split(':').at(-1));
}

function portsOf(stack: LocalStack) {
  return {
    aws: portOf(stack.endpoints.aws),
    dynamodb: portOf(stack.endpoints.dynamodb),
    cognito: portOf(stack.endpoints.cognito),
    memcached: portOf(stack.endpoints.memcached ?? ''),
  };
}

/** Binding a port ourselves is the proof that nothing holds it any more. */
function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The fixture prints its endpoints once its stack is ready; it dying first is a failure. */
function firstLine(child: ChildProcessByStdio<null, Readable, null>): Promise<string> {
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fixture exited with ${code}`)));
  });
}

async function adminCanLogIn(stack: LocalStack): Promise<boolean> {
  const { cognito } = clientsFor(stack.env);
  const { AuthenticationResult } = await cognito.send(
    new InitiateAuthCommand({
      ClientId: stack.env.COGNITO_CLIENT_ID,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'admin@videoforge.local', PASSWORD: ADMIN_PASSWORD },
    }),
  );
  return Boolean(AuthenticationResult?.AccessToken);
}

describe('local stack lifecycle', () => {
  it('stops idempotently, frees every port, and starts again on the same dataDir and ports from scratch', async () => {
    const dataDir = await tempDir();
    const first = await start(dataDir);
    const ports = portsOf(first);
    const { s3 } = clientsFor(first.env);
    await s3.send(
      new PutObjectCommand({ Bucket: first.env.S3_BUCKET, Key: 'thumbnails/old.jpg', Body: 'x' }),
    );

    await Promise.all([first.stop(), first.stop()]);
    await first.stop();
    for (const port of Object.values(ports)) expect(await canBind(port)).toBe(true);

    const second = await start(dataDir, { ports });
    expect(portsOf(second)).toEqual(ports);
    const listing = await clientsFor(second.env).s3.send(
      new ListObjectsV2Command({ Bucket: second.env.S3_BUCKET }),
    );
    expect(listing.KeyCount ?? 0).toBe(0);
    expect(await adminCanLogIn(second)).toBe(true);
  });

  it('names the busy port and stops what it already started when a start fails midway', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as net.AddressInfo).port;
    const ports = {
      aws: await freePort(),
      dynamodb: await freePort(),
      cognito: busy,
      memcached: 0,
    };
    try {
      await expect(start(await tempDir(), { ports })).rejects.toThrow(
        `port ${busy} (Cognito emulator) is in use: is another \`npm start\` running?`,
      );
    } finally {
      blocker.close();
    }
    expect(await canBind(ports.aws)).toBe(true);
    expect(await canBind(ports.dynamodb)).toBe(true);
  });

  it('refuses to wipe a directory it did not create', async () => {
    const dataDir = await tempDir();
    await writeFile(path.join(dataDir, 'precious.txt'), 'keep me');
    await expect(start(dataDir)).rejects.toThrow(/refusing to wipe/);
    expect(await readFile(path.join(dataDir, 'precious.txt'), 'utf8')).toBe('keep me');
  });

  it('starts on the same ports after a previous run was SIGKILLed, ending the emulators it left behind', async () => {
    const dataDir = await tempDir();
    const ports = {
      aws: await freePort(),
      dynamodb: await freePort(),
      cognito: await freePort(),
      memcached: await freePort(),
    };
    const fixture = fileURLToPath(new URL('./fixtures/stack-process.ts', import.meta.url));
    const tsx = createRequire(import.meta.url).resolve('tsx');
    const args = ['--import', tsx, fixture, dataDir, ...Object.values(ports).map(String)];
    const crashing = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await firstLine(crashing);
    expect(JSON.parse(line)).toMatchObject({
      cognito: `http://127.0.0.1:${ports.cognito}`,
    });
    crashing.kill('SIGKILL');
    await new Promise((resolve) => crashing.once('exit', resolve));
    expect(await canBind(ports.cognito)).toBe(false);

    const restarted = await start(dataDir, { ports });
    expect(portsOf(restarted)).toEqual(ports);
    expect(await adminCanLogIn(restarted)).toBe(true);
  });
});
