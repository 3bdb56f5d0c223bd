import { readFileSync } from 'node:fs';
import https from 'node:https';

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface KubernetesTarget {
  readonly host: string;
  readonly port: number;
  readonly namespace: string;
}

/**
 * Creates or updates the Secret with server-side apply (one idempotent PATCH), using the pod's
 * ServiceAccount token. Pods that load the Secret wait in CreateContainerConfigError until it
 * exists, then start: that is how the services learn the Cognito ids, which change on each start.
 */
export async function applySecret(
  target: KubernetesTarget,
  name: string,
  data: Record<string, string>,
): Promise<void> {
  const body = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace: target.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'videoforge-local-stack' },
    },
    type: 'Opaque',
    stringData: data,
  });
  const path = `/api/v1/namespaces/${target.namespace}/secrets/${name}?fieldManager=videoforge-local-stack&force=true`;
  const status = await request(target, path, body);
  if (status < 200 || status >= 300)
    throw new Error(`applying Secret ${name} answered HTTP ${status}`);
}

function request(target: KubernetesTarget, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: target.host,
        port: target.port,
        path,
        method: 'PATCH',
        ca: readFileSync(`${SERVICE_ACCOUNT}/ca.crt`),
        headers: {
          authorization: `Bearer ${readFileSync(`${SERVICE_ACCOUNT}/token`, 'utf8').trim()}`,
          'content-type': 'application/apply-patch+yaml',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
