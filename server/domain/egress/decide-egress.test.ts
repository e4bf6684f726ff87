import { describe, expect, it } from 'vitest';
import {
  decideDatabaseLogin,
  decideEgress,
  decideLocalSocket,
  LOCAL_MACHINE_EGRESS_POLICY,
  metadataDatabaseFromUrl,
  type TEgressPolicy,
} from './decide-egress';
import { parseEgressAllow } from './parse-egress-allow';

function policy(allow: string, metadataUrl?: string): TEgressPolicy {
  const parsed = parseEgressAllow(allow);
  if (!parsed.ok) throw new Error(parsed.error.join('; '));
  return { allow: parsed.value, localNetworksAllowed: false, metadataDatabase: metadataUrl ? metadataDatabaseFromUrl(metadataUrl) : null };
}

const target = (address: string, port: number, host = address) => ({ host, address, port });

describe('decideEgress', () => {
  it.each([
    // [allow setting, host, address, port, allowed?]
    ['', '8.8.8.8', '8.8.8.8', 443, true],
    ['', 'example.com', '93.184.215.14', 443, true],
    ['', '127.0.0.1', '127.0.0.1', 5432, false],
    ['', 'localhost', '::1', 5432, false],
    ['', '10.0.0.5', '10.0.0.5', 5432, false],
    ['', '100.64.1.1', '100.64.1.1', 80, false],
    ['', '0.0.0.0', '0.0.0.0', 5432, false],
    ['127.0.0.1:5432', '127.0.0.1', '127.0.0.1', 5432, true],
    ['127.0.0.1:5432', '127.0.0.1', '127.0.0.1', 5433, false],
    ['127.0.0.1:5432', 'localhost', '127.0.0.1', 5432, true],
    ['127.0.0.1:5432', '::ffff:127.0.0.1', '::ffff:127.0.0.1', 5432, true],
    ['127.0.0.1:5432', '0.0.0.0', '0.0.0.0', 5432, false],
    ['127.0.0.1', '127.0.0.1', '127.0.0.1', 8080, true],
    ['127.0.0.0/8', '127.1.2.3', '127.1.2.3', 1, true],
    ['10.0.0.0/8', '10.9.9.9', '10.9.9.9', 5432, true],
    ['10.0.0.0/8', '192.168.0.1', '192.168.0.1', 5432, false],
    ['fd00::/8', 'fd00::5', 'fd00::5', 5432, true],
    ['[::1]:5432', 'localhost', '::1', 5432, true],
    ['db.internal:5432', 'db.internal', '10.1.1.1', 5432, true],
    ['db.internal:5432', 'DB.internal.', '10.1.1.1', 5432, true],
    ['db.internal:5432', 'other.internal', '10.1.1.1', 5432, false],
    ['db.internal:5432', 'db.internal', '10.1.1.1', 6432, false],
    // Never, whatever is allowed.
    ['0.0.0.0/0', '169.254.169.254', '169.254.169.254', 80, false],
    ['::/0', 'fe80::1', 'fe80::1', 80, false],
    ['0.0.0.0/0', '::ffff:169.254.169.254', '::ffff:169.254.169.254', 80, false],
    ['metadata.google.internal:80', 'metadata.google.internal', '169.254.169.254', 80, false],
    ['100.64.0.0/10', '100.100.100.200', '100.100.100.200', 80, false],
  ] as const)('allow %j: %s (%s) port %d → %s', (allow, host, address, port, allowed) => {
    expect(decideEgress(policy(allow), target(address, port, host)).allowed).toBe(allowed);
  });

  it('names the rule and the setting that would allow a private destination', () => {
    expect(decideEgress(policy(''), target('127.0.0.1', 5432))).toEqual({
      allowed: false,
      rule: 'loopback',
      message: 'Refused to connect to 127.0.0.1:5432 (loopback): allow it with TRIBUTARY_EGRESS_ALLOW=127.0.0.1:5432 (or a CIDR).',
    });
    expect(decideEgress(policy(''), target('::1', 8080, 'localhost'))).toMatchObject({
      rule: 'loopback',
      message: 'Refused to connect to localhost:8080 at ::1 (loopback): allow it with TRIBUTARY_EGRESS_ALLOW=[::1]:8080 (or a CIDR).',
    });
  });

  it('says a metadata address is never reachable, without offering the setting', () => {
    expect(decideEgress(policy('0.0.0.0/0'), target('169.254.169.254', 80))).toEqual({
      allowed: false,
      rule: 'link_local',
      message: 'Refused to connect to 169.254.169.254:80 (link-local / cloud metadata address): Tributary never lets a workspace reach it.',
    });
  });

  it("allows the user's own networks on their machine, but still not the metadata address", () => {
    expect(decideEgress(LOCAL_MACHINE_EGRESS_POLICY, target('127.0.0.1', 5432)).allowed).toBe(true);
    expect(decideEgress(LOCAL_MACHINE_EGRESS_POLICY, target('10.0.0.1', 5432)).allowed).toBe(true);
    expect(decideEgress(LOCAL_MACHINE_EGRESS_POLICY, target('169.254.169.254', 80)).allowed).toBe(false);
  });
});

