import type { Executor } from '../../db/create-db.ts';
import { resolveRef } from '../../core/numbers/numbers.resolve.ts';
import { parseNumber } from '../../core/numbers/numbers.rules.ts';
import type { RouteApp } from '../routes/route-app.ts';

/**
 * Path parameters take a human number wherever they take an id (`GET /api/v1/engagements/ENG-2026-0012`):
 * before validation, every parameter that reads as a number of requests, engagements, work orders, change
 * orders or statements is replaced by its id. Routes and use cases see ids only, and refuse another tenant's
 * number exactly as its id (404).
 */
export function acceptNumbersInParams(app: RouteApp, db: Executor): void {
  // A callback hook, not an async one: most requests carry no number and pass through without a promise.
  app.addHook('preValidation', (request, _reply, done) => {
    const params = request.params as Record<string, unknown> | undefined;
    const numbered = params
      ? Object.entries(params).filter(([, value]) => typeof value === 'string' && parseNumber(value))
      : [];
    if (numbered.length === 0) return done();
    Promise.all(
      numbered.map(async ([name, value]) => {
        params![name] = await resolveRef(db, value as string);
      }),
    ).then(() => done(), done);
  });
}
