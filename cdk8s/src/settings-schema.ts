import { z } from 'zod';
import { list, oneOf } from './settings/fields.ts';
import * as platform from './settings/platform.ts';
import { admin, api, events, transcoder, web } from './settings/workloads.ts';

/**
 * The Helm values, defined once: settings.ts derives the `Values` type and the defaults from this
 * model, and values.schema.json is its JSON schema (Helm checks every install, upgrade, lint and
 * template against it). What a JSON schema cannot say lives in settings-rules.ts: cross-field
 * rules, and values a feature needs once it is on (written into the schema as `if`/`then`).
 */
export const valuesModel = z
  .strictObject({
    nameOverride: platform.nameOverride,
    fullnameOverride: platform.fullnameOverride,
    imagePullSecrets: list('Pull secrets of every pod, e.g. [{name: ecr-pull}]'),
    imagePullPolicy: oneOf('IfNotPresent', 'Pull policy of every image', [
      'IfNotPresent',
      'Always',
      'Never',
    ]),
    logLevel: oneOf('info', 'LOG_LEVEL of every service', [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
    ]),
    namespace: platform.namespace,
    irsa: platform.irsa,
    http: platform.http,
    aws: platform.aws,
    api,
    admin,
    transcoder,
    events,
    web,
    redis: platform.redis,
    ingress: platform.ingress,
    monitoring: platform.monitoring,
    networkPolicies: platform.networkPolicies,
    externalSecrets: platform.externalSecrets,
  })
  .describe('VideoForge Helm values');

/** One node of the generated JSON schema, as far as the code that walks it cares. */
export interface JsonSchema {
  readonly type?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly items?: JsonSchema;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
}

/** values.schema.json, before the conditions of settings-rules.ts are added. */
export const valuesSchema: JsonSchema = z.toJSONSchema(valuesModel, {
  target: 'draft-7',
  // Helm validates values after merging them over values.yaml: every key is there.
  io: 'output',
}) as JsonSchema;

/** The schema node of a values path (`a.b.c`), if there is one. */
export function schemaAt(path: readonly string[]): JsonSchema | undefined {
  let schema: JsonSchema | undefined = valuesSchema;
  for (const key of path) schema = schema?.properties?.[key];
  return schema;
}

/** A pass-through list or map: the chart hands it to Kubernetes as it is. */
export function isPassThrough(schema: JsonSchema): boolean {
  return schema.type === 'array' || (schema.type === 'object' && !schema.properties);
}
