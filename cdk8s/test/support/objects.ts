/** Helpers to look objects up in a synthesized manifest. */
// Manifests are arbitrary JSON; tests walk them by path and assert on what they find.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type K8sObject = Record<string, any>;

export function find(objects: readonly K8sObject[], kind: string, name?: string): K8sObject {
  const found = objects.filter(
    (o) => o.kind === kind && (name === undefined || o.metadata?.name === name),
  );
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  }
  return found[0] as K8sObject;
}

export function kinds(objects: readonly K8sObject[]): string[] {
  return [...new Set(objects.map((o) => o.kind as string))].sort();
}

export function byKey(objects: readonly K8sObject[]): Map<string, K8sObject> {
  return new Map(objects.map((o) => [`${o.apiVersion}/${o.kind}/${o.metadata?.name}`, o]));
}
