import { fileURLToPath } from 'node:url';
import type { RequestHandler } from 'express';
import { z } from 'zod';

/**
 * An OpenAPI 3.1 document built from the same zod schemas the routes parse with: one source, so the
 * contract cannot say one thing while the code checks another. OpenAPI 3.1 schemas are JSON Schema
 * 2020-12, which zod 4 writes itself (z.toJSONSchema); schemas named with `.meta({ id })` become
 * components and are referenced, the rest are inlined.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  /** JSON body; none for 204/202-without-body answers. */
  body?: z.ZodType;
  /** A non-JSON body (e.g. an HLS playlist): its media type. */
  contentType?: string;
  headers?: Record<string, { description: string; schema: { type: 'string' } }>;
}

export interface Operation {
  method: HttpMethod;
  /** OpenAPI path template: `/api/videos/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  tags: string[];
  /** Security requirements; default: the document's (bearer token). `[]` for public routes. */
  security?: Array<Record<string, string[]>>;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A body may be left out entirely (browsers refreshing by cookie). */
  bodyOptional?: boolean;
  responses: Record<number, ResponseSpec>;
}

export interface DocumentInfo {
  title: string;
  version: string;
  description: string;
}

export interface DocumentOptions {
  info: DocumentInfo;
  operations: readonly Operation[];
  securitySchemes: Record<string, unknown>;
  /** The default requirement of every operation that does not name its own. */
  security: Array<Record<string, string[]>>;
  tags?: Array<{ name: string; description: string }>;
}

type JsonSchema = Record<string, unknown>;

const COMPONENT_PREFIX = '#/components/schemas/';

/** Collects named schemas while operations are converted; the same name must mean the same schema. */
class Components {
  readonly schemas: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
    }) as JsonSchema;
    const { $schema: _dialect, $defs, ...root } = rewriteRefs(json) as JsonSchema;
    for (const [name, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      this.add(name, definition);
    }
    return root;
  }

  private add(name: string, definition: JsonSchema): void {
    const known = this.schemas[name];
    if (known && JSON.stringify(known) !== JSON.stringify(definition)) {
      throw new Error(`two different schemas are named ${name} (one id, one shape)`);
    }
    this.schemas[name] = definition;
  }
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) =>
      key === '$ref' && typeof inner === 'string'
        ? [key, inner.replace('#/$defs/', COMPONENT_PREFIX)]
        : [key, rewriteRefs(inner)],
    ),
  );
}

export function buildOpenApiDocument(options: DocumentOptions): Record<string, unknown> {
  const components = new Components();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of options.operations) {
    paths[operation.path] ??= {};
    const item = paths[operation.path] as Record<string, unknown>;
    if (item[operation.method]) {
      throw new Error(`${operation.method.toUpperCase()} ${operation.path} is described twice`);
    }
    item[operation.method] = describeOperation(operation, components);
  }
  return {
    openapi: '3.1.0',
    info: { ...options.info, license: { name: 'Apache-2.0', identifier: 'Apache-2.0' } },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    ...(options.tags ? { tags: options.tags } : {}),
    security: options.security,
    paths,
    components: {
      securitySchemes: options.securitySchemes,
      schemas: sortKeys(components.schemas),
    },
  };
}

function describeOperation(operation: Operation, components: Components) {
  const parameters = [
    ...parametersOf(operation.params, 'path', components),
    ...parametersOf(operation.query, 'query', components),
  ];
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    tags: operation.tags,
    ...(operation.security ? { security: operation.security } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: !operation.bodyOptional,
            content: {
              'application/json': { schema: components.convert(operation.body, 'input') },
            },
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(operation.responses).map(([status, spec]) => [
        status,
        describeResponse(spec, components),
      ]),
    ),
  };
}

function parametersOf(
  object: z.ZodObject | undefined,
  location: 'path' | 'query',
  components: Components,
) {
  if (!object) return [];
  return Object.entries(object.shape).map(([name, field]) => {
    const schema = components.convert(field as z.ZodType, 'input');
    const { description, ...rest } = schema;
    const optional = (field as z.ZodType).safeParse(undefined).success;
    return {
      name,
      in: location,
      required: location === 'path' || !optional,
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function describeResponse(spec: ResponseSpec, components: Components) {
  const content = spec.body
    ? { 'application/json': { schema: components.convert(spec.body, 'output') } }
    : spec.contentType
      ? { [spec.contentType]: { schema: { type: 'string' } } }
      : undefined;
  return {
    description: spec.description,
    ...(spec.headers ? { headers: spec.headers } : {}),
    ...(content ? { content } : {}),
  };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** The SPEC's error body: `{"error":{"code","message"}}`, never a stack trace. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable, machine-readable, e.g. VALIDATION_FAILED' }),
      message: z.string(),
      field: z.string().optional().meta({ description: 'The failing field, on 400s' }),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (the failing field is named)',
  401: 'Missing or invalid credentials',
  403: 'Not allowed',
  404: 'Not found (or not the caller’s)',
  409: 'Conflicts with the current state',
  413: 'Too large',
  415: 'Unsupported media type',
  429: 'Rate limit or quota exceeded',
  500: 'Internal error (details only in the logs, under the request id)',
  503: 'A dependency is unavailable',
};

/** Error answers in the SPEC shape, by status. */
export function errorResponses(...statuses: number[]): Record<number, ResponseSpec> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: ERROR_DESCRIPTIONS[status] ?? 'Error', body: errorBodySchema },
    ]),
  );
}

/** Serves a built document as JSON (built once, on first use). */
export function openApiHandler(build: () => Record<string, unknown>): RequestHandler {
  let document: Record<string, unknown> | undefined;
  return (_req, res) => {
    document ??= build();
    res.set('Cache-Control', 'no-cache');
    res.json(document);
  };
}

/** Where `npm run contract` writes a document: `docs/contract/<name>` in the repository. */
export function contractFilePath(name: string): string {
  return fileURLToPath(new URL(`../../../docs/contract/${name}`, import.meta.url));
}
