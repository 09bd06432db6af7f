import type { z } from 'zod';
import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { EffortEntry } from '../../shared/contracts/effort.ts';
import type { Activity } from '../../shared/domain.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import type { EngagementsService } from '../engagements/engagements.service.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import type { DraftMemory } from '../ledger/optimistic/draft-memory.ts';
import type { EffortWriter } from '../ledger/optimistic/effort.writer.ts';
import type { Outbox } from '../mail/outbox.service.ts';

export interface EffortDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  ledger: LedgerService;
  customers: CustomersService;
  engagements: EngagementsService;
  publicUrl: string;
  /** Servers: contexts of the optimistic path remembered after their postings (draft-memory.ts); default none. */
  drafts?: DraftMemory;
}

export interface EffortInput {
  userId?: string | undefined;
  /** Default: today in the customer's time zone. */
  date?: string | undefined;
  minutes: number;
  activity: Activity;
  afterHours?: boolean | undefined;
  note?: string | undefined;
}

export type EffortEntryView = z.output<typeof EffortEntry>;
export type EffortPosted = EffortEntryView & { warnings: { code: string; message: string }[] };

/** What the use cases of one effort service share: its dependencies, the remembered drafts and the group-commit writer. */
export type EffortUseCaseDeps = EffortDeps & { drafts: DraftMemory; writer: EffortWriter };

/** One entry's values once defaults are applied (the person, today). */
export type EntryValues = Required<Omit<EffortInput, 'userId' | 'date'>> & { userId: string; date: string };
/** How an entry came to be: its Idempotency-Key and request hash, or the entry it replaces. */
export type EntryOptions = { key?: string | null; requestHash?: string | null; replacesId?: string | null };

/** One logEffort request: the engagement, the effort's person, the input and its Idempotency-Key. */
export interface EffortRequest {
  engagementId: string;
  person: string;
  input: EffortInput;
  key: string | null;
}
