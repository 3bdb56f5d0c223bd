import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
}

/** How the fake answers: a healthy namespace, RBAC missing, or a cluster without KEDA. */
export type FakeMode = 'ok' | 'forbidden' | 'no-keda';

export interface FakeKubernetes {
  url: string;
  token: string;
  namespace: string;
  requests: RecordedRequest[];
  mode: FakeMode;
  kubeConfig(): KubeConfig;
  close(): Promise<void>;
}

const TOKEN = 'fake-service-account-token';

/**
 * Just enough of the Kubernetes API for the admin's cluster view: the three list calls it makes
 * (deployments, pods by label, KEDA ScaledObjects) in one namespace. Everything is recorded, so a
 * test can check that nothing else was asked for.
 */
export async function startFakeKubernetes(namespace = 'videoforge'): Promise<FakeKubernetes> {
  const fake = {
    requests: [] as RecordedRequest[],
    mode: 'ok' as FakeMode,
  };
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function handle(req: IncomingMessage, res: ServerResponse) {
    const parsed = new URL(req.url ?? '/', url);
    fake.requests.push({
      method: req.method ?? '',
      path: parsed.pathname,
      query: Object.fromEntries(parsed.searchParams),
      authorization: req.headers.authorization,
    });
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return status(res, 401, 'Unauthorized');
    if (req.method !== 'GET') return status(res, 405, 'MethodNotAllowed');
    if (fake.mode === 'forbidden') return status(res, 403, 'Forbidden');
    const ns = `/namespaces/${namespace}`;
    switch (parsed.pathname) {
      case `/apis/apps/v1${ns}/deployments`:
        return json(res, { kind: 'DeploymentList', apiVersion: 'apps/v1', items: DEPLOYMENTS });
      case `/api/v1${ns}/pods`: {
        const selector = parsed.searchParams.get('labelSelector');
        const items = selector === 'app.kubernetes.io/component=transcoder' ? TRANSCODER_PODS : [];
        return json(res, { kind: 'PodList', apiVersion: 'v1', items });
      }
      case `/apis/keda.sh/v1alpha1${ns}/scaledobjects`:
        if (fake.mode === 'no-keda') return status(res, 404, 'NotFound');
        return json(res, {
          kind: 'ScaledObjectList',
          apiVersion: 'keda.sh/v1alpha1',
          items: SCALED_OBJECTS,
        });
      default:
        return status(res, 404, 'NotFound');
    }
  }

  return {
    url,
    token: TOKEN,
    namespace,
    get requests() {
      return fake.requests;
    },
    get mode() {
      return fake.mode;
    },
    set mode(mode: FakeMode) {
      fake.mode = mode;
    },
    kubeConfig() {
      const config = new KubeConfig();
      config.loadFromOptions({
        clusters: [{ name: 'fake', server: url, skipTLSVerify: true }],
        users: [{ name: 'admin-sa', token: TOKEN }],
        contexts: [{ name: 'fake', cluster: 'fake', user: 'admin-sa', namespace }],
        currentContext: 'fake',
      });
      return config;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: ServerResponse, body: unknown) {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function status(res: ServerResponse, code: number, reason: string) {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason,
      code,
      message: reason,
    }),
  );
}

const DEPLOYMENTS = [
  {
    metadata: { name: 'api' },
    spec: { replicas: 2 },
    status: { replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2 },
  },
  {
    metadata: { name: 'admin' },
    spec: { replicas: 1 },
    status: { replicas: 1, readyReplicas: 1, availableReplicas: 1, updatedReplicas: 1 },
  },
  {
    metadata: { name: 'transcoder' },
    spec: { replicas: 2 },
    status: { replicas: 2, readyReplicas: 1, availableReplicas: 1, updatedReplicas: 2 },
  },
];

const TRANSCODER_PODS = [
  {
    metadata: {
      name: 'transcoder-7d4b9c-abcde',
      labels: { 'app.kubernetes.io/name': 'transcoder' },
    },
    spec: { nodeName: 'fargate-ip-10-0-1-23', containers: [{ name: 'transcoder', image: 'x' }] },
    status: {
      phase: 'Running',
      startTime: '2025-01-01T10:00:00Z',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        { name: 'transcoder', ready: true, restartCount: 1, image: 'x', imageID: 'x' },
      ],
    },
  },
  {
    metadata: {
      name: 'transcoder-7d4b9c-fghij',
      labels: { 'app.kubernetes.io/name': 'transcoder' },
    },
    spec: { containers: [{ name: 'transcoder', image: 'x' }] },
    status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] },
  },
];

const SCALED_OBJECTS = [
  {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'transcoder' },
    spec: {
      scaleTargetRef: { name: 'transcoder' },
      minReplicaCount: 0,
      maxReplicaCount: 10,
      triggers: [{ type: 'aws-sqs-queue', metadata: { queueLength: '1' } }],
    },
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'ScaledObjectReady',
          message: 'ScaledObject is defined correctly and is ready for scaling',
        },
        {
          type: 'Active',
          status: 'True',
          reason: 'ScalerActive',
          message: 'Scaling is performed because triggers are active',
        },
        { type: 'Fallback', status: 'False' },
      ],
    },
  },
];
