import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type V1Deployment,
  type V1Pod,
} from '@kubernetes/client-node';
import {
  ClusterUnavailableError,
  type ClusterInspector,
  type ClusterSnapshot,
  type DeploymentState,
  type PodState,
  type ScaledObjectState,
} from '@videoforge/core';
import { SCALED_OBJECTS } from './rbac.ts';

export interface KubernetesInspectorOptions {
  namespace: string;
  /** Label selector of the transcoder's pods. */
  transcoderSelector: string;
  /** Per Kubernetes API call. Default 5 s. */
  timeoutMs?: number;
}

/**
 * The cluster view over the Kubernetes API: three list calls in one namespace, nothing else (see
 * CLUSTER_RBAC_RULES). Any failure becomes a 503 that says what could not be read and why.
 */
export class KubernetesClusterInspector implements ClusterInspector {
  private readonly apps: AppsV1Api;
  private readonly core: CoreV1Api;
  private readonly custom: CustomObjectsApi;
  private readonly server: string;
  private readonly options: Required<KubernetesInspectorOptions>;

  constructor(kubeConfig: KubeConfig, options: KubernetesInspectorOptions) {
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
    this.server = kubeConfig.getCurrentCluster()?.server ?? 'the Kubernetes API';
    this.options = { timeoutMs: 5_000, ...options };
  }

  /** In a pod: the service account's token and CA, the API server from the kubelet's env. */
  static inCluster(options: KubernetesInspectorOptions): KubernetesClusterInspector {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromCluster();
    return new KubernetesClusterInspector(kubeConfig, options);
  }

  async snapshot(): Promise<ClusterSnapshot> {
    const { namespace, transcoderSelector } = this.options;
    const [deployments, pods, scaledObjects] = await Promise.all([
      this.read('deployments (apps)', () => this.apps.listNamespacedDeployment({ namespace })),
      this.read('pods', () =>
        this.core.listNamespacedPod({ namespace, labelSelector: transcoderSelector }),
      ),
      this.readScaledObjects(),
    ]);
    return {
      namespace,
      deployments: deployments.items.map(toDeployment),
      transcoderPods: pods.items.map(toPod),
      scaledObjects: scaledObjects.items.map(toScaledObject),
      ...(scaledObjects.warning ? { warnings: [scaledObjects.warning] } : {}),
      readAt: new Date().toISOString(),
    };
  }

  /** Without KEDA the resource does not exist (404): the view still shows the rest, with a warning. */
  private async readScaledObjects(): Promise<{ items: unknown[]; warning?: string }> {
    const { namespace } = this.options;
    try {
      const list = (await this.withTimeout(
        this.custom.listNamespacedCustomObject({ ...SCALED_OBJECTS, namespace }),
      )) as { items?: unknown[] };
      return { items: Array.isArray(list.items) ? list.items : [] };
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) {
        return {
          items: [],
          warning: 'the cluster serves no keda.sh/v1alpha1 ScaledObjects: is KEDA installed?',
        };
      }
      throw this.unavailable('scaledobjects (keda.sh)', error);
    }
  }

  private async read<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await this.withTimeout(run());
    } catch (error) {
      throw this.unavailable(what, error);
    }
  }

  private unavailable(what: string, error: unknown): ClusterUnavailableError {
    const { namespace } = this.options;
    if (error instanceof ApiException) {
      const hint =
        error.code === 401 || error.code === 403
          ? ': the admin service account needs the read-only RBAC rules listed in docs/api.md'
          : '';
      return new ClusterUnavailableError(
        `the Kubernetes API answered ${error.code} when listing ${what} in namespace ${namespace}${hint}`,
        error,
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new ClusterUnavailableError(
      `could not list ${what} in namespace ${namespace} from ${this.server}: ${reason}`,
      error,
    );
  }

  private async withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Outside a cluster there is nothing to inspect; every call says so. */
export class NoCluster implements ClusterInspector {
  private readonly reason: string;

  constructor(reason: string) {
    this.reason = reason;
  }

  snapshot(): Promise<ClusterSnapshot> {
    return Promise.reject(new ClusterUnavailableError(this.reason));
  }
}

function toDeployment(d: V1Deployment): DeploymentState {
  return {
    name: d.metadata?.name ?? '',
    desiredReplicas: d.spec?.replicas ?? 0,
    readyReplicas: d.status?.readyReplicas ?? 0,
    availableReplicas: d.status?.availableReplicas ?? 0,
    updatedReplicas: d.status?.updatedReplicas ?? 0,
  };
}

function toPod(p: V1Pod): PodState {
  const containers = p.status?.containerStatuses ?? [];
  return {
    name: p.metadata?.name ?? '',
    phase: p.status?.phase ?? 'Unknown',
    ready: p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    restarts: containers.reduce((sum, c) => sum + (c.restartCount ?? 0), 0),
    startedAt: toIso(p.status?.startTime),
    nodeName: p.spec?.nodeName,
  };
}

interface ScaledObjectResource {
  metadata?: { name?: string; annotations?: Record<string, string> };
  spec?: {
    scaleTargetRef?: { kind?: string; name?: string };
    minReplicaCount?: number;
    maxReplicaCount?: number;
    triggers?: Array<{ type?: string }>;
  };
  status?: {
    conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }>;
  };
}

function toScaledObject(raw: unknown): ScaledObjectState {
  const so = (typeof raw === 'object' && raw !== null ? raw : {}) as ScaledObjectResource;
  const conditions = (so.status?.conditions ?? []).map((c) => ({
    type: c.type ?? '',
    status: c.status ?? 'Unknown',
    reason: c.reason || undefined,
    message: c.message || undefined,
  }));
  const condition = (type: string): boolean | undefined => {
    const status = conditions.find((c) => c.type === type)?.status;
    return status === 'True' ? true : status === 'False' ? false : undefined;
  };
  const target = so.spec?.scaleTargetRef;
  const annotations = so.metadata?.annotations ?? {};
  return {
    name: so.metadata?.name ?? '',
    target: target?.name ? `${target.kind ?? 'Deployment'}/${target.name}` : undefined,
    // KEDA's defaults when the spec leaves them out.
    minReplicas: so.spec?.minReplicaCount ?? 0,
    maxReplicas: so.spec?.maxReplicaCount ?? 100,
    ready: condition('Ready'),
    active: condition('Active'),
    paused:
      condition('Paused') === true ||
      'autoscaling.keda.sh/paused' in annotations ||
      'autoscaling.keda.sh/paused-replicas' in annotations,
    triggers: (so.spec?.triggers ?? []).map((t) => t.type ?? 'unknown'),
    conditions,
  };
}

function toIso(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
