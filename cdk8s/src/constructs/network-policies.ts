import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

type Labels = Record<string, string>;
type Port = { readonly protocol: 'TCP' | 'UDP'; readonly port: number };

export interface WorkloadPolicy {
  /** Object name suffix and what the policy is about. */
  readonly name: string;
  readonly selector: Labels;
  /** Ports open to any source (the ALB's ip targets come from the VPC). */
  readonly publicPorts?: readonly number[];
  /** Ports open to the monitoring namespace only (Prometheus scrapes). */
  readonly metricsPorts?: readonly number[];
  /**
   * TCP ports the pods may connect to, any destination (AWS APIs, Redis, the Kubernetes API). Empty:
   * no egress but DNS (an egress rule without ports would allow every port).
   */
  readonly egressPorts: readonly number[];
}

export interface NetworkPoliciesProps {
  readonly namePrefix: string;
  readonly labels: Labels;
  readonly monitoringNamespace: string;
  readonly workloads: readonly WorkloadPolicy[];
}

const tcp = (port: number): Port => ({ protocol: 'TCP', port });
const namespace = (name: string) => ({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } },
});

/**
 * Default deny for every pod of the namespace, DNS to kube-system for all of them, then one policy
 * per workload with exactly the ports it serves and calls. Policies are additive: a pod may do
 * what any policy selecting it allows. Fargate does not enforce NetworkPolicies (the Gate's value
 * defaults to false); clusters whose CNI does enforce them get these (docs/security-eks.md).
 */
export class NetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: NetworkPoliciesProps) {
    super(scope, id);
    const policy = (name: string, spec: Record<string, unknown>) =>
      new ApiObject(this, name, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: `${props.namePrefix}-${name}`, labels: props.labels },
        spec,
      });

    policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    policy('dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [namespace('kube-system')],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    });

    for (const w of props.workloads) {
      const ingress = [
        ...(w.publicPorts?.length ? [{ ports: w.publicPorts.map(tcp) }] : []),
        ...(w.metricsPorts?.length
          ? [{ from: [namespace(props.monitoringNamespace)], ports: w.metricsPorts.map(tcp) }]
          : []),
      ];
      policy(w.name, {
        podSelector: { matchLabels: w.selector },
        policyTypes: ['Ingress', 'Egress'],
        ...(ingress.length ? { ingress } : {}),
        egress: w.egressPorts.length ? [{ ports: w.egressPorts.map(tcp) }] : [],
      });
    }
  }
}

export interface PodCallsPolicyProps {
  readonly name: string;
  readonly labels: Labels;
  /** The calling pods. */
  readonly selector: Labels;
  /** Pods of the namespace they may call, each on one TCP port (the container's, not the Service's). */
  readonly calls: readonly { readonly selector: Labels; readonly port: number }[];
}

/**
 * An egress-only policy that adds calls to other pods of the namespace to what the caller's own
 * policy allows (policies are additive); it leaves the caller's ingress alone.
 */
export class PodCallsPolicy extends Construct {
  constructor(scope: Construct, id: string, props: PodCallsPolicyProps) {
    super(scope, id);
    new ApiObject(this, 'policy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: props.name, labels: props.labels },
      spec: {
        podSelector: { matchLabels: props.selector },
        policyTypes: ['Egress'],
        egress: props.calls.map((call) => ({
          to: [{ podSelector: { matchLabels: call.selector } }],
          ports: [tcp(call.port)],
        })),
      },
    });
  }
}
