// node:net's BlockList and isIP are pure computations (no socket, no lookup): the domain uses
// them rather than hand-written CIDR arithmetic, which is where address checks usually break.
import { BlockList, isIP } from 'node:net';

/** Why an address is not an ordinary public one; each names its reason in a refusal. */
export type TAddressRule = 'link_local' | 'loopback' | 'unspecified' | 'private' | 'shared' | 'multicast' | 'reserved';

export const ADDRESS_RULE_LABELS: Record<TAddressRule, string> = {
  link_local: 'link-local / cloud metadata address',
  loopback: 'loopback',
  unspecified: 'unspecified address, which reaches this machine',
  private: 'private network',
  shared: 'carrier-grade NAT / shared address space',
  multicast: 'multicast / broadcast',
  reserved: 'reserved / special-purpose address',
};

type TRange = readonly [network: string, prefix: number];

/**
 * Checked in this order; the first match names the rule. `link_local` is never allowed: the
 * cloud metadata services (169.254.169.254, AWS's fd00:ec2::254) hand out the host's
 * credentials. Alibaba's (100.100.100.200) and Azure's WireServer (168.63.129.16) are listed
 * here too, because they sit outside 169.254/16 and an operator's CIDR could otherwise cover them.
 */
const RANGES: ReadonlyArray<readonly [TAddressRule, readonly TRange[]]> = [
  ['link_local', [['169.254.0.0', 16], ['fe80::', 10], ['fd00:ec2::254', 128], ['100.100.100.200', 32], ['168.63.129.16', 32]]],
  ['loopback', [['127.0.0.0', 8], ['::1', 128]]],
  ['unspecified', [['0.0.0.0', 8], ['::', 128]]],
  ['private', [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['fc00::', 7], ['fec0::', 10]]],
  ['shared', [['100.64.0.0', 10]]],
  ['multicast', [['224.0.0.0', 4], ['255.255.255.255', 32], ['ff00::', 8]]],
  [
    'reserved',
    [
      ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['198.18.0.0', 15], ['198.51.100.0', 24],
      ['203.0.113.0', 24], ['240.0.0.0', 4],
      // IPv4-compatible (deprecated), discard-only, IETF protocol assignments (Teredo…),
      // documentation, 6to4, local-use NAT64: none is a destination a task has business with.
      ['::', 96], ['100::', 64], ['2001::', 23], ['2001:db8::', 32], ['2002::', 16], ['64:ff9b:1::', 48],
    ],
  ],
];

function familyOf(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 4 ? 'ipv4' : 'ipv6';
}

/** A BlockList of CIDRs; IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) match their IPv4 rules. */
export function blockListOf(ranges: readonly TRange[]): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of ranges) list.addSubnet(network, prefix, familyOf(network));
  return list;
}

const LISTS = RANGES.map(([rule, ranges]) => [rule, blockListOf(ranges)] as const);

/** `fe80::1%eth0` → `fe80::1`, lower case: the form every comparison here uses. */
export function normalizeAddress(address: string): string {
  return address.replace(/%.*$/, '').replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted quad counts as two). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The IPv4 address an IPv6 address carries and reaches: IPv4-mapped (::ffff:a.b.c.d, which a
 * dual-stack socket connects over IPv4) and well-known NAT64 (64:ff9b::a.b.c.d, which a NAT64
 * gateway forwards). Such an address is judged as the IPv4 address it reaches.
 */
export function embeddedIpv4(address: string): string | null {
  if (isIP(address) !== 6) return null;
  const groups = ipv6Groups(address);
  const prefix = groups.slice(0, 6).join(':');
  if (prefix !== '0:0:0:0:0:65535' && prefix !== '100:65435:0:0:0:0') return null;
  const [high = 0, low = 0] = groups.slice(6);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The address a check should judge: normalised, and the IPv4 one when it carries one. */
export function effectiveAddress(address: string): string {
  const normalized = normalizeAddress(address);
  return embeddedIpv4(normalized) ?? normalized;
}

/** The rule an IP address falls under, or null for an ordinary public address. */
export function classifyAddress(address: string): TAddressRule | null {
  const effective = effectiveAddress(address);
  if (isIP(effective) === 0) throw new Error(`'${address}' is not an IP address`);
  const family = familyOf(effective);
  for (const [rule, list] of LISTS) if (list.check(effective, family)) return rule;
  return null;
}
