import { DateTime } from 'luxon';
import type { Core } from '../core/core.ts';
import type { DeliverableKind } from '../shared/domain.ts';
import type { Ctx } from '../core/context.ts';
import { createPdf } from '../core/documents/pdf.ts';
import { encodePng } from '../core/files/png.ts';
import { engagementAccessRepo, type EngagementRef } from '../core/engagements/engagements.access.repo.ts';
import type { ExpenseCategory } from '../core/expenses/expenses.rules.ts';
import { demoRepo } from './demo.repo.ts';
import { userCtx } from './staff.ts';

/** What the demo gives expenses and deliverables to: engagement ids (or objects with an id), e.g. from the engagements demo. */
export interface ExpensesDemoInput {
  engagements: readonly (string | { id: string })[];
}

export interface ExpensesDemo {
  expenses: number;
  deliverables: number;
  summary: string;
}

/** The currency a consultant pays in near the customer (its time zone says where). */
function currencyOf(timeZone: string): string {
  if (timeZone === 'Europe/London') return 'GBP';
  if (timeZone === 'Europe/Zurich') return 'CHF';
  if (timeZone.startsWith('Europe/')) return 'EUR';
  if (timeZone === 'Asia/Tokyo') return 'JPY';
  return 'USD';
}

/** A PDF receipt as a hotel or an airline would send it. */
async function pdfReceipt(receipt: {
  vendor: string;
  lines: [string, string][];
  reference: string;
  at: Date;
}): Promise<Buffer> {
  return createPdf({ title: `${receipt.vendor} receipt ${receipt.reference}`, creationDate: receipt.at })
    .title(receipt.vendor)
    .paragraph(`Receipt ${receipt.reference}`, { color: '#555555' })
    .facts(receipt.lines)
    .paragraph('Paid by corporate card. Thank you for your stay.', { italic: true, size: 9 })
    .toBuffer();
}

/** A small PNG "photo" of a till receipt: paper with printed lines. */
function pngReceipt(seed: number): Buffer {
  return encodePng(120, 180, (x, y) => {
    const paper: [number, number, number] = [246, 244, 236];
    if (x < 8 || x > 111) return [90, 90, 96];
    const line = Math.floor(y / 12);
    const inked = y % 12 < 3 && x > 14 && x < 30 + ((line * 37 + seed * 11) % 70);
    return inked ? [40, 40, 48] : paper;
  });
}

async function reportPdf(engagement: EngagementRef, title: string, version: number, at: Date): Promise<Buffer> {
  return createPdf({ title: `${engagement.number} ${title} v${version}`, creationDate: at })
    .title(title)
    .facts([
      ['Customer', engagement.customerName],
      ['Engagement', `${engagement.number} ${engagement.title}`],
      ['Version', String(version)],
    ])
    .heading('Summary')
    .paragraph(
      'The incident was contained within the agreed window. Initial access came through a phishing email that harvested VPN credentials; the attacker escalated through a misconfigured service account.',
    )
    .heading('Timeline')
    .bullets([
      'Day 1: alert triaged, remote containment started',
      'Day 2: affected hosts isolated, accounts disabled',
      'Day 3: eradication and restore from clean backups',
    ])
    .heading('Recommendations')
    .bullets([
      'Enforce phishing-resistant MFA on VPN',
      'Rotate service account credentials and remove interactive logon',
      'Exercise the IR plan with a tabletop within 90 days',
    ])
    .toBuffer();
}

const iocList = (engagement: EngagementRef): Buffer =>
  Buffer.from(
    `indicator,type,first_seen,note\n198.51.100.23,ipv4,2026-10-28,C2 server (${engagement.number})\nupdate-check.example,domain,2026-10-28,beacon domain\n` +
      '5f4dcc3b5aa765d61d8327deb882cf99e1d3b7c9a0f4e2b6c8d7e6f5a4b3c2d1,sha256,2026-10-29,loader\n',
  );

