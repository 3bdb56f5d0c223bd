import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCognitoEmulator, type CognitoEmulator } from '../../src/emulators/cognito.ts';
import { provisionUserPool, type UserPool } from '../../src/provision/user-pool.ts';
import { ChildRegistry, reapStaleChildren } from '../../src/stale-children.ts';
import { LogCapture, makeTempDir, removeDir, testLogger } from './helpers.ts';

const EMAIL = 'forgetful@example.com';
const PASSWORD = 'First-Passw0rd!-long';
const NEW_PASSWORD = 'Second-Passw0rd!-long';
const RESETS = 5;
/** A delivery must reach the log on its own, well before anything else would make the emulator write. */
const ARRIVES_WITHIN_MS = 1_000;

/** The emulator alone, as `npm start` runs it: its code deliveries are read from its output. */
describe('cognito-local code deliveries', () => {
  const log = new LogCapture();
  let dataDir: string;
  let emulator: CognitoEmulator;
  let cognito: CognitoIdentityProviderClient;
  let pool: UserPool;

  beforeAll(async () => {
    dataDir = await makeTempDir();
    emulator = await startCognitoEmulator({
      port: 0,
      dataDir: path.join(dataDir, 'cognito'),
      logger: log.logger.child({ component: 'cognito' }),
      registry: new ChildRegistry(dataDir),
    });
    cognito = new CognitoIdentityProviderClient({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    pool = await provisionUserPool(cognito, { adminEmail: EMAIL, adminPassword: PASSWORD });
  });
  afterAll(async () => {
    cognito?.destroy();
    await emulator?.stop();
    if (dataDir) await removeDir(dataDir);
  });

  const resetCodes = () =>
    log.lines.filter((l) => l.component === 'cognito' && l.email === EMAIL && l.passwordResetCode);

  it(`logs each of ${RESETS} reset codes at once, with no request after it`, async () => {
    const delays: number[] = [];
    for (let i = 1; i <= RESETS; i++) {
      await cognito.send(new ForgotPasswordCommand({ ClientId: pool.clientId, Username: EMAIL }));
      const answered = Date.now();
      await expect
        .poll(() => resetCodes().length, { timeout: ARRIVES_WITHIN_MS, interval: 5 })
        .toBe(i);
      delays.push(Date.now() - answered);
    }
    const codes = resetCodes().map((l) => String(l.passwordResetCode));
    expect(codes).toHaveLength(RESETS);
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(resetCodes().map((l) => l.msg)).toEqual(
      codes.map((code) => `password reset code for ${EMAIL}: ${code}`),
    );
    expect(Math.max(...delays)).toBeLessThan(ARRIVES_WITHIN_MS);
  });

  it('logs the code the emulator expects: the newest one resets the password', async () => {
    const code = String(resetCodes().at(-1)?.passwordResetCode);
    await cognito.send(
      new ConfirmForgotPasswordCommand({
        ClientId: pool.clientId,
        Username: EMAIL,
        ConfirmationCode: code,
        Password: NEW_PASSWORD,
      }),
    );
    const login = await cognito.send(
      new InitiateAuthCommand({
        ClientId: pool.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: EMAIL, PASSWORD: NEW_PASSWORD },
      }),
    );
    expect(login.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('relays its other records as one readable line each', () => {
    const relayed = log.lines.filter((l) => l.component === 'cognito').map((l) => String(l.msg));
    expect(relayed).toContain(`Cognito Local running on ${emulator.endpoint}`);
    expect(
      relayed.some((msg) =>
        /^\w+ ForgotPassword Confirmation Code Delivery; .*Destination: forgetful@example\.com; Code: \d{6}/.test(
          msg,
        ),
      ),
    ).toBe(true);
    expect(relayed.some((msg) => msg.includes('│') || msg.includes('╭'))).toBe(false);
  });

  it('is recorded so that a leftover emulator is found and ended by the next start', async () => {
    const [entry] = JSON.parse(await readFile(path.join(dataDir, 'children.json'), 'utf8')) as [
      { name: string; pid: number },
    ];
    expect(entry.name).toBe('cognito');
    await reapStaleChildren(dataDir, testLogger());
    await expect(fetch(`${emulator.endpoint}/health`)).rejects.toThrow();
  });
});
