import { describe, expect, it } from 'vitest';
import { dependencyOrder, parentsFirst } from './copy.ts';
import { compareInventories } from './inventory.ts';

describe('db copy order', () => {
  it('puts every table after the tables it references, and refuses a cycle', () => {
    const order = dependencyOrder([
      { name: 'ledger_entries', parents: ['contracts'] },
      { name: 'contracts', parents: ['customers'] },
      { name: 'users', parents: ['organizations', 'contacts'] },
      { name: 'contacts', parents: ['customers'] },
      { name: 'customers', parents: ['organizations'] },
      { name: 'organizations', parents: [] },
    ]).map((t) => t.name);
    expect(order).toEqual(['organizations', 'customers', 'contacts', 'contracts', 'ledger_entries', 'users']);
    expect(() =>
      dependencyOrder([
        { name: 'a', parents: ['b'] },
        { name: 'b', parents: ['a'] },
      ]),
    ).toThrow(/cycle/);
  });

  it('orders the rows of a self-referencing table parents first', () => {
    const rows = [
      { id: 'c', reverses_id: 'b' },
      { id: 'b', reverses_id: 'a' },
      { id: 'a', reverses_id: null },
      { id: 'd', reverses_id: null },
    ];
    const ids = parentsFirst(rows, [{ column: 'reverses_id', references: 'id' }]).map((r) => r.id);
    expect(ids).toEqual(['a', 'd', 'b', 'c']);
  });
});

describe('inventory comparison', () => {
  it('names every table and ledger head that differs, and nothing when they agree', () => {
    const a = {
      tables: { users: 3, ledger_entries: 10 },
      ledgerHeads: [{ contractId: 'ctr_1', lastSeq: 4, lastHash: 'h4' }],
    };
    expect(compareInventories(a, a)).toEqual([]);
    const b = {
      tables: { users: 3, ledger_entries: 9 },
      ledgerHeads: [{ contractId: 'ctr_1', lastSeq: 3, lastHash: 'h3' }],
    };
    expect(compareInventories(a, b)).toEqual([
      'table ledger_entries: 10 rows expected, 9 found',
      'ledger of contract ctr_1: head 4/h4 expected, 3/h3 found',
    ]);
  });
});
