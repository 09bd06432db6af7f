import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { authHeaders, type Auth } from '../../support/harness.ts';
import { jpegBytes, pdfBytes, pngBytes } from '../../support/expense-factories.ts';
import type { Operation } from './operations.ts';
import type { Plan } from './plan.ts';
import { RawJson } from './hostile-values.ts';
import { CursorRef, FileRef, PoolRef } from './refs.ts';
import type { FuzzWorld } from './world.ts';

/** Turns a plan's refs into the values of the moment and the plan into an inject() call. */
export interface Sender {
  /** The last nextCursor each list answered. */
  cursors: Map<string, string>;
  build(op: Operation, plan: Plan, o: { requestId: string; allowProtected: boolean }): InjectOptions & { url: string };
}

const FAKE_ID = 'zz_01JFUZZFUZZFUZZFUZZFUZZFUZ';

export async function createSender(world: FuzzWorld): Promise<Sender> {
  const files: Record<FileRef['kind'], Buffer> = {
    png: pngBytes(),
    pdf: await pdfBytes(),
    jpeg: jpegBytes(),
    text: Buffer.from('not a receipt\n'),
    bytes: Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 0xff, 0xfe]),
  };
  const cursors = new Map<string, string>();

  /**
   * Resolves the refs of one request. Ids are drawn from one tenant where they can be (the first id
   * drawn decides), so that a contact, a site or a contract named in a body belongs to the customer of
   * the path's object and a business rule, not a mismatch, decides.
   */
  const scope = (role: Plan['role'], allowProtected: boolean) => {
    let tenant: string | null = role === 'customer' ? world.customer.customerId : null;
    const draw = (ref: PoolRef) => {
      const r = world.resolvePool(ref, { role, allowProtected, tenant });
      if (r?.tenant && !tenant) tenant = r.tenant;
      return r;
    };
    const resolve = (v: unknown): unknown => {
      if (v instanceof PoolRef) return draw(v)?.v ?? FAKE_ID;
      if (v instanceof CursorRef) return cursors.get(v.opKey);
      if (v instanceof FileRef || v instanceof RawJson) return v;
      if (Array.isArray(v)) return v.map(resolve);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
      return v;
    };
    /** Path values; a child id drawn from a pool brings its own parent (a site with its customer). */
    const path = (op: Operation, plan: Plan): string => {
      const values: Record<string, string> = {};
      let parent: string | null = null;
      for (const [k, v] of Object.entries(plan.path)) {
        if (k !== 'id' && v instanceof PoolRef) {
          const r = draw(v);
          values[k] = r?.v ?? FAKE_ID;
          parent = r?.parent ?? null;
        }
      }
      for (const [k, v] of Object.entries(plan.path)) {
        if (k in values) continue;
        values[k] = k === 'id' && parent && v instanceof PoolRef && v.pick < 0.85 ? parent : String(resolve(v));
      }
      return op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodePathValue(values[name] ?? ''));
    };
    return { resolve, path };
  };

  const queryOf = (q: Record<string, unknown>): string => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) {
      if (v === undefined) continue;
      if (Array.isArray(v) && v.length <= 50) for (const x of v) params.append(k, str(x));
      else params.append(k, str(v));
    }
    const s = params.toString();
    return s ? `?${s}` : '';
  };

  const formOf = (fields: Record<string, unknown>): FormData => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      if (v instanceof FileRef)
        form.append(k, new Blob([new Uint8Array(files[v.kind])], { type: v.declaredType }), v.name);
      else form.append(k, str(v));
    }
    return form;
  };

  return {
    cursors,
    build(op, plan, o) {
      const auth: Auth =
        plan.role === 'admin' ? world.admin.auth : plan.role === 'customer' ? world.customer.auth : null;
      const headers: Record<string, string> = { ...authHeaders(auth, op.method), 'x-request-id': o.requestId };
      if (plan.dropCsrf) delete headers['x-csrf-token'];
      const { resolve, path } = scope(plan.role, o.allowProtected);
      const url = path(op, plan) + queryOf(resolve(plan.query) as Record<string, unknown>);
      const resolved = resolve(plan.headers) as Record<string, unknown>;
      for (const [k, v] of Object.entries(resolved)) if (v !== undefined) headers[k] = String(v);
      const base = { method: op.method, url, headers };
      const b = plan.body;
      if (b.kind === 'json') {
        const value = resolve(b.value);
        return { ...base, headers: { 'content-type': 'application/json', ...headers }, payload: toJson(value) };
      }
      if (b.kind === 'multipart')
        return { ...base, payload: formOf(resolve(b.fields) as Record<string, unknown>) as unknown as string };
      if (b.kind === 'raw') return { ...base, headers: { ...headers, 'content-type': b.contentType }, payload: b.raw };
      return base;
    },
  };
}

/** encodeURIComponent, except that a lone surrogate is sent as its (invalid UTF-8) three bytes. */
export function encodePathValue(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return Array.from(v, (ch) => {
      const c = ch.charCodeAt(0);
      if (ch.length > 1 || c < 0xd800 || c > 0xdfff) return encodeURIComponent(ch);
      return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    }).join('');
  }
}

/** JSON text of a value that may hold RawJson parts (spliced in as they are). */
export function toJson(value: unknown): string {
  const raws: string[] = [];
  const text =
    JSON.stringify(value, (_k, v: unknown) => (v instanceof RawJson ? `\u0001${raws.push(v.json) - 1}\u0001` : v)) ??
    '';
  return text.replace(/"\\u0001(\d+)\\u0001"/g, (_, i: string) => raws[Number(i)]!);
}

/** A query or form value as text. */
const str = (x: unknown): string => (typeof x === 'string' ? x : x instanceof RawJson ? x.json : (toJson(x) ?? ''));

/** Sends the request; a request that Node itself cannot send (an illegal header) comes back as undefined. */
export async function inject(
  world: FuzzWorld,
  req: InjectOptions,
): Promise<LightMyRequestResponse | { clientError: string }> {
  try {
    return await world.t.app.inject(req);
  } catch (e) {
    return { clientError: (e as Error).message };
  }
}
