import { constants } from 'node:fs';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@videoforge/platform';
import { spawnChild, waitForChild, type ManagedChild } from '../child-process.ts';
import { LOOPBACK, choosePort, httpOk, waitUntil } from '../net.ts';

const OBSERVABILITY = fileURLToPath(new URL('../../../observability/', import.meta.url));
/** The alert rules the chart ships as a PrometheusRule, and that `--observe` and the tests load. */
export const ALERT_RULES_FILE = path.join(OBSERVABILITY, 'alerts', 'videoforge.rules.yml');
/** Grafana dashboards (one JSON file each) that the chart ships as ConfigMaps. */
export const DASHBOARDS_DIR = path.join(OBSERVABILITY, 'dashboards');

export interface ScrapeTarget {
  /** The `job` label of its series. */
  job: string;
  /** `host:port` serving `/metrics`. */
  address: string;
}

export interface PrometheusOptions {
  /** 0 picks a free port. */
  port: number;
  /** Its config and TSDB live here; wiped first, so every start is fresh. */
  dataDir: string;
  targets: readonly ScrapeTarget[];
  /** Default: the repository's alert rules. */
  ruleFiles?: readonly string[];
  /** Scrape and rule-evaluation interval. Default `5s`. */
  interval?: string;
  /** Default: `prometheus` on the PATH of this process. */
  binary?: string;
  logger: Logger;
}

export type LocalPrometheus = ManagedChild & {
  /** Base URL of its web UI and HTTP API. */
  readonly url: string;
  readonly port: number;
};

const READY_TIMEOUT_MS = 30_000;

/** The scrape configuration, as JSON (which Prometheus reads as YAML). */
export function prometheusConfig(
  options: Pick<PrometheusOptions, 'targets' | 'ruleFiles' | 'interval'>,
) {
  const interval = options.interval ?? '5s';
  return {
    global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
    rule_files: [...(options.ruleFiles ?? [ALERT_RULES_FILE])],
    // One job per service, however many processes run it (`LOCAL_TRANSCODERS`).
    scrape_configs: [...Map.groupBy(options.targets, (target) => target.job)].map(
      ([job, targets]) => ({
        job_name: job,
        // The services label their own series with `service`; in the cluster the ServiceMonitors
        // must honour it too, so dashboards and alerts read the same labels everywhere.
        honor_labels: true,
        static_configs: [{ targets: targets.map((target) => target.address) }],
      }),
    ),
  };
}

/** A real Prometheus on the loopback, scraping the given targets and evaluating the alert rules. */
export async function startPrometheus(options: PrometheusOptions): Promise<LocalPrometheus> {
  const binary = options.binary ?? (await findOnPath('prometheus'));
  const port = await choosePort(options.port, 'prometheus');
  await rm(options.dataDir, { recursive: true, force: true });
  await mkdir(path.join(options.dataDir, 'tsdb'), { recursive: true });
  const configFile = path.join(options.dataDir, 'prometheus.yml');
  await writeFile(configFile, JSON.stringify(prometheusConfig(options), null, 2));

  const child = spawnChild({
    command: binary,
    args: [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(options.dataDir, 'tsdb')}`,
      `--web.listen-address=${LOOPBACK}:${port}`,
      // Local data is thrown away at the next start anyway.
      '--storage.tsdb.retention.time=1d',
      // Prometheus logs to stderr, which is shown as warnings: keep it to real ones.
      '--log.level=warn',
    ],
    logger: options.logger,
  });
  const url = `http://${LOOPBACK}:${port}`;
  try {
    const ready = waitUntil(() => httpOk(`${url}/-/ready`), {
      timeoutMs: READY_TIMEOUT_MS,
      intervalMs: 100,
      description: 'prometheus',
    });
    await waitForChild('prometheus', child, ready);
  } catch (error) {
    await child.stop();
    throw error;
  }
  options.logger.info({ address: url, targets: options.targets.length }, 'prometheus listening');
  return { ...child, url, port };
}

async function findOnPath(name: string): Promise<string> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(`${name} not found on PATH: install it with \`apt-get install prometheus\``);
}
