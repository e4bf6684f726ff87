import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { decideEgress, metadataDatabaseFromUrl, type TEgressPolicy, type TEgressRule } from '../domain/egress/decide-egress';
import { parseEgressAllow } from '../domain/egress/parse-egress-allow';
import { env, type TEnv } from '../env';

/**
 * The I/O half of the egress guard (the rules are pure, in server/domain/egress): resolves a
 * host, judges every address it resolves to, and hands back the addresses that were judged, so
 * that the connection goes to exactly those (a second lookup could answer differently).
 */
export type { TEgressPolicy };

/** A connection the egress policy refuses; its message names the rule and, when one can, the setting that would allow it. */
export class EgressRefusedError extends Error {
  override name = 'EgressRefusedError';

  constructor(
    readonly rule: TEgressRule,
    message: string,
  ) {
    super(message);
  }
}

export type TResolvedAddress = { address: string; family: 4 | 6 };

/** A host whose every address passed the policy, in the order the resolver gave them. */
export type TCheckedHost = { host: string; port: number; addresses: TResolvedAddress[] };

/** `[::1]` (a URL's hostname) → `::1`. */
export function unbracket(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1');
}

/** Every address of `host` (itself when it is an IP address); a name that does not resolve throws the resolver's error. */
export async function resolveHost(host: string): Promise<TResolvedAddress[]> {
  const bare = unbracket(host);
  const family = isIP(bare);
  if (family !== 0) return [{ address: bare, family: family === 6 ? 6 : 4 }];
  const found = await lookup(bare, { all: true, order: 'verbatim' });
  return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
}

/**
 * Resolves `host` and refuses the connection unless every address it resolves to is allowed:
 * a name with one public and one private address could otherwise reach the private one on the
 * driver's next attempt.
 */
export async function checkEgress(policy: TEgressPolicy, host: string, port: number): Promise<TCheckedHost> {
  const bare = unbracket(host);
  const addresses = await resolveHost(bare);
  for (const { address } of addresses) {
    const decision = decideEgress(policy, { host: bare, address, port });
    if (!decision.allowed) throw new EgressRefusedError(decision.rule, decision.message);
  }
  return { host: bare, port, addresses };
}

const policies = new WeakMap<TEnv, TEgressPolicy>();

/**
 * The policy of this worker or web process: TRIBUTARY_EGRESS_ALLOW and its own DATABASE_URL.
 * Built once per parsed environment (a test or launcher that resets the env cache gets a new one).
 */
export function egressPolicyFromEnv(): TEgressPolicy {
  const config = env();
  const cached = policies.get(config);
  if (cached) return cached;
  const allow = parseEgressAllow(config.TRIBUTARY_EGRESS_ALLOW);
  // env() has validated the setting already; this only narrows the type.
  if (!allow.ok) throw new Error(`TRIBUTARY_EGRESS_ALLOW: ${allow.error.join('; ')}`);
  const policy: TEgressPolicy = {
    allow: allow.value,
    localNetworksAllowed: false,
    metadataDatabase: config.DATABASE_URL ? metadataDatabaseFromUrl(config.DATABASE_URL) : null,
  };
  policies.set(config, policy);
  return policy;
}
