export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export interface BenchRow {
  measure: string;
  result: string;
  goal: string;
  detail: string;
}

export function printTable(title: string, rows: readonly BenchRow[]): void {
  console.log(`\n${title}\n`);
  console.log('| measure | result | goal | detail |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.measure} | ${r.result} | ${r.goal} | ${r.detail} |`);
}

export const seconds = (s: number) => `${s.toFixed(2)} s`;