describe('decideDatabaseLogin', () => {
  const hosted = policy('127.0.0.1:5432', 'postgresql://tributary:pw@127.0.0.1:5432/tributary');
  const local = ['127.0.0.1'];
  const login = (address: string, port: number, user: string | null, database: string | null) => ({ target: target(address, port), user, database });

  it.each([
    // [address, port, user, database, refused because]
    ['127.0.0.1', 5432, 'tributary', 'warehouse', "its role 'tributary'"],
    ['127.0.0.1', 5432, 'tributary', 'tributary', "its role 'tributary'"],
    ['127.0.0.1', 5432, 'warehouse', 'tributary', "database 'tributary'"],
    ['127.0.0.1', 5432, null, 'warehouse', 'names no login'],
    ['127.0.0.1', 5432, 'warehouse', null, 'names no database'],
    // Other spellings of this machine reach the same server.
    ['::ffff:127.0.0.1', 5432, 'tributary', 'warehouse', "its role 'tributary'"],
    ['127.0.0.2', 5432, 'tributary', 'warehouse', "its role 'tributary'"],
    ['0.0.0.0', 5432, 'tributary', 'warehouse', "its role 'tributary'"],
    ['::1', 5432, 'warehouse', 'tributary', "database 'tributary'"],
  ] as const)('refuses %s:%d as %s on %s (%s)', (address, port, user, database, reason) => {
    const decision = decideDatabaseLogin(hosted, login(address, port, user, database), local);
    expect(decision).toMatchObject({ allowed: false, rule: 'metadata_database' });
    expect(!decision.allowed && decision.message).toContain("this is Tributary's own metadata database");
    expect(!decision.allowed && decision.message).toContain(reason);
  });

  it.each([
    ['127.0.0.1', 5432, 'warehouse', 'warehouse'],
    ['127.0.0.1', 5433, 'tributary', 'tributary'],
    ['10.0.0.9', 5432, 'tributary', 'tributary'],
  ] as const)('allows %s:%d as %s on %s', (address, port, user, database) => {
    expect(decideDatabaseLogin(hosted, login(address, port, user, database), local)).toEqual({ allowed: true });
  });

  it('compares addresses when the metadata server is remote', () => {
    const remote = policy('', 'postgresql://svc@db.internal:5432/meta');
    expect(decideDatabaseLogin(remote, login('10.0.0.7', 5432, 'svc', 'x'), ['10.0.0.7']).allowed).toBe(false);
    expect(decideDatabaseLogin(remote, login('127.0.0.1', 5432, 'svc', 'x'), ['10.0.0.7']).allowed).toBe(true);
  });

  it('has nothing to protect without a metadata database', () => {
    expect(decideDatabaseLogin(LOCAL_MACHINE_EGRESS_POLICY, login('127.0.0.1', 5432, 'tributary', 'tributary'), local)).toEqual({ allowed: true });
  });
});

describe('decideLocalSocket', () => {
  it('refuses a unix socket on the platform, allows it on the user’s machine', () => {
    expect(decideLocalSocket(policy('0.0.0.0/0'), '/var/run/postgresql')).toMatchObject({ allowed: false, rule: 'local_socket' });
    expect(decideLocalSocket(LOCAL_MACHINE_EGRESS_POLICY, '/var/run/postgresql')).toEqual({ allowed: true });
  });
});

describe('metadataDatabaseFromUrl', () => {
  it.each([
    ['postgresql://tributary:pw@127.0.0.1:54321/tributary', { host: '127.0.0.1', port: 54321, user: 'tributary', database: 'tributary' }],
    ['postgres://svc%40x@[::1]/meta%20db', { host: '::1', port: 5432, user: 'svc@x', database: 'meta db' }],
    ['postgresql://svc@db.internal', { host: 'db.internal', port: 5432, user: 'svc', database: 'svc' }],
  ])('%s', (url, expected) => {
    expect(metadataDatabaseFromUrl(url)).toEqual(expected);
  });
});
