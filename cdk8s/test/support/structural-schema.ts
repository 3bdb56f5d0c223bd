/**
 * A validator for Kubernetes structural schemas (CRD `openAPIV3Schema`), stricter than the API
 * server in one way: an unknown field is an error here, where the server would silently prune it
 * (a typo would then vanish without a trace). CEL rules are not evaluated.
 */
export interface StructuralSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, StructuralSchema>;
  additionalProperties?: boolean | StructuralSchema;
  required?: string[];
  items?: StructuralSchema;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: StructuralSchema[];
  nullable?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

export function validateStructural(value: unknown, schema: StructuralSchema, path = ''): string[] {
  if (value === null && schema.nullable) return [];
  if (schema['x-kubernetes-int-or-string']) {
    return Number.isInteger(value) || typeof value === 'string'
      ? []
      : [`${path}: must be an integer or a string`];
  }
  if (
    schema.anyOf &&
    !schema.anyOf.some(
      (s) => validateStructural(value, { ...s, ...withoutAnyOf(schema) }, path).length === 0,
    )
  ) {
    return [`${path}: matches none of anyOf`];
  }
  const errors = typeErrors(value, schema, path);
  if (errors.length > 0) return errors;
  if (schema.enum && !schema.enum.includes(value))
    errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'string') errors.push(...stringErrors(value, schema, path));
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      errors.push(`${path}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      errors.push(`${path}: above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      errors.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      errors.push(`${path}: more than ${schema.maxItems} items`);
    if (schema.items)
      value.forEach((item, i) =>
        errors.push(...validateStructural(item, schema.items as StructuralSchema, `${path}[${i}]`)),
      );
  }
  if (isObject(value)) errors.push(...objectErrors(value, schema, path));
  return errors;
}

function withoutAnyOf(schema: StructuralSchema): StructuralSchema {
  const { anyOf: _anyOf, ...rest } = schema;
  return rest;
}

function typeErrors(value: unknown, schema: StructuralSchema, path: string): string[] {
  const ok: Record<string, (v: unknown) => boolean> = {
    object: isObject,
    array: Array.isArray,
    string: (v) => typeof v === 'string',
    integer: (v) => Number.isInteger(v),
    number: (v) => typeof v === 'number',
    boolean: (v) => typeof v === 'boolean',
  };
  return schema.type && !ok[schema.type]?.(value)
    ? [`${path}: must be ${schema.type}, got ${JSON.stringify(value)}`]
    : [];
}

function stringErrors(value: string, schema: StructuralSchema, path: string): string[] {
  const errors: string[] = [];
  if (schema.minLength !== undefined && value.length < schema.minLength)
    errors.push(`${path}: shorter than ${schema.minLength}`);
  if (schema.maxLength !== undefined && value.length > schema.maxLength)
    errors.push(`${path}: longer than ${schema.maxLength}`);
  if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value))
    errors.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  return errors;
}

function objectErrors(
  value: Record<string, unknown>,
  schema: StructuralSchema,
  path: string,
): string[] {
  const errors: string[] = [];
  for (const key of schema.required ?? [])
    if (!(key in value)) errors.push(`${path}.${key}: required`);
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}.${key}`;
    const known = schema.properties?.[key];
    if (known) errors.push(...validateStructural(child, known, childPath));
    else if (typeof schema.additionalProperties === 'object')
      errors.push(...validateStructural(child, schema.additionalProperties, childPath));
    else if (
      !schema['x-kubernetes-preserve-unknown-fields'] &&
      schema.additionalProperties !== true &&
      (schema.properties || schema.additionalProperties === false)
    ) {
      errors.push(`${childPath}: unknown field`);
    }
  }
  return errors;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
