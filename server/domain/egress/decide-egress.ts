import { BlockList, isIP } from 'node:net';
import { ADDRESS_RULE_LABELS, classifyAddress, effectiveAddress, type TAddressRule } from './address-class';
import { EGRESS_ALLOW_SETTING, type TEgressAllowEntry } from './parse-egress-allow';

/** Tributary's own metadata database, as its DATABASE_URL names it. */
export type TMetadataDatabase = { host: string; port: number; database: string; user: string };

export type TEgressPolicy = {
  /** TRIBUTARY_EGRESS_ALLOW, parsed. */
  allow: readonly TEgressAllowEntry[];
  /**
   * On the user's own machine (`tributary tasks test`), loopback and private networks are the
   * user's own to reach; link-local and cloud metadata addresses stay refused.
   */
  localNetworksAllowed: boolean;
  /** Refused even when its host:port is allowed (the demo warehouse lives on the same server). */
  metadataDatabase: TMetadataDatabase | null;
};

export type TEgressRule = TAddressRule | 'metadata_database' | 'local_socket';

export type TEgressDecision = { allowed: true } | { allowed: false; rule: TEgressRule; message: string };

/** One destination: the host as the connection spells it, one address it resolved to, the port. */
export type TEgressTarget = { host: string; address: string; port: number };

export const ALLOWED: TEgressDecision = { allowed: true };

/** `127.0.0.1:5432`, `[::1]:5432`: an address and port as an allow entry spells them. */
export function hostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `127.0.0.1:5432`, or `localhost:5432 at 127.0.0.1` when a name resolved to the address. */
function describeTarget(target: TEgressTarget): string {
  const named = hostPort(target.host, target.port);
  return target.host === target.address ? named : `${named} at ${target.address}`;
}

function blockListOfEntry(entry: Extract<TEgressAllowEntry, { kind: 'network' }>): BlockList {
  const list = new BlockList();
  list.addSubnet(entry.network, entry.prefix, isIP(entry.network) === 4 ? 'ipv4' : 'ipv6');
  return list;
}

function sameAddress(a: string, b: string): boolean {
  const [x, y] = [effectiveAddress(a), effectiveAddress(b)];
  if (x === y) return true;
  if (isIP(x) !== isIP(y)) return false;
  const list = new BlockList();
  list.addAddress(x, isIP(x) === 4 ? 'ipv4' : 'ipv6');
  return list.check(y, isIP(y) === 4 ? 'ipv4' : 'ipv6');
}

function entryAllows(entry: TEgressAllowEntry, target: TEgressTarget): boolean {
  const address = effectiveAddress(target.address);
  if (entry.kind === 'network') return blockListOfEntry(entry).check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
  if (entry.port !== target.port) return false;
  if (isIP(entry.host) !== 0) return sameAddress(entry.host, address);
  return entry.host === target.host.toLowerCase().replace(/\.$/, '');
}

/**
 * Whether a workspace may open a connection to one resolved address. Public addresses may;
 * link-local and cloud metadata addresses never may; every other non-public address only when
 * TRIBUTARY_EGRESS_ALLOW (or the local machine's policy) opens it.
 */
export function decideEgress(policy: TEgressPolicy, target: TEgressTarget): TEgressDecision {
  const rule = classifyAddress(target.address);
  if (rule === null) return ALLOWED;
  const refused = `Refused to connect to ${describeTarget(target)} (${ADDRESS_RULE_LABELS[rule]})`;
  if (rule === 'link_local') return { allowed: false, rule, message: `${refused}: Tributary never lets a workspace reach it.` };
  if (policy.localNetworksAllowed) return ALLOWED;
  if (policy.allow.some((entry) => entryAllows(entry, target))) return ALLOWED;
  const example = hostPort(effectiveAddress(target.address), target.port);
  return { allowed: false, rule, message: `${refused}: allow it with ${EGRESS_ALLOW_SETTING}=${example} (or a CIDR).` };
}

/** A unix socket path (PostgreSQL's host `/var/run/postgresql`): this machine's own services. */
export function decideLocalSocket(policy: TEgressPolicy, path: string): TEgressDecision {
  if (policy.localNetworksAllowed) return ALLOWED;
  return {
    allowed: false,
    rule: 'local_socket',
    message: `Refused to connect to the local socket ${path}: a workspace reaches PostgreSQL over TCP only (give the connection a host name or address).`,
  };
}

/** Loopback and "this host" addresses all reach the same machine, whatever their spelling. */
function isThisMachine(address: string): boolean {
  const rule = classifyAddress(address);
  return rule === 'loopback' || rule === 'unspecified';
}

export type TDatabaseLogin = { target: TEgressTarget; database: string | null; user: string | null };

/**
 * Refuses a PostgreSQL session on the metadata server (same port; the same address, or any
 * address of this machine when the metadata server is local) that uses the metadata database
 * or the metadata role, or leaves either unnamed (the driver would fill it in from the worker's
 * own environment). `metadataAddresses` are the addresses the metadata host resolves to.
 */
export function decideDatabaseLogin(policy: TEgressPolicy, login: TDatabaseLogin, metadataAddresses: readonly string[]): TEgressDecision {
  const metadata = policy.metadataDatabase;
  if (metadata === null || login.target.port !== metadata.port) return ALLOWED;
  const address = login.target.address;
  const sameServer = metadataAddresses.some((own) => sameAddress(own, address) || (isThisMachine(own) && isThisMachine(address)));
  if (!sameServer) return ALLOWED;
  const where = describeTarget(login.target);
  const refuse = (detail: string): TEgressDecision => ({
    allowed: false,
    rule: 'metadata_database',
    message: `Refused to connect to ${where}: this is Tributary's own metadata database (${detail}). Give the data its own database and role.`,
  });
  if (login.user === null || login.user === '') return refuse('its server, and the connection names no login');
  if (login.database === null || login.database === '') return refuse('its server, and the connection names no database');
  if (login.user === metadata.user) return refuse(`its role '${metadata.user}'`);
  if (login.database === metadata.database) return refuse(`database '${metadata.database}'`);
  return ALLOWED;
}

/** The metadata database a DATABASE_URL names (PostgreSQL's defaults for what it leaves out). */
export function metadataDatabaseFromUrl(databaseUrl: string): TMetadataDatabase {
  const url = new URL(databaseUrl);
  const user = decodeURIComponent(url.username) || 'postgres';
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost',
    port: url.port ? Number(url.port) : 5432,
    database: decodeURIComponent(url.pathname.slice(1)) || user,
    user,
  };
}

/** `tributary tasks test` on the user's machine: nothing of a hosted platform to protect but the cloud metadata. */
export const LOCAL_MACHINE_EGRESS_POLICY: TEgressPolicy = { allow: [], localNetworksAllowed: true, metadataDatabase: null };
