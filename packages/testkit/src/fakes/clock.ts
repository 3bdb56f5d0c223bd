/** A clock that moves only when told: `now` is the `clock` dependency the services take. */
export class ManualClock {
  private at: number;

  constructor(start: string | Date = '2026-11-30T10:00:00.000Z') {
    this.at = new Date(start).getTime();
  }

  readonly now = (): Date => new Date(this.at);

  advance(ms: number): void {
    this.at += ms;
  }
}
