import type { z } from 'zod';
import { valuesModel } from './settings-schema.ts';
import { APP_VERSION } from './settings/fields.ts';
import type { POD_EXTRA_KEYS } from './settings/workloads.ts';

/**
 * The one typed settings object behind every manifest. `npm run synth` renders the defaults (and
 * the EKS and kind overrides in environments.ts); the Helm chart is generated from the same
 * constructs, with every field below `release` turned into a value of the same path. The fields,
 * their defaults and their schema are defined once, in the zod model of settings-schema.ts: the
 * type below, `defaultSettings` and values.schema.json all come from it. Ports, paths and metric
 * names are not settings: they are the services' contract and live as constants in the constructs.
 */
export type Values = z.output<typeof valuesModel>;

export type Settings = {
  /** Where the objects go. In the chart these are `.Release.*` / `.Chart.*`, never values. */
  readonly release: ReleaseSettings;
} & Values;

export interface ReleaseSettings {
  /** The release name: `app.kubernetes.io/instance`. Default `videoforge`. */
  readonly name: string;
  /**
   * Prefix of every object name, derived like Helm charts do (`releaseNames`): the
   * fullnameOverride, else the release name when it contains the chart name, else
   * `<release>-<chart>`. Default `videoforge`.
   */
  readonly fullname: string;
  /** `app.kubernetes.io/name`: the chart name, or nameOverride. Default `videoforge`. */
  readonly chartName: string;
  /** `helm.sh/chart`: `<chart>-<chart version>`. */
  readonly chart: string;
  /** Default `videoforge`. */
  readonly namespace: string;
  /** `app.kubernetes.io/managed-by`: `cdk8s` for `npm run synth`, `Helm` in the chart. */
  readonly managedBy: string;
  /** `app.kubernetes.io/version`; the root package.json version. */
  readonly appVersion: string;
}

export type ImageSettings = Values['api']['image'];
/** Requests and limits are the same number: on Fargate the pod size is what the pod requests. */
export type ResourceSettings = Values['api']['resources'];
export type HttpAutoscaling = Values['admin']['autoscaling'];
export type HttpShutdownSettings = Values['http'];
export type IngressSettings = Values['ingress'];
/** The escape hatches every workload takes (extraEnv, podLabels, tolerations, …). */
export type PodExtras = Pick<Values['api'], (typeof POD_EXTRA_KEYS)[number]>;

/** A Kubernetes object fragment passed through as it is (env entries, tolerations, …). */
export type KubeObject = { readonly [key: string]: unknown };

const appVersion = APP_VERSION;

/** The chart's name: `app.kubernetes.io/name` and, with the release, the object-name prefix. */
export const CHART_NAME = 'videoforge';

export const defaultSettings: Settings = {
  release: {
    name: 'videoforge',
    fullname: 'videoforge',
    chartName: CHART_NAME,
    chart: `${CHART_NAME}-${appVersion}`,
    namespace: 'videoforge',
    managedBy: 'cdk8s',
    appVersion,
  },
  // Every field's default, from the model.
  ...valuesModel.parse({}),
};

/**
 * The release's derived names, as the chart's `videoforge.name` / `videoforge.fullname` helpers
 * compute them (Helm's own `helm create` convention): names are cut to 63 characters.
 */
export function withReleaseNames(settings: Settings): Settings {
  const cut = (name: string) => name.slice(0, 63).replace(/-+$/, '');
  const chartName = cut(settings.nameOverride || CHART_NAME);
  const { name } = settings.release;
  const fullname = settings.fullnameOverride
    ? cut(settings.fullnameOverride)
    : cut(name.includes(chartName) ? name : `${name}-${chartName}`);
  return { ...settings, release: { ...settings.release, chartName, fullname } };
}

/** The part of the settings Helm values cover: everything but `release`. */
export function valuesOf(settings: Settings): Values {
  const { release: _release, ...values } = settings;
  return values;
}

export type DeepPartial<T> = {
  readonly [K in keyof T]?: T[K] extends readonly unknown[]
    ? T[K]
    : T[K] extends object
      ? DeepPartial<T[K]>
      : T[K];
};

/** `base` with `overrides` laid over it, key by key (what Helm does with `-f values.yaml`). */
export function mergeSettings<T extends object>(base: T, overrides: DeepPartial<T>): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides)) {
    const current = out[key];
    out[key] =
      isPlainObject(value) && isPlainObject(current) ? mergeSettings(current, value) : value;
  }
  return out as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
