import { Chart, Duration, Size } from 'cdk8s';
import type { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { LOCAL_STACK } from '../environments.ts';
import { PART_OF } from '../labels.ts';
import {
  containerSecurity,
  dropAddressLabel,
  mountTmp,
  podSecurity,
} from '../constructs/pod-defaults.ts';

export interface LocalStackChartProps {
  /** The app Secret the VideoForge release loads (`<release>-secrets`). Default `videoforge-secrets`. */
  readonly secretName?: string;
  /** Default `videoforge/local-stack` (the skaffold artifact). */
  readonly image?: string;
  /**
   * Provision this LocalStack instead of running the emulators (the `localstack` profile). The pod
   * then only writes the Secret and bridges S3 events to the upload handler: no Service. Default unset.
   */
  readonly localStackEndpoint?: string;
}

/**
 * kind only: the in-cluster emulators (kind/Dockerfile) behind one Service, allowed to write
 * exactly one Secret (the app Secret, with the endpoints, keys and Cognito ids). Not part of the
 * Helm chart: production never runs it. With `localStackEndpoint` the same image provisions
 * LocalStack instead.
 */
export class LocalStackChart extends Chart {
  constructor(scope: Construct, id: string, props: LocalStackChartProps = {}) {
    super(scope, id, { namespace: LOCAL_STACK.namespace, disableResourceNameHashes: true });
    const secretName = props.secretName ?? 'videoforge-secrets';
    const labels = {
      'app.kubernetes.io/name': 'local-stack',
      'app.kubernetes.io/component': 'local-stack',
      'app.kubernetes.io/part-of': PART_OF,
    };
    const metadata = { name: LOCAL_STACK.name, labels };

    const account = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata,
      automountToken: true,
    });
    const role = new kplus.Role(this, 'Role', { metadata });
    // create cannot be limited to a name; everything else is limited to the one Secret.
    role.allow(['create'], kplus.ApiResource.SECRETS);
    role.allow(['get', 'patch', 'update'], {
      apiGroup: '',
      resourceType: 'secrets',
      resourceName: secretName,
    });
    new kplus.RoleBinding(this, 'Binding', { metadata, role }).addSubjects(account);

    const deployment = new kplus.Deployment(this, 'Deployment', {
      metadata,
      podMetadata: { labels },
      select: false,
      replicas: 1,
      strategy: kplus.DeploymentStrategy.recreate(),
      serviceAccount: account,
      automountServiceAccountToken: true,
      securityContext: podSecurity,
    });
    deployment.select(
      kplus.LabelSelector.of({ labels: { 'app.kubernetes.io/name': 'local-stack' } }),
    );
    dropAddressLabel(deployment);
    const { ports } = LOCAL_STACK;
    const container = deployment.addContainer({
      name: 'local-stack',
      image: props.image ?? 'videoforge/local-stack',
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      ports: [
        { name: 'aws', number: ports.aws },
        { name: 'dynamodb', number: ports.dynamodb },
        { name: 'cognito', number: ports.cognito },
        { name: 'memcached', number: ports.memcached },
        { name: 'ready', number: 4580 },
      ],
      envVariables: {
        SERVICE_HOST: kplus.EnvValue.fromValue(LOCAL_STACK.name),
        SECRET_NAME: kplus.EnvValue.fromValue(secretName),
        POD_NAMESPACE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAMESPACE),
        ...(props.localStackEndpoint
          ? { LOCALSTACK_ENDPOINT: kplus.EnvValue.fromValue(props.localStackEndpoint) }
          : {}),
      },
      securityContext: containerSecurity,
      resources: {
        cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(1000) },
        memory: { request: Size.mebibytes(768), limit: Size.gibibytes(2) },
      },
      readiness: kplus.Probe.fromHttpGet('/ready', {
        port: 4580,
        periodSeconds: Duration.seconds(2),
      }),
      liveness: kplus.Probe.fromTcpSocket({
        port: ports.aws,
        periodSeconds: Duration.seconds(10),
        initialDelaySeconds: Duration.seconds(30),
      }),
    });
    mountTmp(deployment, container);

    if (props.localStackEndpoint) return;
    const service = new kplus.Service(this, 'Service', {
      metadata,
      ports: Object.entries(ports).map(([name, port]) => ({ name, port, targetPort: port })),
    });
    service.selectLabel('app.kubernetes.io/name', 'local-stack');
  }
}