/** One expense of the demo trip, with its receipt and what the manager decides. */
interface TripExpense {
  category: ExpenseCategory;
  daysAgo: number;
  amount: number;
  note: string;
  receipt: () => Promise<{ content: Buffer; name: string }>;
  decision: 'approve' | 'reject' | 'pending';
}

/** An engagement the demo tells the story of: who files, who decides, in which currency, on which days. */
interface EngagementStory {
  services: Core['services'];
  db: Core['db'];
  clock: Core['clock'];
  e: EngagementRef;
  consultantName: string;
  filer: Ctx;
  manager: Ctx;
  currency: string;
  day: (daysAgo: number) => string;
  open: boolean;
}

/** Travel: flight and hotel as PDFs, a taxi and a meal as photographed till receipts. */
function tripOf(story: EngagementStory): TripExpense[] {
  const { e: engagement, clock, currency, open } = story;
  return [
    {
      category: 'airfare',
      daysAgo: 9,
      amount: 48_250,
      note: 'Return flight to the customer site',
      decision: 'approve',
      receipt: async () => ({
        content: await pdfReceipt({
          vendor: 'Blue Skies Airways',
          reference: `BSA-${engagement.number.slice(-4)}-71`,
          at: clock.now(),
          lines: [
            ['Passenger', story.consultantName],
            ['Fare', `482.50 ${currency}`],
          ],
        }),
        name: 'e-ticket.pdf',
      }),
    },
    {
      category: 'lodging',
      daysAgo: 6,
      amount: 61_230,
      note: 'Hotel, 3 nights near the site',
      decision: 'approve',
      receipt: async () => ({
        content: await pdfReceipt({
          vendor: 'Hotel Lakeside',
          reference: `HL-${engagement.number.slice(-4)}`,
          at: clock.now(),
          lines: [
            ['Guest', story.consultantName],
            ['Nights', '3'],
            ['Total', `612.30 ${currency}`],
          ],
        }),
        name: 'hotel-invoice.pdf',
      }),
    },
    {
      category: 'ground_transport',
      daysAgo: 6,
      amount: 3_150,
      note: 'Taxi airport to hotel',
      decision: 'approve',
      receipt: async () => ({ content: pngReceipt(1), name: 'taxi.png' }),
    },
    {
      category: 'ground_transport',
      daysAgo: 6,
      amount: 3_150,
      note: 'Taxi airport to hotel (filed twice)',
      decision: 'reject',
      receipt: async () => ({ content: pngReceipt(1), name: 'taxi (1).png' }),
    },
    {
      category: 'meals',
      daysAgo: 5,
      amount: 2_480,
      note: 'Working lunch during containment',
      decision: open ? 'pending' : 'approve',
      receipt: async () => ({ content: pngReceipt(2), name: 'lunch.png' }),
    },
  ];
}

/** Files the trip's expenses and decides them; returns how many were filed. */
async function fileTrip(story: EngagementStory): Promise<number> {
  const { services, e: engagement, filer, manager, currency, day } = story;
  const id = engagement.id;
  let expenses = 0;
  for (const x of tripOf(story)) {
    const receipt = await x.receipt();
    const filed = await services.expenses.submit(filer, id, {
      date: day(x.daysAgo),
      category: x.category,
      amount: x.amount,
      currency,
      note: x.note,
      receipt,
    });
    if (x.decision === 'approve') await services.expenses.approve(manager, filed.id);
    if (x.decision === 'reject')
      await services.expenses.reject(manager, filed.id, 'Duplicate of the taxi receipt filed the same day.');
    expenses++;
  }
  return expenses;
}

