import { describe, expect, it } from 'vitest';
import { firstWord, isAutomated, ownText, parseRecipient } from './inbound.rules.ts';

describe('inbound rules', () => {
  it('parses tagged recipients of our domain only', () => {
    expect(parseRecipient('ewo+abc123@in.imr.test', 'in.imr.test')).toEqual({ tag: 'ewo', token: 'abc123' });
    expect(parseRecipient('Balance@IN.imr.test', 'in.imr.test')).toEqual({ tag: 'balance', token: null });
    expect(parseRecipient('ewo+abc@elsewhere.test', 'in.imr.test')).toBeNull();
    expect(parseRecipient('not an address', 'in.imr.test')).toBeNull();
  });

  it('recognises automated mail per RFC 3834', () => {
    expect(isAutomated({ 'auto-submitted': 'auto-replied' })).toBe(true);
    expect(isAutomated({ 'auto-submitted': 'no' })).toBe(false);
    expect(isAutomated({ precedence: 'bulk' })).toBe(true);
    expect(isAutomated({ 'list-id': '<team.example.com>' })).toBe(true);
    expect(isAutomated({ 'return-path': '<>' })).toBe(true);
    expect(isAutomated({ from: 'a@b.c' })).toBe(false);
  });

  it('reads the first word above the quoted text', () => {
    const body = 'Approve\n\nThanks, Dana\n\nOn Tue, 3 Nov 2026 at 04:02, IMR Desk wrote:\n> APPROVE or DECLINE';
    expect(firstWord(body)).toEqual({ word: 'APPROVE', rest: 'Thanks, Dana' });
    expect(firstWord('DECLINE: too expensive for now\n> quoted')).toEqual({ word: 'DECLINE', rest: 'too expensive for now' });
    expect(firstWord('> only a quote').word).toBe('');
    expect(ownText('hello\n-- \nsig')).toBe('hello');
  });
});
