import type { ReleaseSettings } from './settings.ts';

/** The project's name in `app.kubernetes.io/part-of` and in default resource names. */
export const PART_OF = 'videoforge';

/** Labels that identify one component's pods: stable for the life of a release (selectors are immutable). */
export function selectorLabels(
  release: ReleaseSettings,
  component: string,
): Record<string, string> {
  return {
    'app.kubernetes.io/name': component,
    'app.kubernetes.io/instance': release.name,
  };
}

/** The recommended `app.kubernetes.io/*` labels of every object of a component. */
export function componentLabels(
  release: ReleaseSettings,
  component: string,
): Record<string, string> {
  return {
    ...selectorLabels(release, component),
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': PART_OF,
    'app.kubernetes.io/version': release.appVersion,
    'app.kubernetes.io/managed-by': release.managedBy,
  };
}

/** `<release>-<suffix>`, the name of every object of the release. */
export function resourceName(release: ReleaseSettings, suffix: string): string {
  return `${release.name}-${suffix}`;
}
