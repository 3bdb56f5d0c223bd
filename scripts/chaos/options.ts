import { parseArgs } from 'node:util';

export interface ChaosOptions {
  /** Clips to upload. */
  uploads: number;
  /** Worker processes (each its own health port). */
  workers: number;
  /** A worker is SIGKILLed this often, seconds. */
  killEverySeconds: number;
  /** Kill a worker that is running a job when there is one, instead of any worker. */
  preferBusy: boolean;
  /** One upload starts this often, seconds (0: all at once). */
  uploadEverySeconds: number;
  /** The S3/SQS emulator is restarted this long after the first upload, seconds. */
  restartAtSeconds: number;
  /** How long it stays down, seconds. */
  downSeconds: number;
  /** Gives up waiting for uploads to settle this long after the first upload, seconds. */
  deadlineSeconds: number;
}

const USAGE = `npm run chaos -- [options]
  --uploads N        clips to upload, 2-5 s each (default 30)
  --workers W        worker processes, 1-8 (default 3)
  --kill-every K     SIGKILL a random worker every K seconds (default 15)
  --prefer-busy      pick the victim among workers running a job, when any is
  --upload-every S   start one upload every S seconds (default 1)
  --restart-at T     restart the S3/SQS emulator T seconds after the first upload (default 25)
  --down D           keep it down for D seconds (default 2)
  --deadline SECS    stop waiting this long after the first upload (default 600)`;

export function parseChaosOptions(argv: readonly string[]): ChaosOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      uploads: { type: 'string', default: '30' },
      workers: { type: 'string', default: '3' },
      'kill-every': { type: 'string', default: '15' },
      'prefer-busy': { type: 'boolean', default: false },
      'upload-every': { type: 'string', default: '1' },
      'restart-at': { type: 'string', default: '25' },
      down: { type: 'string', default: '2' },
      deadline: { type: 'string', default: '600' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name: keyof typeof values, min: number, max: number): number => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new Error(`--${name} must be a number from ${min} to ${max}\n\n${USAGE}`);
    }
    return value;
  };
  return {
    uploads: Math.round(number('uploads', 1, 1000)),
    workers: Math.round(number('workers', 1, 8)),
    killEverySeconds: number('kill-every', 1, 3600),
    preferBusy: values['prefer-busy'],
    uploadEverySeconds: number('upload-every', 0, 3600),
    restartAtSeconds: number('restart-at', 0, 86_400),
    downSeconds: number('down', 0, 600),
    deadlineSeconds: number('deadline', 10, 86_400),
  };
}
