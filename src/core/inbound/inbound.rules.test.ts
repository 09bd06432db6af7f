import { describe, expect, it } from 'vitest';
import {
  firstWord,
  isAutomated,
  ownText,
  parseAuthenticationResults,
  parseRecipient,
  senderVerdict,
} from './inbound.rules.ts';

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
    expect(firstWord('DECLINE: too expensive for now\n> quoted')).toEqual({
      word: 'DECLINE',
      rest: 'too expensive for now',
    });
    expect(firstWord('> only a quote').word).toBe('');
    expect(ownText('hello\n-- \nsig')).toBe('hello');
  });
});

describe('Authentication-Results (RFC 8601)', () => {
  it('parses the authserv-id, results and properties, ignoring comments, quotes and folding', () => {
    expect(
      parseAuthenticationResults(
        'MX.Example.com 1; spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=bounce@a.test;\r\n\tdkim=pass header.d=a.test header.s="sel;1"; dmarc = fail (p=reject) header.from=a.test',
      ),
    ).toEqual({
      authservId: 'mx.example.com',
      results: [
        { method: 'spf', result: 'pass', props: { 'smtp.mailfrom': 'bounce@a.test' } },
        { method: 'dkim', result: 'pass', props: { 'header.d': 'a.test', 'header.s': 'sel;1' } },
        { method: 'dmarc', result: 'fail', props: { 'header.from': 'a.test' } },
      ],
    });
    expect(parseAuthenticationResults('mx.example.com; none')).toEqual({ authservId: 'mx.example.com', results: [] });
    expect(parseAuthenticationResults('  ')).toBeNull();
  });

  const ID = 'mx.imr.test';
  it('trusts only headers with our authserv-id, the topmost per method', () => {
    expect(senderVerdict([`${ID}; dmarc=pass header.from=a.test`], ID, 'dana@a.test')).toMatchObject({ trusted: true });
    expect(senderVerdict([`${ID}; dmarc=fail header.from=a.test`], ID, 'dana@a.test')).toMatchObject({
      trusted: false,
      reason: expect.stringContaining('DMARC failed'),
    });
    // A header of another server (or one made up by the sender) is ignored.
    expect(
      senderVerdict([`${ID}; dmarc=pass header.from=a.test`, 'mx.elsewhere.test; dmarc=fail'], ID, 'dana@a.test'),
    ).toMatchObject({ trusted: true });
    expect(senderVerdict(['mx.elsewhere.test; dmarc=pass'], ID, 'dana@a.test')).toMatchObject({
      trusted: false,
      reason: expect.stringContaining('did not come through'),
    });
    // Our server's verdict on top wins over a lower header claiming our id.
    expect(
      senderVerdict(
        [`${ID}; dmarc=fail header.from=a.test`, `${ID}; dmarc=pass header.from=a.test`],
        ID,
        'dana@a.test',
      ),
    ).toMatchObject({ trusted: false });
    expect(senderVerdict([`${ID}; dmarc=pass header.from=b.test`], ID, 'dana@a.test')).toMatchObject({
      trusted: false,
      reason: expect.stringContaining('not for the From domain'),
    });
  });

  it('without DMARC, refuses an SPF failure unless a DKIM signature of the From domain passed', () => {
    expect(senderVerdict([`${ID}; spf=fail smtp.mailfrom=x@a.test; dkim=none`], ID, 'dana@a.test')).toMatchObject({
      trusted: false,
    });
    expect(
      senderVerdict([`${ID}; spf=fail smtp.mailfrom=x@a.test; dkim=pass header.d=other.test`], ID, 'dana@a.test'),
    ).toMatchObject({ trusted: false });
    expect(
      senderVerdict([`${ID}; spf=fail smtp.mailfrom=x@fwd.test; dkim=pass header.d=mail.a.test`], ID, 'dana@a.test'),
    ).toMatchObject({ trusted: true });
    expect(senderVerdict([`${ID}; spf=softfail; dkim=none`], ID, 'dana@a.test')).toMatchObject({
      trusted: true,
      summary: 'spf=softfail dkim=none',
    });
    expect(senderVerdict([`${ID}; none`], ID, 'dana@a.test')).toMatchObject({ trusted: true, summary: 'none' });
  });
});
