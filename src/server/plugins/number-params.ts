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
  app.addHook('preValidation', async (request) => {
    const params = request.params as Record<string, unknown> | undefined;
    if (!params) return;
    for (const [name, value] of Object.entries(params))
      if (typeof value === 'string' && parseNumber(value)) params[name] = await resolveRef(db, value);
  });
}
