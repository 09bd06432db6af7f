import fc from 'fast-check';

/**
 * Boundary and hostile values: NUL, huge, deep, unicode (bidi, zero-width, full-width, lone surrogates,
 * combining marks), wrong types, integers past what a column holds, injection-looking text.
 */
const HUGE = 'x'.repeat(100_000);

export const HOSTILE_STRINGS: readonly string[] = [
  '\u0000',
  'A\u0000B',
  'Northwind\u0000',
  HUGE,
  'a'.repeat(201),
  'A'.repeat(65),
  '',
  ' ',
  '\t\n',
  '\r\nX-Injected: 1',
  '\u202Eevil\u202C',
  'Nor\u200bthwind Freight',
  'Ｎｏｒｔｈｗｉｎｄ',
  '🙂🔥'.repeat(40),
  'e\u0301\u0301\u0301',
  '\uFEFF',
  '\uD800',
  '\u0007\u001b[31m',
  "' OR '1'='1",
  '"; DROP TABLE users; --',
  '../../../etc/passwd',
  '<script>alert(1)</script>',
  '{{7*7}}${7*7}',
  '%00',
  '%',
  '%zz',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '2147483648',
  '9007199254740993',
  ' 12',
  '1e309',
  '0x1F',
  'true',
  '[]',
  '{}',
  'ctr_01JZZZZZZZZZZZZZZZZZZZZZZZ',
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '2026-02-30',
  '2026-11-02T25:00:00Z',
  // Forged cursors: base64url of a NUL, of an impossible date|id key, of a JSON key with an escaped NUL; a JSON object; not base64.
  'AA',
  Buffer.from('2026-13-45|eff_01').toString('base64url'),
  Buffer.from('["a\\u0000","cus_01"]').toString('base64url'),
  'eyJub3QiOiJhIGN1cnNvciJ9',
  'fuzz',
];

export const HOSTILE_NUMBERS: readonly number[] = [
  2147483648,
  -2147483649,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  1e308,
  -1e308,
  -1,
  0,
  1.5,
  -0,
  1e-9,
];

export const WRONG_TYPES: readonly unknown[] = [
  null,
  true,
  false,
  [],
  {},
  [null],
  ['a', 'b'],
  { $ne: null },
  JSON.parse('{"__proto__":{"polluted":true}}'),
  12,
  '12',
  { constructor: { prototype: { x: 1 } } },
];

/** JSON text sent as it is, where building and serialising the value would overflow our own stack. */
export class RawJson {
  constructor(readonly json: string) {}
}

/** Arrays and objects nested `depth` deep, written as text. */
function nested(depth: number): RawJson {
  return new RawJson(`${'[{"a":'.repeat(depth / 2)}"bottom"${'}]'.repeat(depth / 2)}`);
}

const DEEP: readonly unknown[] = [nested(64), nested(5000)];
const WIDE: readonly unknown[] = [
  Array.from({ length: 10_000 }, () => 'a'),
  Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i])),
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) },
);

/** Any hostile JSON value: strings most often, then numbers, wrong types, deep and wide structures. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(...WRONG_TYPES) },
  { weight: 1, arbitrary: fc.constantFrom(...DEEP, ...WIDE) },
);

/** Bodies that are not the JSON the route expects, sent as raw text with a content type. */
export const hostileRawBody: fc.Arbitrary<{ raw: string | Buffer; contentType: string }> = fc.oneof(
  fc.constantFrom(
    { raw: '{"name": ', contentType: 'application/json' },
    { raw: '{"a":1}{"b":2}', contentType: 'application/json' },
    { raw: '\u0000', contentType: 'application/json' },
    { raw: '', contentType: 'application/json' },
    { raw: 'null', contentType: 'application/json' },
    { raw: '"just a string"', contentType: 'application/json' },
    { raw: '1e999', contentType: 'application/json' },
    { raw: '\uFEFF{}', contentType: 'application/json' },
    { raw: '{"reason":"\\ud800"}', contentType: 'application/json' },
    { raw: 'name=x&timeZone=UTC', contentType: 'application/x-www-form-urlencoded' },
    { raw: '<a>1</a>', contentType: 'application/xml' },
    { raw: '{}', contentType: 'text/plain' },
    { raw: '{}', contentType: 'application/json; charset=utf-16' },
    {
      raw: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n',
      contentType: 'multipart/form-data; boundary=x',
    },
    { raw: '{}', contentType: 'multipart/form-data' },
  ),
  // Past the 1 MB body limit.
  fc.constant({ raw: `{"name":"${'y'.repeat(1_100_000)}"}`, contentType: 'application/json' }),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => ({ raw: Buffer.from(b), contentType: 'application/json' })),
);
