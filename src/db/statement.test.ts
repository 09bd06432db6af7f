import { describe, expect, it } from 'vitest';
import { compiledOnce, insertFrom, namedStatement } from './statement.ts';

describe('namedStatement', () => {
  const st = namedStatement(
    (p) =>
      `SELECT ${p('id')}, ${p('id')} FROM t WHERE ${insertFrom(p, 'x', ['a', 'b'], 'row', 'src')} AND ${p('head.seq')}`,
  );

  it('numbers each name once, in the order it was first asked for', () => {
    expect(st.names).toEqual(['id', 'row.a', 'row.b', 'head.seq']);
    expect(st.text).toBe('SELECT $1, $1 FROM t WHERE INSERT INTO x ("a", "b") SELECT $2, $3 FROM src AND $4');
  });

  it('reads row.column from the row, null when the row leaves the column out', () => {
    const q = st.bind({ id: 'e1', row: { a: 1 }, head: { seq: 7 } });
    expect(q.parameters).toEqual(['e1', 1, null, 7]);
    expect(q.sql).toBe(st.text);
  });

  it('refuses a missing name or a row that is not one', () => {
    expect(() => st.bind({ row: { a: 1 }, head: { seq: 7 } })).toThrow('statement parameter "id" has no value');
    expect(() => st.bind({ id: 'e1', head: { seq: 7 } })).toThrow('statement parameter "row.a" has no value');
    expect(() => st.bind({ id: 'e1', row: 'x', head: { seq: 7 } })).toThrow('"row" is not a row');
  });

  it('binds an explicit null as null', () => {
    expect(st.bind({ id: null, row: { a: 0, b: false }, head: { seq: 0 } }).parameters).toEqual([null, 0, false, 0]);
  });
});

describe('compiledOnce', () => {
  it('binds by name whatever order Kysely put the parameters in', () => {
    const q = compiledOnce(['user', 'engagement'], (db, p) =>
      db
        .selectFrom('engagements as e')
        .leftJoin('users as u', (j) => j.on('u.id', '=', p.user))
        .select('e.id')
        .where('e.id', '=', p.engagement)
        .where('e.title', '=', p.user),
    );
    expect(q.names).toEqual(['user', 'engagement', 'user']);
    expect(q.bind({ engagement: 'eng_1', user: 'usr_1' }).parameters).toEqual(['usr_1', 'eng_1', 'usr_1']);
    expect(q.text).toContain('"u"."id" = $1');
  });

  it('refuses a query with a value written into it instead of a named parameter', () => {
    expect(() =>
      compiledOnce(['engagement'], (db, p) =>
        db.selectFrom('engagements').select('id').where('id', '=', p.engagement).where('status', '=', 'closed'),
      ),
    ).toThrow('parameter "closed" is not one of engagement');
  });
});
