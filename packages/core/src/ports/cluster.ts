import { AppError } from '../errors.ts';

export interface DeploymentState {
  name: string;
  desiredReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  updatedReplicas: number;
}

export interface PodState {
  name: string;
  phase: string;
  ready: boolean;
  restarts: number;
  startedAt?: string;
  nodeName?: string;
}

export interface ScaledObjectState {
  name: string;
  /** The workload it scales, e.g. `Deployment/transcoder`. */
  target?: string;
  minReplicas?: number;
  maxReplicas?: number;
  /** KEDA's Ready condition: the scaler can read its trigger source. Undefined when not reported. */
  ready?: boolean;
  /** KEDA's Active condition: the trigger asks for more than zero replicas. */
  active?: boolean;
  paused: boolean;
  triggers: string[];
  conditions: Array<{ type: string; status: string; reason?: string; message?: string }>;
}

export interface ClusterSnapshot {
  namespace: string;
  deployments: DeploymentState[];
  transcoderPods: PodState[];
  scaledObjects: ScaledObjectState[];
  /** Parts that could not be shown, and why (e.g. KEDA is not installed). */
  warnings?: string[];
  readAt: string;
}

/** Read-only view of the platform's own namespace in Kubernetes. */
export interface ClusterInspector {
  snapshot(): Promise<ClusterSnapshot>;
}

/** No cluster to look at (not running in one), or its API refused or failed; says why. */
export class ClusterUnavailableError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('CLUSTER_UNAVAILABLE', message, { cause });
  }
}
