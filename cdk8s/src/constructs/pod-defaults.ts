import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import type { ImageSettings } from '../settings.ts';

/** The images run as this numeric user (a named USER cannot be checked by `runAsNonRoot`). */
export const APP_UID = 1000;

/** Fargate rules: non-root, read-only root filesystem, no privilege escalation, no capabilities. */
export const containerSecurity: kplus.ContainerSecurityContextProps = {
  ensureNonRoot: true,
  readOnlyRootFilesystem: true,
  privileged: false,
  allowPrivilegeEscalation: false,
  user: APP_UID,
  group: APP_UID,
  capabilities: { drop: [kplus.Capability.ALL] },
  seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
};

export const podSecurity: kplus.PodSecurityContextProps = {
  ensureNonRoot: true,
  user: APP_UID,
  group: APP_UID,
  fsGroup: APP_UID,
  fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
};

export function imageRef(image: ImageSettings): string {
  return `${image.repository}:${image.tag}`;
}

export interface Quantities {
  readonly cpu: string;
  readonly memory: string;
  readonly ephemeralStorage?: string;
}

/**
 * Requests = limits, as plain Kubernetes quantities. They are operator-facing strings (`500m`,
 * `1Gi`), which cdk8s-plus's numeric Cpu/Size types cannot carry into the Helm chart, so they are
 * written with a JSON patch on the container instead. The patch holds `Quantity` objects because
 * the generated KubeDeployment serialises its props after patches are applied.
 */
export function setResources(workload: kplus.Deployment, container: number, q: Quantities): void {
  const amounts: Record<string, k8s.Quantity> = {
    cpu: k8s.Quantity.fromString(q.cpu),
    memory: k8s.Quantity.fromString(q.memory),
  };
  if (q.ephemeralStorage !== undefined) {
    amounts['ephemeral-storage'] = k8s.Quantity.fromString(q.ephemeralStorage);
  }
  ApiObject.of(workload).addJsonPatch(
    JsonPatch.add(`/spec/template/spec/containers/${container}/resources`, {
      requests: amounts,
      limits: amounts,
    }),
  );
}

/** Sets the size limit of an `emptyDir` volume, a quantity string like the resources above. */
export function setEmptyDirLimit(workload: kplus.Deployment, volume: number, limit: string): void {
  ApiObject.of(workload).addJsonPatch(
    JsonPatch.add(
      `/spec/template/spec/volumes/${volume}/emptyDir/sizeLimit`,
      k8s.Quantity.fromString(limit),
    ),
  );
}

/**
 * cdk8s-plus labels every pod template with `cdk8s.io/metadata.addr` (a hash of the construct
 * path). Selectors here use the app.kubernetes.io labels, so the label only adds noise: it names
 * the chart, not the release.
 */
export function dropAddressLabel(workload: kplus.Deployment): void {
  ApiObject.of(workload).addJsonPatch(
    JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'),
  );
}

/** A read-only root filesystem still needs a writable /tmp (os.tmpdir()). */
export function mountTmp(scope: kplus.Deployment, container: kplus.Container): void {
  container.mount('/tmp', kplus.Volume.fromEmptyDir(scope, 'tmp', 'tmp'));
}

/** Rolling updates that never drop below the current capacity. */
export const rollingUpdate = kplus.DeploymentStrategy.rollingUpdate({
  maxSurge: kplus.PercentOrAbsolute.absolute(1),
  maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
});
