import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type OpenApiDocument = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>>;
};

/** JSON Pointer escaping of one path segment. */
const escape = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Checks real answers against a served OpenAPI 3.1 document: the response schema of that path,
 * method and status, with the document's components resolved by JSON Schema 2020-12 (ajv).
 */
export class ResponseValidator {
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true });
  readonly #document: OpenApiDocument;

  constructor(document: unknown) {
    addFormats.default(this.#ajv);
    this.#document = document as OpenApiDocument;
    this.#ajv.addSchema(document as object, 'openapi.json');
  }

  /** The problems found (empty when the body conforms); throws when the document has no such answer. */
  problems(method: string, pathTemplate: string, status: number, body: unknown): string[] {
    const operation = this.#document.paths[pathTemplate]?.[method.toLowerCase()];
    if (!operation) throw new Error(`the document has no ${method} ${pathTemplate}`);
    const response = operation.responses[String(status)];
    if (!response) {
      throw new Error(`the document has no ${status} answer for ${method} ${pathTemplate}`);
    }
    if (!response.content) {
      return body === undefined ? [] : [`a body where the document says none: ${String(body)}`];
    }
    const pointer = ['paths', pathTemplate, method.toLowerCase(), 'responses', String(status)]
      .map(escape)
      .join('/');
    const validate = this.#ajv.compile({
      $ref: `openapi.json#/${pointer}/content/application~1json/schema`,
    });
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
  }
}
