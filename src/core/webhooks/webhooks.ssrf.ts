import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

/** Where webhooks may go: https only when the product is served over https; private ranges only when allowed. */
export interface TargetPolicy {
  requireHttps: boolean;
  /** WEBHOOKS_ALLOW_PRIVATE=1: loopback, private, link-local and unique-local targets (on-premises, tests). */
  allowPrivate: boolean;
}

/** Ranges never allowed, even with WEBHOOKS_ALLOW_PRIVATE: nothing listens there for us. */
const NEVER = new Set(['unspecified', 'multicast', 'broadcast']);

/**
 * Why an address may not be a webhook target, or null when it may: only globally routable unicast
 * addresses (ipaddr.js's `unicast` range). IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`) are judged as the
 * IPv4 address they carry; NAT64, 6to4 and Teredo forms (which embed an IPv4 address) are refused.
 */
export function addressRefusal(address: string, policy: Pick<TargetPolicy, 'allowPrivate'>): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  if (range === 'unicast') return null;
  if (policy.allowPrivate && !NEVER.has(range)) return null;
  return `${ip.toString()} is a ${range} address`;
}

/** The URL's host as an IP address when it is a literal (brackets of IPv6 removed), else null. */
const ipLiteral = (hostname: string): string | null => {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return net.isIP(bare) ? bare : null;
};

/**
 * Why a URL may not be subscribed, or null: http(s) only (https when required), no credentials in it, and
 * an IP literal must be an allowed address. A host name is checked again on every delivery, on the
 * address it resolves to then.
 */
export function urlRefusal(raw: string, policy: TargetPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Give an absolute URL such as https://hooks.example.com/imr.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'Only https:// (or http://) URLs can receive webhooks.';
  if (policy.requireHttps && url.protocol !== 'https:')
    return 'This installation is served over https, so webhook URLs must use https:// too.';
  if (url.username || url.password) return 'Leave credentials out of the URL: receivers check the signature instead.';
  const literal = ipLiteral(url.hostname);
  if (literal) {
    const refusal = addressRefusal(literal, policy);
    if (refusal)
      return `Webhooks are never sent to private, loopback, link-local or reserved addresses (${refusal}). Use a public host name, or set WEBHOOKS_ALLOW_PRIVATE=1 for an on-premises receiver.`;
  }
  return null;
}

export class TargetRefused extends Error {
  override readonly name = 'TargetRefused';
  readonly code = 'TARGET_REFUSED';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
/** Resolves a name to all its addresses (node:dns lookup with `all: true`; a fake in tests). */
export type ResolveAll = (
  hostname: string,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;
const resolveAll: ResolveAll = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);

/**
 * A `lookup` for http(s).request that resolves the name, refuses when any address it resolves to is not
 * allowed, and hands the socket the checked address: the connection goes to the address that was checked
 * (no second resolution a rebinding DNS server could answer differently), while Host and SNI keep the name.
 */
export function checkedLookup(policy: Pick<TargetPolicy, 'allowPrivate'>, resolve: ResolveAll = resolveAll) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    resolve(hostname, (err, list) => {
      if (err) return callback(err, '');
      const refused = list.map((a) => addressRefusal(a.address, policy)).find((r) => r !== null);
      if (refused || list.length === 0)
        return callback(new TargetRefused(`${hostname} resolves to a refused address: ${refused ?? 'none'}`), '');
      const chosen = list[0]!;
      if (options.all) callback(null, [chosen]);
      else callback(null, chosen.address, chosen.family);
    });
  };
}

/** Refuses an IP-literal URL before connecting (Node does not call `lookup` for literals). */
export function literalRefusal(url: URL, policy: Pick<TargetPolicy, 'allowPrivate'>): string | null {
  const literal = ipLiteral(url.hostname);
  return literal ? addressRefusal(literal, policy) : null;
}
