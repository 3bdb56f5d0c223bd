import { z } from 'zod';
import rootPackage from '../../../package.json' with { type: 'json' };

/**
 * Builders of the settings model: each field is written once, with its type, its bounds or
 * pattern, its default and the description values.yaml and values.schema.json carry. The
 * TypeScript type (settings.ts), the defaults and the JSON schema are all derived from it.
 */

/** `app.kubernetes.io/version` and the default image tag: the root package.json version. */
export const APP_VERSION = rootPackage.version;

// Patterns keep values that end up inside YAML strings and names well-formed.
export const CPU = '^([0-9]+m|[0-9]+(\\.[0-9]+)?)$';
export const BYTES = '^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$';
export const DURATION = '^([0-9]+(ms|s|m|h))+$';
export const ROLE_ARN = '^(arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+)?$';
export const URL = '^https?://[^\\s"]+$';
export const NO_QUOTES = '^[^"\\\\]*$';
export const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** A Secrets Manager secret name, or its ARN. */
export const SECRET_ID =
  '^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:)?[A-Za-z0-9/_+=.@-]{1,512}$';

/** A pattern that also accepts the empty string (the value is then required by a condition). */
export const orEmpty = (pattern: string) => `^(${pattern.replace(/^\^/, '').replace(/\$$/, '')})?$`;

const matching = (schema: z.ZodString, pattern: string | undefined) =>
  pattern === undefined ? schema : schema.regex(new RegExp(pattern));

/** A string, possibly empty. */
export const text = (fallback: string, description: string, pattern?: string) =>
  matching(z.string(), pattern).default(fallback).describe(description);

/**
 * A string that must not be empty. The default may still be empty: then the chart refuses to
 * install until the value is given (an AWS resource, an image tag).
 */
export const required = (fallback: string, description: string, pattern?: string) =>
  matching(z.string().min(1), pattern).default(fallback).describe(description);

export const int = (fallback: number, description: string, minimum: number, maximum?: number) => {
  const bounded = z.int().min(minimum);
  return (maximum === undefined ? bounded : bounded.max(maximum))
    .default(fallback)
    .describe(description);
};

export const flag = (fallback: boolean, description: string) =>
  z.boolean().default(fallback).describe(description);

export const oneOf = <const T extends readonly [string, ...string[]]>(
  fallback: T[number],
  description: string,
  values: T,
) =>
  z
    .enum(values)
    .default(fallback as never)
    .describe(description);

/** A Kubernetes object fragment passed through as it is (env entries, tolerations, …). */
const kubeObject = z.record(z.string(), z.unknown());

/** A list handed to Kubernetes as it is; the API server validates its items. Default empty. */
export const list = (description: string) => z.array(kubeObject).default([]).describe(description);

/** Labels, annotations, nodeSelector: string values, any keys. Default empty. */
export const stringMap = (description: string) =>
  z.record(z.string(), z.string()).default({}).describe(description);

/** A map handed to Kubernetes as it is (affinity). Default empty. */
export const anyMap = (description: string) => kubeObject.default({}).describe(description);

/**
 * A group of settings: no unknown key, each missing key takes its default. Every field of a
 * group has a default, so `{}` is a valid input (the compiler cannot see that for a generic shape).
 */
export const group = <T extends z.ZodRawShape>(description: string, shape: T) =>
  z
    .strictObject(shape)
    .prefault({} as never)
    .describe(description);
