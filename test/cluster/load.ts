// The cluster suite's load: which request comes n-th (a fixed mix, so runs compare), and what its answers add
// up to (postings accepted, statuses, 5xx and whether the kill explains them).

/** The size of the load: requests, parallel lanes, and when (share of the requests sent) the kill comes. */
export const LOAD = {
  requests: Number(process.env['CLUSTER_REQUESTS'] ?? 2400),
  lanes: Number(process.env['CLUSTER_LANES'] ?? 8),
  killAtShare: 0.4,
};

export interface Op {
  kind: 'top-up' | 'effort' | 'balance' | 'request' | 'ewo-draft' | 'ewo-send' | 'ewo-approve' | 'ewo-read';
  method: 'GET' | 'POST';
  path: string;
  token: string;
  body?: unknown;
  key?: string;
  /** The posting's contract (top-ups and effort). */
  contractId?: string;
}

/** One request as sent: its answer, or the error of a connection that was refused or cut. */
export interface Sent {
  op: Op;
  server: string;
  started: number;
  ended: number;
  status?: number;
  body: Record<string, unknown> | null | undefined;
  error?: string;
}

export interface LoadWorld {
  adminToken: string;
  consultantToken: string;
  topUps: string[];
  efforts: { contractId: string; engagementId: string }[];
}

const run = Date.now().toString(36);

/** The n-th request of the load: 35 % top-ups, 30 % effort (both with keys), 35 % balance reads. */
export function pickOp(n: number, w: LoadWorld): Op {
  const slot = n % 20;
  if (slot < 7) {
    const contractId = w.topUps[n % w.topUps.length]!;
    return {
      kind: 'top-up',
      method: 'POST',
      path: `/contracts/${contractId}/top-ups`,
      token: w.adminToken,
      body: { amount: 1 + (n % 50), reference: `PO ${n}` },
      key: `cluster-${run}-top-${n}`,
      contractId,
    };
  }
  if (slot < 13) {
    const e = w.efforts[n % w.efforts.length]!;
    return {
      kind: 'effort',
      method: 'POST',
      path: `/engagements/${e.engagementId}/effort`,
      token: w.consultantToken,
      body: { minutes: 15, activity: 'analysis', note: `work ${n}` },
      key: `cluster-${run}-eff-${n}`,
      contractId: e.contractId,
    };
  }
  const all = [...w.topUps, ...w.efforts.map((e) => e.contractId)];
  return { kind: 'balance', method: 'GET', path: `/contracts/${all[n % all.length]}/balance`, token: w.adminToken };
}

const expectedStatus: Record<Op['kind'], number[]> = {
  'top-up': [201],
  effort: [201],
  balance: [200],
  request: [201],
  'ewo-draft': [201],
  'ewo-send': [200],
  'ewo-approve': [200],
  'ewo-read': [200],
};

/** What the answers add up to. */
export function summarise(all: Sent[], killAt: number, killedServer: string) {
  const count = (f: (x: Sent) => string) => {
    const m = new Map<string, number>();
    for (const x of all) m.set(f(x), (m.get(f(x)) ?? 0) + 1);
    return [...m]
      .sort()
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
  };
  const fiveXx = all
    .filter((x) => (x.status ?? 0) >= 500)
    .map((x) => ({
      kind: x.op.kind,
      server: x.server,
      status: x.status,
      inFlight: x.server === killedServer && x.started <= killAt && x.ended >= killAt,
    }));
  const unexpected = all
    .filter((x) => x.status !== undefined && x.status < 500 && !expectedStatus[x.op.kind].includes(x.status))
    .map((x) => `${x.op.kind} ${x.op.method} ${x.op.path}: ${x.status} ${JSON.stringify(x.body)}`);
  /** Accepted postings by key: the entry the answers name, and how the balance moves for it. */
  const postings = new Map<string, { contractId: string; entryId: string; moves: number }>();
  for (const x of all) {
    if (!x.op.key || x.status !== 201 || !x.body) continue;
    const entry = x.op.kind === 'top-up' ? (x.body['entry'] as { id: string; amount: { amount: number } }) : null;
    const entryId = entry ? entry.id : (x.body['id'] as string);
    const moves = entry ? entry.amount.amount : -((x.body['unitsDrawn'] as { amount: number }).amount ?? NaN);
    const prior = postings.get(x.op.key);
    if (prior && prior.entryId !== entryId) unexpected.push(`${x.op.key}: answered ${prior.entryId} and ${entryId}`);
    postings.set(x.op.key, { contractId: x.op.contractId!, entryId, moves });
  }
  return {
    byKind: count((x) => x.op.kind),
    byStatus: count((x) => (x.status === undefined ? 'cut' : String(x.status))),
    fiveXx,
    fiveXxInFlight: fiveXx.filter((x) => x.inFlight).length,
    unexpected,
    postings,
  };
}
