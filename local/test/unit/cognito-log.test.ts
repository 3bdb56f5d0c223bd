import { ConsoleMessageSender } from 'cognito-local/lib/services/messageDelivery/consoleMessageSender.js';
import { describe, expect, it } from 'vitest';
import { parseCognitoLine, readCodeDelivery } from '../../src/emulators/cognito-log.ts';

type Sender = ConsoleMessageSender;

/** The record cognito-local's own console sender logs for a delivery, as the launcher prints it. */
async function deliveryLine(target: string, destination: string, code: string): Promise<string> {
  let logged = '';
  const logger = { info: (msg: string) => (logged = msg) };
  await new ConsoleMessageSender().sendEmail(
    { logger } as unknown as Parameters<Sender['sendEmail']>[0],
    { Username: 'f53d8301-e6f6-4113-80fd-9f3b81095eb8' } as Parameters<Sender['sendEmail']>[1],
    destination,
    { __code: code, emailSubject: 'Your code', emailMessage: `Your code is ${code}` },
  );
  return JSON.stringify({
    level: 30,
    time: 1,
    pid: 2,
    hostname: 'vm',
    reqId: 'cba66daa',
    target,
    msg: logged,
  });
}

/** A box as it arrives when colour is forced on (FORCE_COLOR in the parent's environment). */
const COLOURED_BOX = JSON.stringify({
  level: 30,
  reqId: '31e41e55',
  target: 'ForgotPassword',
  msg: [
    '\u001b[33m╭──────────────────────────────╮\u001b[39m',
    '\u001b[33m│\u001b[39m   Confirmation Code Delivery \u001b[33m│\u001b[39m',
    '\u001b[33m│\u001b[39m   Destination: a@example.com \u001b[33m│\u001b[39m',
    '\u001b[33m│\u001b[39m   Code:        686088        \u001b[33m│\u001b[39m',
    '\u001b[33m╰──────────────────────────────╯\u001b[39m',
  ].join('\n'),
});

describe('parseCognitoLine', () => {
  it('maps pino level numbers and keeps the message', () => {
    const line = (level: number) =>
      JSON.stringify({ level, time: 1, pid: 2, hostname: 'vm', msg: 'Cognito Local running on x' });
    expect([10, 20, 30, 40, 50, 60].map((level) => parseCognitoLine(line(level)))).toEqual(
      ['debug', 'debug', 'info', 'warn', 'error', 'error'].map((level) => ({
        level,
        msg: 'Cognito Local running on x',
      })),
    );
  });

  it('prefixes the request id and the operation, and adds the error message', () => {
    const line = JSON.stringify({
      level: 40,
      reqId: 'daf6100a',
      err: { type: 'NotAuthorizedError', message: 'User not authorized', stack: 'Error: …' },
      msg: 'Error handling target: InitiateAuth',
    });
    expect(parseCognitoLine(line)).toEqual({
      level: 'warn',
      msg: 'daf6100a Error handling target: InitiateAuth: User not authorized',
    });
    const failedStart = JSON.stringify({
      level: 50,
      err: { message: 'listen EADDRINUSE' },
      msg: 'listen EADDRINUSE',
    });
    expect(parseCognitoLine(failedStart)).toEqual({ level: 'error', msg: 'listen EADDRINUSE' });
  });

  it('flattens a delivery box onto one line, without borders or colour', async () => {
    const line = await deliveryLine('SignUp', 'a@example.com', '764059');
    expect(parseCognitoLine(line)).toEqual({
      level: 'info',
      msg:
        'cba66daa SignUp Confirmation Code Delivery; ' +
        'Username: f53d8301-e6f6-4113-80fd-9f3b81095eb8; Destination: a@example.com; ' +
        'Code: 764059; Email Subject: Your code; Email Message: Your code is 764059',
    });
    expect(parseCognitoLine(COLOURED_BOX).msg).toBe(
      '31e41e55 ForgotPassword Confirmation Code Delivery; Destination: a@example.com; Code: 686088',
    );
  });

  it('passes a line that is not JSON through as info', () => {
    expect(parseCognitoLine('Debugger attached.')).toEqual({
      level: 'info',
      msg: 'Debugger attached.',
    });
  });
});

describe('readCodeDelivery', () => {
  it('reads the operation, the destination and the code of a delivery record', async () => {
    const long = 'someone.with.a.rather.long.address.indeed@example.com';
    expect(readCodeDelivery(await deliveryLine('ForgotPassword', long, '289718'))).toEqual({
      target: 'ForgotPassword',
      destination: long,
      code: '289718',
    });
    expect(readCodeDelivery(COLOURED_BOX)).toEqual({
      target: 'ForgotPassword',
      destination: 'a@example.com',
      code: '686088',
    });
  });

  it('finds nothing in other records, in a box without a code, or in text', () => {
    const record = (fields: object) => JSON.stringify({ level: 30, ...fields });
    const noCode = '╭─╮\n│ Confirmation Code Delivery │\n│ Destination: a@example.com │\n╰─╯';
    expect(readCodeDelivery(record({ target: 'SignUp', msg: 'start' }))).toBeUndefined();
    expect(readCodeDelivery(record({ target: 'ForgotPassword', msg: noCode }))).toBeUndefined();
    expect(readCodeDelivery('│   Code:        977090   │')).toBeUndefined();
    expect(readCodeDelivery('null')).toBeUndefined();
  });
});
