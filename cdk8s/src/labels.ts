import type { ReleaseSettings } from './settings.ts';

/** The project's name in `app.kubernetes.io/part-of`. */
export const PART_OF = 'videoforge';

/**
 * Labels that identify one component's pods: stable for the life of a release (selectors are
 * immutable). Helm's convention: the chart name, the release and the component.
 */
export function selectorLabels(
  release: ReleaseSettings,
  component: string,
): Record<string, string> {
  return {
    'app.kubernetes.io/name': release.chartName,
    'app.kubernetes.io/instance': release.name,
    'app.kubernetes.io/component': component,
  };
}

/** Helm's standard labels (and `app.kubernetes.io/part-of`) on every object of a component. */
export function componentLabels(
  release: ReleaseSettings,
  component: string,
): Record<string, string> {
  return {
    'helm.sh/chart': release.chart,
    ...selectorLabels(release, component),
    'app.kubernetes.io/part-of': PART_OF,
    'app.kubernetes.io/version': release.appVersion,
    'app.kubernetes.io/managed-by': release.managedBy,
  };
}

/** `<fullname>-<suffix>`, the name of every object of the release. */
export function resourceName(release: ReleaseSettings, suffix: string): string {
  return `${release.fullname}-${suffix}`;
}
