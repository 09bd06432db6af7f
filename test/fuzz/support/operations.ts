import type { FastifyInstance } from 'fastify';

/** A JSON Schema as the OpenAPI document holds it (draft 2020-12, refs resolved on demand). */
export type Schema = Record<string, unknown>;

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

/** One route and method of the OpenAPI document, with what it takes. */
export interface Operation {
  key: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The OpenAPI path, e.g. /api/v1/customers/{id}. */
  path: string;
  params: Param[];
  body?: { contentType: 'application/json' | 'multipart/form-data'; schema: Schema; required: boolean };
  /** `security: []`: answers without a signed-in user. */
  isPublic: boolean;
}

/**
 * The operations of the live OpenAPI document (app.swagger()), so a new route is fuzzed the day it is
 * added. `$ref`s are resolved against components.schemas.
 */
export function operationsOf(app: FastifyInstance): { operations: Operation[]; resolve: (s: Schema) => Schema } {
  const doc = app.swagger() as unknown as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: Param[];
          requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
          security?: unknown[];
        }
      >
    >;
    components?: { schemas?: Record<string, Schema> };
  };
  const components = doc.components?.schemas ?? {};
  const resolve = (s: Schema): Schema => {
    const ref = s['$ref'];
    if (typeof ref !== 'string') return s;
    const name = ref.replace('#/components/schemas/', '');
    const target = components[name];
    if (!target) throw new Error(`unresolved schema ${ref}`);
    return resolve(target);
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const m = method.toUpperCase() as Operation['method'];
      const params = (op.parameters ?? []).map((p) => ({
        name: p.name,
        in: p.in,
        required: Boolean(p.required),
        schema: resolve(p.schema),
      }));
      const content = op.requestBody?.content ?? {};
      const contentType = Object.keys(content)[0] as 'application/json' | 'multipart/form-data' | undefined;
      operations.push({
        key: `${m} ${path}`,
        method: m,
        path,
        params,
        ...(contentType
          ? {
              body: {
                contentType,
                schema: resolve(content[contentType]!.schema),
                required: Boolean(op.requestBody?.required),
              },
            }
          : {}),
        isPublic: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  return { operations, resolve };
}

/**
 * Operations that end the fuzz actors' access or a contract: run last, after everything else, so that
 * they do not cut the rest of the run short (the issue: "leaves logout, token revocation and contract
 * termination to the end").
 */
export const FINAL_OPERATIONS = new Set([
  'POST /api/v1/auth/logout',
  'DELETE /api/v1/tokens/{id}',
  'POST /api/v1/contracts/{id}/terminate',
]);
