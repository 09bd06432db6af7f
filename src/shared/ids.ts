import { monotonicFactory } from 'ulid';
import { randomFraction } from './random.ts';

/** Type prefixes of readable, time-ordered ids (`usr_01J…`). */
export const idPrefixes = [
  'org',
  'usr',
  'ses',
  'tok',
  'otk',
  'aud',
  'out',
  'mbx',
  'cus',
  'sit',
  'con',
  'ctr',
  'led',
  'eng',
  'req',
  'scl',
  'ewo',
  'ewv',
  'chg',
  'apr',
  'cat',
  'eff',
  'exp',
  'dlv',
  'dlf',
  'stm',
  'bkg',
  'mil',
  'inb',
  'fil',
  'apt',
  'tof',
  'rot',
  'shf',
  'whk',
  'msg',
  'wha',
  'tur',
  'pkg',
  'bil',
  'bln',
  'sso',
] as const;
export type IdPrefix = (typeof idPrefixes)[number];

export interface IdGenerator {
  next(prefix: IdPrefix): string;
}

export function createIdGenerator(): IdGenerator {
  const ulid = monotonicFactory(randomFraction);
  return { next: (prefix) => `${prefix}_${ulid().toLowerCase()}` };
}
