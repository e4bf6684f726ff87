import { isIP } from 'node:net';
import { err, ok, type Result } from '../result';
import { ADDRESS_RULE_LABELS, classifyAddress, normalizeAddress } from './address-class';

/** The setting an operator uses to open non-public destinations; named in every refusal. */
export const EGRESS_ALLOW_SETTING = 'TRIBUTARY_EGRESS_ALLOW';

/**
 * One entry of TRIBUTARY_EGRESS_ALLOW. A `network` (a CIDR, or one IP as /32 or /128) opens
 * every port of its addresses; an `endpoint` opens one port of one IP, or of one host name as
 * the connection spells it (whatever the name resolves to, except link-local addresses).
 */
export type TEgressAllowEntry =
  | { kind: 'network'; text: string; network: string; prefix: number }
  | { kind: 'endpoint'; text: string; host: string; port: number };

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*\.?$/i;

function parsePort(text: string, entry: string): Result<number, string> {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) return err(`'${entry}': the port must be a number from 1 to 65535`);
  return ok(port);
}

/** An allowed range that lies in a link-local range would do nothing: say so at startup. */
function refuseLinkLocal(network: string, entry: string): string | null {
  if (classifyAddress(network) !== 'link_local') return null;
  return `'${entry}' is a ${ADDRESS_RULE_LABELS.link_local}: Tributary never lets a workspace reach it, so it cannot be allowed`;
}

function parseNetwork(entry: string): Result<TEgressAllowEntry, string> {
  const [address = '', prefixText, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return err(`'${entry}' is not a CIDR (like 10.0.0.0/8 or fd00::/8)`);
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return err(`'${entry}': the prefix length must be a number from 0 to ${max}`);
  const network = normalizeAddress(address);
  const linkLocal = prefix === 0 ? null : refuseLinkLocal(network, entry);
  return linkLocal ? err(linkLocal) : ok({ kind: 'network', text: entry, network, prefix });
}

function parseEndpoint(entry: string): Result<TEgressAllowEntry, string> {
  const bracketed = /^\[([^\]]+)\]:([^:]*)$/.exec(entry);
  const plain = /^([^:[\]]+):([^:]*)$/.exec(entry);
  const [, hostText = '', portText = ''] = bracketed ?? plain ?? [];
  if (!bracketed && !plain) return err(`'${entry}' is not a CIDR, an IP address or host:port (write an IPv6 address with a port as [::1]:5432)`);
  if (bracketed && isIP(hostText) !== 6) return err(`'${entry}': only an IPv6 address goes in brackets`);
  const port = parsePort(portText, entry);
  if (!port.ok) return port;
  const isAddress = isIP(hostText) !== 0;
  if (!isAddress && !HOST_NAME.test(hostText)) return err(`'${entry}': '${hostText}' is neither an IP address nor a host name`);
  const host = isAddress ? normalizeAddress(hostText) : hostText.toLowerCase().replace(/\.$/, '');
  const linkLocal = isAddress ? refuseLinkLocal(host, entry) : null;
  return linkLocal ? err(linkLocal) : ok({ kind: 'endpoint', text: entry, host, port: port.value });
}

function parseEntry(entry: string): Result<TEgressAllowEntry, string> {
  if (entry.includes('/') || isIP(entry) !== 0) return parseNetwork(entry);
  return parseEndpoint(entry);
}

/**
 * Reads TRIBUTARY_EGRESS_ALLOW: entries separated by commas (spaces around them are ignored),
 * each a CIDR (`10.0.0.0/8`, `fd00::/8`), an IP (`10.1.2.3`), `ip:port` (`127.0.0.1:5432`,
 * `[::1]:5432`) or `host:port` (`warehouse.internal:5432`). Every bad entry is reported.
 */
export function parseEgressAllow(value: string): Result<TEgressAllowEntry[], string[]> {
  const entries: TEgressAllowEntry[] = [];
  const problems: string[] = [];
  for (const text of value.split(',').map((part) => part.trim())) {
    if (text === '') continue;
    const parsed = parseEntry(text);
    if (parsed.ok) entries.push(parsed.value);
    else problems.push(parsed.error);
  }
  return problems.length > 0 ? err(problems) : ok(entries);
}
