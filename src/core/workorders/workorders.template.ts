/** The prefilled content of a new EWO draft, from its request, catalog item and contract (pure). */
import { DateTime } from 'luxon';
import type { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type { DeliverableInput, EstimateLineInput, WorkOrderContent } from '../../shared/contracts/workorders.ts';
import type { DeliverableKind, IncidentType, RequestKind, Severity } from '../../shared/domain.ts';
import { sizePrice } from '../../shared/workorders.ts';
import { minutesToLedger, type ContractRateCard } from '../billing/billing.rules.ts';

export interface TemplateInput {
  request: {
    kind: RequestKind;
    description: string;
    incidentType: IncidentType | null;
    severity: Severity | null;
    onsiteRequired: boolean;
    desiredStart: string | null;
    receivedAt: Date;
  };
  timeZone: string;
  item: {
    id: string;
    name: string;
    description: string;
    sizes: {
      code: string;
      estimateMinutes: number;
      fixedPriceUnits: number | null;
      fixedPriceMinutes: number | null;
    }[];
    deliverables: readonly DeliverableKind[];
    minimumBillableMinutes: number;
  } | null;
  card: ContractRateCard & { settings: Pick<ContractSettings, 'minimumBillable'> };
  now: Date;
}

const deliverableTitles: Record<DeliverableKind, string> = {
  final_report: 'Final report',
  executive_briefing: 'Executive briefing',
  ioc_list: 'Indicators of compromise (IOC) list',
  after_action_report: 'After-action report',
  scenario_pack: 'Scenario pack',
  other: 'Course material and attendance certificates',
};

/** Splits `total` minutes into shares rounded to quarter hours; the first share takes the remainder. */
function split(total: number, shares: number[]): number[] {
  const parts = shares.map((s) => Math.floor((total * s) / 100 / 15) * 15);
  parts[0]! += total - parts.reduce((a, b) => a + b, 0);
  return parts;
}

/**
 * A new draft prefilled from the request, its catalog item and the contract: emergency IR has its own
 * template (remote now, on site when needed, containment pre-authorised); proactive services take the
 * catalog's standard scope, the middle size and its fixed price.
 */
export function draftTemplate(input: TemplateInput): WorkOrderContent {
  const { request: request, item, card } = input;
  const emergency = request.kind === 'emergency';
  const size = item?.sizes.length
    ? emergency
      ? item.sizes[0]!
      : (item.sizes.find((s) => s.code === 'M') ?? item.sizes[Math.floor(item.sizes.length / 2)]!)
    : null;
  const estimateMinutes = size?.estimateMinutes ?? (emergency ? 40 * 60 : 16 * 60);
  const price = size ? sizePrice(size, card.unit) : null;
  const minimumFromItem =
    item && item.minimumBillableMinutes > 0 ? minutesToLedger(item.minimumBillableMinutes, card) : 0;
  const minimumBillable = minimumFromItem || card.settings.minimumBillable[request.kind];
  const type = request.incidentType ? request.incidentType.replace(/_/g, ' ') : 'security';

  let estimateLines: EstimateLineInput[];
  if (emergency) {
    const [forensic, containment] = split(estimateMinutes, [60, 40]);
    estimateLines = [
      { activity: 'analysis', role: 'forensic lead', minutes: forensic! },
      { activity: 'analysis', role: 'containment lead', minutes: containment! },
    ];
  } else {
    const [main, prep, report] = split(estimateMinutes, [50, 25, 25]);
    estimateLines = [
      { activity: 'preparation', role: 'lead consultant', minutes: prep! },
      { activity: request.onsiteRequired ? 'onsite_work' : 'analysis', role: 'lead consultant', minutes: main! },
      { activity: 'deliverable_preparation', role: 'lead consultant', minutes: report! },
    ];
  }

  const today = DateTime.fromJSDate(input.now, { zone: input.timeZone });
  const start = emergency ? input.now.toISOString() : request.desiredStart;
  const startDay = emergency
    ? today
    : request.desiredStart
      ? DateTime.fromISO(request.desiredStart, { zone: input.timeZone })
      : null;
  const workDays = Math.max(1, Math.ceil(estimateMinutes / (8 * 60) / (emergency ? 2 : 1)));
  const end = startDay
    ? startDay.plus({ days: Math.max(1, workDays + (emergency ? 0 : Math.ceil(workDays / 2))) }).toISODate()!
    : null;
  const due = (kind: DeliverableKind): string | null => {
    if (!startDay) return null;
    if (kind === 'ioc_list') return startDay.plus({ days: 2 }).toISODate()!;
    if (kind === 'executive_briefing' && emergency) return startDay.plus({ days: 3 }).toISODate()!;
    // Handed over when the work starts (the exercise itself is later): a due date is never before the start.
    if (kind === 'scenario_pack') return startDay.toISODate()!;
    return end ? DateTime.fromISO(end).plus({ days: 10 }).toISODate()! : null;
  };
  const deliverables: DeliverableInput[] = (
    item?.deliverables ?? (emergency ? ['ioc_list', 'final_report'] : ['final_report'])
  ).map((k) => ({ kind: k, title: deliverableTitles[k], dueDate: due(k) }));
  const roles = [...new Set(estimateLines.map((l) => l.role))];

  return {
    catalogItemId: item?.id ?? null,
    sizeCode: size?.code ?? null,
    title: emergency
      ? `Emergency incident response: ${request.severity ?? ''} ${type}`.replace(/\s+/g, ' ').trim()
      : (item?.name ?? 'Proactive service'),
    scope: emergency
      ? `Respond to the ${type} incident reported on ${DateTime.fromJSDate(request.receivedAt, { zone: input.timeZone }).toFormat('yyyy-MM-dd HH:mm')} (${input.timeZone}): triage, containment, forensic acquisition and analysis, eradication and recovery support.\n\nAs reported: ${request.description}`
      : `${item?.description ?? ''}\n\nAs requested: ${request.description}`.trim(),
    objectives: emergency
      ? [
          'Contain the incident and stop further damage',
          'Establish what happened, how, and what was affected',
          'Support eradication and a safe recovery',
        ]
      : [`Deliver the ${item?.name ?? 'service'} as described in the scope`],
    inScope: emergency
      ? [
          'Remote triage and containment advice',
          'Forensic acquisition and analysis of affected systems',
          'Eradication and recovery support',
        ]
      : ['The standard scope of the service described above'],
    outOfScope: emergency
      ? ['Rebuilding systems and restoring data (customer IT)', 'Negotiation with threat actors', 'Legal advice']
      : ['Remediation of findings', 'Work not described in the scope'],
    deliveryMode: emergency
      ? request.onsiteRequired
        ? 'hybrid'
        : 'remote'
      : request.onsiteRequired
        ? 'onsite'
        : 'remote',
    siteIds: [],
    pricingMode: !emergency && price !== null ? 'fixed' : 'time_and_materials',
    fixedPrice: !emergency && price !== null ? price : null,
    estimateLines,
    minimumBillable,
    deliverables,
    proposedStart: start,
    proposedEnd: end,
    staffingPlan: roles.map((role) => ({ role, count: 1 })),
    travelEstimate: null,
    assumptions: emergency
      ? [
          'Remote access to the affected environment (EDR, logs, VPN) is granted promptly',
          'The estimate covers the first phase; more work needs a change order',
        ]
      : [
          'Dates are confirmed with your point of contact at kickoff',
          'Interviewees and documents are available as planned',
        ],
    customerResponsibilities: emergency
      ? [
          'Name a technical contact available around the clock',
          'Preserve evidence: do not wipe or reimage affected systems before acquisition',
          'Decide on notifications to authorities, insurers and customers',
        ]
      : ['Name a coordinator for the engagement', 'Provide access to the people, systems and documents in scope'],
    preAuthorizedActions: emergency
      ? [
          'Isolate affected hosts from the network',
          'Disable or reset compromised accounts',
          'Block malicious domains, IP addresses and hashes',
        ]
      : [],
    approvalDeadline: null,
  };
}
