import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';

export interface IrsaServiceAccountProps {
  readonly name: string;
  readonly labels: Record<string, string>;
  /**
   * IAM role the pods assume through IRSA (`eks.amazonaws.com/role-arn`). EKS Pod Identity does
   * not work on Fargate, so IRSA it is. An empty ARN leaves the annotation empty (kind).
   */
  readonly roleArn: string;
  /** Mount a Kubernetes API token into the pods. Default false: only the admin cluster view talks to the API. */
  readonly automountToken?: boolean;
}

/** A ServiceAccount carrying its IRSA role. */
export class IrsaServiceAccount extends Construct {
  readonly serviceAccount: kplus.ServiceAccount;

  constructor(scope: Construct, id: string, props: IrsaServiceAccountProps) {
    super(scope, id);
    this.serviceAccount = new kplus.ServiceAccount(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: props.labels,
        annotations: { 'eks.amazonaws.com/role-arn': props.roleArn },
      },
      automountToken: props.automountToken ?? false,
    });
  }
}
