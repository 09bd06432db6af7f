import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameProblem, normalizeName } from './names.ts';

/** Full-width forms of printable ASCII (U+FF01–U+FF5E), which NFKC folds back. */
const fullWidth = (s: string) =>
  s.replace(/[!-~]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).replace(/ /g, '\u3000');
const zeroWidth = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad'];

describe('normalizeName: the key that customer names are compared by', () => {
  it('makes the look-alikes of the attack run equal to the real name', () => {
    const key = normalizeName('Northwind Freight');
    expect(key).toBe('northwind freight');
    for (const lookAlike of [
      'Nor\u200bthwind Freight',
      'Ｎｏｒｔｈｗｉｎｄ Freight',
      'Ｎｏｒｔｈｗｉｎｄ\u3000Ｆｒｅｉｇｈｔ',
      '  NORTHWIND   freight ',
      '\ufeffNorthwind\u00a0Freight',
      'North\u2060wind Fre\u200dight',
      'Northwind\tFreight',
      'Nor\u00adthwind Freight',
      'Nor\u202ethwind Freight',
    ])
      expect(normalizeName(lookAlike), JSON.stringify(lookAlike)).toBe(key);
    expect(normalizeName('Cafe\u0301 Lumière')).toBe(normalizeName('Café LUMIÈRE'));
    expect(normalizeName('Northwind Freight')).not.toBe(normalizeName('Northwind Freight 2'));
    expect(normalizeName('Müller')).not.toBe(normalizeName('Muller'));
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const once = normalizeName(s);
        expect(normalizeName(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('ignores zero-width characters, case and full-width forms wherever they are', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 &-.'.split('')),
          minLength: 1,
          maxLength: 30,
        }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...zeroWidth)), { maxLength: 5 }),
        (name, insertions) => {
          let spoofed = name;
          for (const [at, zw] of insertions) {
            const i = at % (spoofed.length + 1);
            spoofed = spoofed.slice(0, i) + zw + spoofed.slice(i);
          }
          const key = normalizeName(name);
          expect(normalizeName(spoofed)).toBe(key);
          expect(normalizeName(fullWidth(name))).toBe(key);
          expect(normalizeName(name.toUpperCase())).toBe(key);
        },
      ),
    );
  });
});

describe('nameProblem: what a name may not hold', () => {
  it.each([
    ['NUL', 'A\u0000B', 'control character (U+0000)'],
    ['bell', 'A\u0007B', 'control character (U+0007)'],
    ['line feed', 'Northwind\nFreight', 'control character (U+000A)'],
    ['tab', 'Northwind\tFreight', 'control character (U+0009)'],
    ['DEL', 'A\u007fB', 'control character (U+007F)'],
    ['C1 next line', 'A\u0085B', 'control character (U+0085)'],
    ['line separator', 'A\u2028B', 'control character (U+2028)'],
    ['right-to-left override', 'Invoice \u202egpj.exe', 'bidirectional control (U+202E)'],
    ['left-to-right embedding', '\u202aA', 'bidirectional control (U+202A)'],
    ['first strong isolate', 'A\u2068B\u2069', 'bidirectional control (U+2068)'],
    ['left-to-right mark', 'A\u200eB', 'bidirectional control (U+200E)'],
    ['right-to-left mark', 'A\u200fB', 'bidirectional control (U+200F)'],
    ['Arabic letter mark', 'A\u061cB', 'bidirectional control (U+061C)'],
    ['lone surrogate', 'A\ud800B', 'broken character'],
  ])('refuses a %s', (_what, name, problem) => {
    expect(nameProblem(name)).toContain(problem);
  });

  it.each([
    'Société Générale Sécurité',
    '株式会社東京インシデント',
    'شركة الرياض للأمن السيبراني',
    'Ørsted A/S — Ops',
    'Café ☕ 🚀',
    '👨‍👩‍👧 Family Office',
    "Zoë O'Brien-Smith",
    'Ελληνική Ασφάλεια',
    'مهدی‌زاده',
    'Northwind Freight',
  ])('accepts %s', (name) => {
    expect(nameProblem(name)).toBeNull();
  });
});
