import { stripVTControlCharacters } from 'node:util';
import { PINO_LEVELS, type LogLevel, type LogLine } from '../child-process.ts';

/** One pino record of cognito-local, as cognito-launcher.ts prints it: a JSON line. */
interface CognitoRecord {
  level: LogLevel;
  msg: string;
  reqId?: string;
  /** The user pool operation being served: ForgotPassword, SignUp, … */
  target?: string;
  errorMessage?: string;
}

export interface CodeDelivery {
  /** The user pool operation that sent it: ForgotPassword, SignUp, … */
  target: string;
  destination: string;
  code: string;
}

/** `[reqId target] message`, the box of a code delivery flattened onto the one line. */
export function parseCognitoLine(line: string): LogLine {
  const record = readRecord(line);
  if (!record) return { level: 'info', msg: line };
  const message = isBox(record.msg) ? unbox(record.msg).join('; ') : record.msg;
  const error =
    record.errorMessage && !message.includes(record.errorMessage) ? `: ${record.errorMessage}` : '';
  const msg = [record.reqId, record.target, message + error].filter(Boolean).join(' ');
  return { level: record.level, msg };
}

/**
 * cognito-local "delivers" a code by logging a box (one record, so one line here):
 * `╭───╮`, `│ Confirmation Code Delivery │`, `│ Destination: a@b.c │`, `│ Code: 123456 │`, `╰───╯`.
 */
export function readCodeDelivery(line: string): CodeDelivery | undefined {
  const record = readRecord(line);
  if (!record?.target || !isBox(record.msg)) return undefined;
  const fields = new Map<string, string>();
  for (const row of unbox(record.msg)) {
    const field = /^([A-Za-z ]+):\s+(\S.*)$/.exec(row);
    if (field?.[1] && field[2]) fields.set(field[1], field[2]);
  }
  const destination = fields.get('Destination');
  const code = fields.get('Code');
  return destination && code ? { target: record.target, destination, code } : undefined;
}

function readRecord(line: string): CognitoRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const fields = parsed as Record<string, unknown>;
  return {
    level: PINO_LEVELS[Number(fields.level)] ?? 'info',
    msg: typeof fields.msg === 'string' ? stripVTControlCharacters(fields.msg) : '',
    reqId: optionalString(fields.reqId),
    target: optionalString(fields.target),
    errorMessage: optionalString((fields.err as Record<string, unknown> | undefined)?.message),
  };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function isBox(msg: string): boolean {
  return msg.startsWith('╭') && msg.includes('Confirmation Code Delivery');
}

/** The box's text rows, without its borders, padding, alignment and blank rows. */
function unbox(msg: string): string[] {
  return msg
    .split('\n')
    .filter((row) => row.startsWith('│'))
    .map((row) => row.replace(/^│|│$/g, '').replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}
