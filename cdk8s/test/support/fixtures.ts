import { Testing } from 'cdk8s';
import { buildChart, type BuildOptions } from '../../src/app.ts';
import { settingsFor } from '../../src/outputs.ts';
import type { Settings } from '../../src/settings.ts';
import type { K8sObject } from './objects.ts';

export type EnvironmentName = Parameters<typeof settingsFor>[0];
export const ENVIRONMENTS: readonly EnvironmentName[] = ['default', 'eks', 'kind', 'localstack'];

/** The manifests of an environment, as `Testing.synth` returns them. */
export function synthEnv(
  env: EnvironmentName,
  options: Omit<BuildOptions, 'forHelm'> = {},
  release?: Partial<Settings['release']>,
): K8sObject[] {
  return Testing.synth(buildChart(settingsFor(env, release), options)) as K8sObject[];
}

export function synthSettings(
  settings: Settings,
  options: Omit<BuildOptions, 'forHelm'> = {},
): K8sObject[] {
  return Testing.synth(buildChart(settings, options)) as K8sObject[];
}

/** The container's env as a plain map (literal values only; fieldRefs are resolved by the caller). */
export function containerEnv(deployment: K8sObject): Record<string, string> {
  const container = deployment.spec.template.spec.containers[0];
  return Object.fromEntries(
    (container.env ?? [])
      .filter((e: K8sObject) => e.value !== undefined)
      .map((e: K8sObject) => [e.name, e.value]),
  );
}

/**
 * The settings of an install with the example AWS stack's values (environments.ts EXAMPLE_STACK):
 * the chart defaults leave every account-specific value empty.
 */
export const exampleSettings: Settings = settingsFor('default');
