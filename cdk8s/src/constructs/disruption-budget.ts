import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';

export interface DisruptionBudgetProps {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  /** Set exactly one of minAvailable and maxUnavailable. */
  readonly minAvailable?: number;
  readonly maxUnavailable?: number;
}

/**
 * A PodDisruptionBudget (cdk8s-plus has no L2 for it). Unhealthy pods may always be evicted, so a
 * crash-looping pod never blocks a node drain or a Fargate platform update.
 */
export class DisruptionBudget extends Construct {
  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    if ((props.minAvailable === undefined) === (props.maxUnavailable === undefined)) {
      throw new Error(
        `PodDisruptionBudget ${props.name}: set exactly one of minAvailable and maxUnavailable`,
      );
    }
    new k8s.KubePodDisruptionBudget(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels },
      spec: {
        selector: { matchLabels: props.selector },
        ...(props.minAvailable === undefined
          ? { maxUnavailable: k8s.IntOrString.fromNumber(props.maxUnavailable as number) }
          : { minAvailable: k8s.IntOrString.fromNumber(props.minAvailable) }),
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}
