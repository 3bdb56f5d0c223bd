import { Chart, Duration, Size } from 'cdk8s';
import type { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { KIND_REDIS, LOCAL_STACK } from '../environments.ts';
import { PART_OF } from '../labels.ts';
import {
  containerSecurity,
  dropAddressLabel,
  mountTmp,
  podSecurity,
} from '../constructs/pod-defaults.ts';
import { REDIS_URL_KEY } from '../constructs/app-secrets.ts';

export interface RedisChartProps {
  /** The Secret the release's events and admin pods read REDIS_URL from. Default `videoforge-redis`. */
  readonly secretName?: string;
}

/**
 * kind only (both kind profiles): BullMQ's Redis as one pod, no TLS, no AUTH, kept on an
 * emptyDir only (a new pod loses queued deliveries and schedules; the events service recreates
 * the schedules, and the outbox in DynamoDB still holds events not yet handed over). It stands in for ElastiCache, and
 * the Secret for the ExternalSecret the chart has on EKS. Not part of the Helm chart.
 */
export class RedisChart extends Chart {
  constructor(scope: Construct, id: string, props: RedisChartProps = {}) {
    super(scope, id, { namespace: LOCAL_STACK.namespace, disableResourceNameHashes: true });
    const labels = {
      'app.kubernetes.io/name': KIND_REDIS.name,
      'app.kubernetes.io/component': 'redis',
      'app.kubernetes.io/part-of': PART_OF,
    };
    const metadata = { name: KIND_REDIS.name, labels };

    const deployment = new kplus.Deployment(this, 'Deployment', {
      metadata,
      podMetadata: { labels },
      select: false,
      replicas: 1,
      strategy: kplus.DeploymentStrategy.recreate(),
      automountServiceAccountToken: false,
      securityContext: podSecurity,
    });
    deployment.select(
      kplus.LabelSelector.of({ labels: { 'app.kubernetes.io/name': KIND_REDIS.name } }),
    );
    dropAddressLabel(deployment);
    const container = deployment.addContainer({
      name: 'redis',
      image: KIND_REDIS.image,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      // BullMQ needs noeviction. The official image already turns protected mode off (no AUTH
      // here), listens on KIND_REDIS.port, and snapshots into the emptyDir (they survive a
      // container restart, not a new pod).
      args: ['--maxmemory-policy', 'noeviction'],
      ports: [{ name: 'redis', number: KIND_REDIS.port }],
      securityContext: containerSecurity,
      resources: {
        cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
        memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
      },
      readiness: kplus.Probe.fromCommand(['redis-cli', 'ping'], {
        periodSeconds: Duration.seconds(5),
      }),
      liveness: kplus.Probe.fromTcpSocket({
        port: KIND_REDIS.port,
        periodSeconds: Duration.seconds(10),
      }),
    });
    container.mount('/data', kplus.Volume.fromEmptyDir(deployment, 'data', 'data'));
    mountTmp(deployment, container);

    const service = new kplus.Service(this, 'Service', {
      metadata,
      ports: [{ name: 'redis', port: KIND_REDIS.port, targetPort: KIND_REDIS.port }],
    });
    service.selectLabel('app.kubernetes.io/name', KIND_REDIS.name);

    // Not a secret on kind (no AUTH), but a Secret all the same: the chart reads it like EKS's.
    new kplus.Secret(this, 'Secret', {
      metadata: { name: props.secretName ?? 'videoforge-redis', labels },
      stringData: { [REDIS_URL_KEY]: KIND_REDIS.url },
    });
  }
}
