import { pollUntil } from '@videoforge/testkit';

export interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** Prometheus' HTTP API, as Grafana and people use it. */
export class PrometheusApi {
  readonly url: string;

  constructor(url: string) {
    this.url = url;
  }

  private async get<T>(path: string, params: Record<string, string> = {}): Promise<T> {
    const response = await fetch(`${this.url}${path}?${new URLSearchParams(params).toString()}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${path}: ${body.error ?? response.status}`);
    return body.data;
  }

  /** An instant query; rejects with Prometheus' own message when the query is not valid PromQL. */
  async query(expr: string): Promise<VectorSample[]> {
    const data = await this.get<{ resultType: string; result: unknown }>('/api/v1/query', {
      query: expr,
    });
    if (data.resultType === 'scalar') {
      return [{ metric: {}, value: data.result as [number, string] }];
    }
    if (data.resultType !== 'vector') throw new Error(`unexpected ${data.resultType} for ${expr}`);
    return data.result as VectorSample[];
  }

  labelValues(label: string, match: string): Promise<string[]> {
    return this.get<string[]>(`/api/v1/label/${encodeURIComponent(label)}/values`, {
      'match[]': match,
    });
  }

  rules() {
    return this.get<{ groups: RuleGroupState[] }>('/api/v1/rules');
  }

  /** Waits until Prometheus has scraped every job at least once, successfully. */
  async waitForTargets(jobs: readonly string[], timeoutMs = 30_000): Promise<void> {
    await pollUntil(
      () => this.query('up == 1'),
      (up) => jobs.every((job) => up.some((s) => s.metric.job === job)),
      { timeoutMs, intervalMs: 250 },
    );
  }

  /** Waits until `expr` returns a sample whose value passes `ok`. */
  async waitFor(expr: string, ok: (value: number) => boolean, timeoutMs = 30_000): Promise<void> {
    await pollUntil(
      () => this.query(expr),
      (result) => result.some((s) => ok(Number(s.value[1]))),
      { timeoutMs, intervalMs: 250 },
    );
  }
}

export interface RuleGroupState {
  name: string;
  file: string;
  rules: {
    type: 'alerting' | 'recording';
    name: string;
    query: string;
    state?: 'inactive' | 'pending' | 'firing';
    health: string;
    lastError?: string;
  }[];
}

/** A value Grafana can draw (NaN comes out of histogram_quantile over no observations). */
export function isFiniteSample(sample: VectorSample): boolean {
  return Number.isFinite(Number(sample.value[1]));
}
