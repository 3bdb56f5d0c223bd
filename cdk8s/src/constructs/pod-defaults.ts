import { createHash } from 'node:crypto';
import { ApiObject, JsonPatch } from 'cdk8s';
import type { IConstruct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { computed } from '../helm/expr.ts';
import type { ImageSettings, KubeObject, PodExtras } from '../settings.ts';

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

/** `repository@digest` when a digest is set, else `repository:tag`. */
export function imageRef(scope: IConstruct, image: ImageSettings): string {
  const { repository, tag, digest } = image;
  return computed(
    scope,
    digest ? `${repository}@${digest}` : `${repository}:${tag}`,
    (s) =>
      `ternary (printf "%s@%s" ${s(repository)} ${s(digest)}) (printf "%s:%s" ${s(repository)} ${s(tag)}) (ne ${s(digest)} "")`,
  );
}

/**
 * A pod annotation value that changes exactly when `data` does: the SHA-256 of its JSON, as Helm's
 * `toJson | sha256sum` writes it (keys sorted, `<`, `>` and `&` escaped like Go's encoder).
 */
export function checksum(scope: IConstruct, data: Readonly<Record<string, string>>): string {
  const keys = Object.keys(data).sort();
  const json = JSON.stringify(Object.fromEntries(keys.map((k) => [k, data[k]])))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return computed(
    scope,
    createHash('sha256').update(json).digest('hex'),
    (s) =>
      `dict ${keys.map((k) => `${JSON.stringify(k)} ${s(data[k] as string)}`).join(' ')} | toJson | sha256sum`,
  );
}

/** The pod template labels: the operator's podLabels, then the chart's (selectors must match). */
export function podLabels(
  extras: PodExtras,
  labels: Record<string, string>,
): Record<string, string> {
  return { ...underChart(extras.podLabels), ...labels };
}

/** The pod template annotations: the operator's podAnnotations, then the chart's checksums. */
export function podAnnotations(
  extras: PodExtras,
  annotations: Record<string, string>,
): Record<string, string> {
  return { ...underChart(extras.podAnnotations), ...annotations };
}

/**
 * An operator map the chart's entries override. For the chart generator its placeholder key says
 * so (`:under`, helm/render.ts): cdk8s sorts keys, which loses the order of a spread.
 */
function underChart(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map).map(([k, v]) => [/^vfhelm\d+z$/.test(k) ? `${k}:under` : k, v]),
  );
}

/**
 * The operator's escape hatches on a workload's pod (first container): scheduling fields and pull
 * secrets as they are, extra env entries and sources after the chart's. Empty ones are left out.
 * They are applied to the serialized object: the typed serializer of KubeDeployment, which runs
 * after JSON patches, would keep only the fields it knows of a value it is handed.
 */
export function applyPodExtras(
  workload: kplus.Deployment,
  extras: PodExtras,
  imagePullSecrets: readonly KubeObject[],
): void {
  const object = ApiObject.of(workload);
  const toJson = object.toJson.bind(object);
  const fields: [string, object][] = [
    ['nodeSelector', extras.nodeSelector],
    ['tolerations', extras.tolerations],
    ['affinity', extras.affinity],
    ['topologySpreadConstraints', extras.topologySpreadConstraints],
    ['imagePullSecrets', imagePullSecrets],
  ];
  object.toJson = () => {
    const json = toJson() as { spec: { template: { spec: Record<string, unknown> } } };
    const pod = json.spec.template.spec;
    for (const [field, value] of fields) {
      if (Object.keys(value).length > 0) pod[field] = structuredClone(value);
    }
    const [container] = pod.containers as { env?: unknown[]; envFrom?: unknown[] }[];
    if (container && extras.extraEnv.length > 0) {
      container.env = [...(container.env ?? []), ...structuredClone(extras.extraEnv)];
    }
    if (container && extras.extraEnvFrom.length > 0) {
      container.envFrom = [...(container.envFrom ?? []), ...structuredClone(extras.extraEnvFrom)];
    }
    return json;
  };
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
