import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

export interface SecurityGroupPolicyProps {
  readonly name: string;
  readonly labels: Record<string, string>;
  /** The pods that get the groups (a workload's selector labels). */
  readonly podSelector: Record<string, string>;
  /** EC2 security group ids, 1 to 16. */
  readonly groupIds: readonly string[];
}

/**
 * EKS security groups for pods (vpcresources.k8s.aws/v1beta1): the VPC resource controller gives
 * the selected pods' network interfaces exactly these groups instead of the node's or, on
 * Fargate, the cluster security group. That limits what the pods reach (and what reaches them)
 * where NetworkPolicies are not enforced. On Fargate list the cluster security group too, or the
 * pods lose the kubelet and control plane traffic it allows (docs/security-eks.md).
 */
export class SecurityGroupPolicy extends Construct {
  constructor(scope: Construct, id: string, props: SecurityGroupPolicyProps) {
    super(scope, id);
    new ApiObject(this, 'policy', {
      apiVersion: 'vpcresources.k8s.aws/v1beta1',
      kind: 'SecurityGroupPolicy',
      metadata: { name: props.name, labels: props.labels },
      spec: {
        podSelector: { matchLabels: props.podSelector },
        securityGroups: { groupIds: [...props.groupIds] },
      },
    });
  }
}
