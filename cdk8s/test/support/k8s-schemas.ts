import { readFileSync, readdirSync } from 'node:fs';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { validateStructural, type StructuralSchema } from './structural-schema.ts';

type Validator = (object: Record<string, unknown>) => string[];

/** kubernetes-models classes throw a readable error from validate(). */
const model =
  (Model: new (data: never) => { validate(): void }): Validator =>
  (object) => {
    try {
      new Model(object as never).validate();
      return [];
    } catch (error) {
      return [(error as Error).message];
    }
  };

const crdFolder = new URL('../../crds/', import.meta.url);

function vendoredCrds(): Map<string, Validator> {
  const validators = new Map<string, Validator>();
  for (const file of readdirSync(crdFolder).filter((f) => f.endsWith('.json'))) {
    const crd = JSON.parse(readFileSync(new URL(file, crdFolder), 'utf8')) as {
      group: string;
      version: string;
      kind: string;
      schema: StructuralSchema;
    };
    validators.set(`${crd.group}/${crd.version}/${crd.kind}`, (o) =>
      validateStructural(o, crd.schema),
    );
  }
  return validators;
}

/** One validator per apiVersion/kind the chart may emit; anything else is an error. */
const validators = new Map<string, Validator>([
  ['v1/ConfigMap', model(ConfigMap)],
  ['v1/Namespace', model(Namespace)],
  ['v1/Secret', model(Secret)],
  ['v1/Service', model(Service)],
  ['v1/ServiceAccount', model(ServiceAccount)],
  ['apps/v1/Deployment', model(Deployment)],
  ['autoscaling/v2/HorizontalPodAutoscaler', model(HorizontalPodAutoscaler)],
  ['policy/v1/PodDisruptionBudget', model(PodDisruptionBudget)],
  ['networking.k8s.io/v1/Ingress', model(Ingress)],
  ['networking.k8s.io/v1/NetworkPolicy', model(NetworkPolicy)],
  ['rbac.authorization.k8s.io/v1/Role', model(Role)],
  ['rbac.authorization.k8s.io/v1/RoleBinding', model(RoleBinding)],
  ['keda.sh/v1alpha1/ScaledObject', model(ScaledObject)],
  ['keda.sh/v1alpha1/TriggerAuthentication', model(TriggerAuthentication)],
  ...vendoredCrds(),
]);

export function schemaErrors(object: Record<string, unknown>): string[] {
  const key = `${String(object.apiVersion)}/${String(object.kind)}`;
  const validate = validators.get(key);
  const name = (object.metadata as { name?: string } | undefined)?.name;
  if (!validate) return [`${key} ${name}: no schema to validate against`];
  return validate(object).map((e) => `${key} ${name}: ${e}`);
}

export const knownKinds = (): string[] => [...validators.keys()];
