import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import type { IngressSettings } from '../settings.ts';

export interface IngressRoute {
  /** A Prefix path. */
  readonly path: string;
  readonly serviceName: string;
  /** The Service port name. Default `http`. */
  readonly portName?: string;
}

export interface AlbIngressProps {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly ingress: IngressSettings;
  /** In priority order: the ALB controller turns them into listener rules in this order. */
  readonly routes: readonly IngressRoute[];
  /** Default `/healthz`. */
  readonly healthCheckPath?: string;
  /** Default `ELBSecurityPolicy-TLS13-1-2-2021-06`. */
  readonly sslPolicy?: string;
  /** Replace the chart's annotations (scheme, group, …); the operator's still win. */
  readonly annotations?: Record<string, string>;
}

/**
 * One ALB (AWS Load Balancer Controller, IngressClass `alb`): HTTPS 443 with the ACM certificate,
 * HTTP 80 redirected to it, `ip` targets (the only kind Fargate pods can be), one health check path.
 * A more specific path must come first: the controller gives earlier paths higher rule priority.
 */
export class AlbIngress extends Construct {
  constructor(scope: Construct, id: string, props: AlbIngressProps) {
    super(scope, id);
    const { ingress } = props;
    sortCheck(props.routes);
    new k8s.KubeIngress(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: props.labels,
        annotations: {
          'alb.ingress.kubernetes.io/scheme': ingress.scheme,
          'alb.ingress.kubernetes.io/target-type': 'ip',
          'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]',
          'alb.ingress.kubernetes.io/ssl-redirect': '443',
          'alb.ingress.kubernetes.io/certificate-arn': ingress.certificateArn,
          'alb.ingress.kubernetes.io/ssl-policy':
            props.sslPolicy ?? 'ELBSecurityPolicy-TLS13-1-2-2021-06',
          'alb.ingress.kubernetes.io/healthcheck-path': props.healthCheckPath ?? '/healthz',
          'alb.ingress.kubernetes.io/group.name': ingress.groupName,
          // How long the ALB lets requests in flight to a removed pod finish; within the pods'
          // drain (settings-rules.ts), so the ALB is done with a pod while it still serves.
          'alb.ingress.kubernetes.io/target-group-attributes': `deregistration_delay.timeout_seconds=${ingress.deregistrationDelaySeconds}`,
          ...props.annotations,
          // The operator's (WAF, access logs, idle timeout, …) win over the chart's.
          ...ingress.annotations,
        },
      },
      spec: {
        ingressClassName: 'alb',
        rules: [
          {
            host: ingress.host,
            http: {
              paths: props.routes.map((route) => ({
                path: route.path,
                pathType: 'Prefix',
                backend: {
                  service: { name: route.serviceName, port: { name: route.portName ?? 'http' } },
                },
              })),
            },
          },
        ],
      },
    });
  }
}

/** A route listed after a broader prefix of itself would never match: refuse that order. */
function sortCheck(routes: readonly IngressRoute[]): void {
  routes.forEach((route, i) => {
    const shadowing = routes.slice(0, i).find((earlier) => isPrefixPath(earlier.path, route.path));
    if (shadowing) {
      throw new Error(
        `ingress path ${route.path} must come before ${shadowing.path}, which would shadow it`,
      );
    }
  });
}

function isPrefixPath(prefix: string, path: string): boolean {
  const p = prefix.replace(/\/$/, '');
  return path === p || path.startsWith(`${p}/`);
}