/** Deliverables with versions: an issued IOC list and a report, final (and accepted) when the work is done; returns how many. */
async function fileDeliverables(story: EngagementStory): Promise<number> {
  const { services, db, clock, e: engagement, filer, manager, open } = story;
  const id = engagement.id;
  let deliverables = 0;
  const create = async (kind: DeliverableKind, title: string, file: { content: Buffer; name: string }) => {
    deliverables++;
    return services.deliverables.create(filer, id, { kind, title, note: 'First version', file });
  };
  const iocs = await create('ioc_list', 'Indicators of compromise', { content: iocList(engagement), name: 'iocs.csv' });
  await services.deliverables.issue(manager, iocs.id);
  const report = await create('final_report', 'Final incident report', {
    content: await reportPdf(engagement, 'Final incident report', 1, clock.now()),
    name: 'final-report-v1.pdf',
  });
  if (open) return deliverables;
  await services.deliverables.addVersion(filer, report.id, {
    note: 'Review comments addressed',
    file: {
      content: await reportPdf(engagement, 'Final incident report', 2, clock.now()),
      name: 'final-report-v2.pdf',
    },
  });
  await services.deliverables.issue(manager, report.id);
  const pointOfContact = (await services.customers.approvingContacts(db.kysely, engagement.customerId)).find(
    (c) => c.user?.status === 'active',
  );
  if (engagement.status === 'closed' && pointOfContact?.user) {
    await services.deliverables.accept(await userCtx(db.kysely, pointOfContact.user.id), report.id, {
      note: 'Accepted for the board pack.',
    });
    await services.deliverables.accept(await userCtx(db.kysely, pointOfContact.user.id), iocs.id);
  } else {
    await create('executive_briefing', 'Executive briefing', {
      content: await reportPdf(engagement, 'Executive briefing', 1, clock.now()),
      name: 'executive-briefing.pdf',
    });
  }
  return deliverables;
}

/**
 * Expenses with receipts and deliverables with versions for the demo's engagements, each told as its
 * status suggests: open work has approved, pending and one rejected expense, an issued IOC list and a
 * draft report; delivered or closed work has its final report issued (and accepted when the customer has
 * a point of contact with a login). Receipts are small real PDFs and PNGs made here. Engagements that
 * already have expenses or deliverables are left alone, so loading twice adds nothing.
 */
export async function loadExpensesDemo(core: Core, demo: ExpensesDemoInput): Promise<ExpensesDemo> {
  const { db, services, clock } = core;
  let expenses = 0;
  let deliverables = 0;
  const managers = await demoRepo.providerManagerIds(db.kysely);

  for (const ref of demo.engagements) {
    const id = typeof ref === 'string' ? ref : ref.id;
    const engagement = await engagementAccessRepo.engagement(db.kysely, id);
    if (!engagement || engagement.status === 'cancelled') continue;
    if (await demoRepo.engagementHasExpensesOrDeliverables(db.kysely, id)) continue;
    const team = await engagementAccessRepo.activeTeam(db.kysely, id);
    const consultant = team.find((m) => m.role === 'consultant') ?? team[0];
    const managerId = managers.find((candidate) => candidate !== consultant?.id);
    if (!consultant || !managerId) continue;
    const filer = await userCtx(db.kysely, consultant.id);
    const manager = await userCtx(db.kysely, managerId);
    const customer = (await services.customers.customerRecord(db.kysely, engagement.customerId))!;
    const currency = currencyOf(customer.timeZone);
    const today = DateTime.fromJSDate(clock.now(), { zone: customer.timeZone }).startOf('day');
    const day = (daysAgo: number) => today.minus({ days: daysAgo }).toISODate()!;
    const open =
      engagement.status === 'in_progress' || engagement.status === 'on_hold' || engagement.status === 'scheduled';
    const story: EngagementStory = {
      services,
      db,
      clock,
      e: engagement,
      consultantName: consultant.name,
      filer,
      manager,
      currency,
      day,
      open,
    };
    expenses += await fileTrip(story);
    deliverables += await fileDeliverables(story);
  }
  return { expenses, deliverables, summary: `${expenses} expenses with receipts and ${deliverables} deliverables` };
}
