import { describe, expect, it } from 'vitest';
import { parseEgressAllow } from './parse-egress-allow';

describe('parseEgressAllow', () => {
  it('reads nothing from an empty setting', () => {
    expect(parseEgressAllow('')).toEqual({ ok: true, value: [] });
    expect(parseEgressAllow(' , ,')).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['10.0.0.0/8', { kind: 'network', text: '10.0.0.0/8', network: '10.0.0.0', prefix: 8 }],
    ['10.1.2.3', { kind: 'network', text: '10.1.2.3', network: '10.1.2.3', prefix: 32 }],
    ['FD00::/8', { kind: 'network', text: 'FD00::/8', network: 'fd00::', prefix: 8 }],
    ['::1', { kind: 'network', text: '::1', network: '::1', prefix: 128 }],
    ['0.0.0.0/0', { kind: 'network', text: '0.0.0.0/0', network: '0.0.0.0', prefix: 0 }],
    ['127.0.0.1:5432', { kind: 'endpoint', text: '127.0.0.1:5432', host: '127.0.0.1', port: 5432 }],
    ['[::1]:5432', { kind: 'endpoint', text: '[::1]:5432', host: '::1', port: 5432 }],
    ['Warehouse.Internal:5432', { kind: 'endpoint', text: 'Warehouse.Internal:5432', host: 'warehouse.internal', port: 5432 }],
    ['localhost:8080', { kind: 'endpoint', text: 'localhost:8080', host: 'localhost', port: 8080 }],
  ])('reads %s', (text, entry) => {
    expect(parseEgressAllow(text)).toEqual({ ok: true, value: [entry] });
  });

  it('reads several entries separated by commas', () => {
    const parsed = parseEgressAllow(' 10.0.0.0/8, 127.0.0.1:5432 ,db.internal:6432');
    expect(parsed.ok && parsed.value.map((entry) => entry.text)).toEqual(['10.0.0.0/8', '127.0.0.1:5432', 'db.internal:6432']);
  });

  it.each([
    ['10.0.0.0/33', "'10.0.0.0/33': the prefix length must be a number from 0 to 32"],
    ['fd00::/129', "'fd00::/129': the prefix length must be a number from 0 to 128"],
    ['10.0.0.0/x', "'10.0.0.0/x': the prefix length must be a number from 0 to 32"],
    ['example.com/8', "'example.com/8' is not a CIDR (like 10.0.0.0/8 or fd00::/8)"],
    ['db.internal', "'db.internal' is not a CIDR, an IP address or host:port (write an IPv6 address with a port as [::1]:5432)"],
    ['db.internal:0', "'db.internal:0': the port must be a number from 1 to 65535"],
    ['db.internal:70000', "'db.internal:70000': the port must be a number from 1 to 65535"],
    ['db.internal:', "'db.internal:': the port must be a number from 1 to 65535"],
    ['[db.internal]:5432', "'[db.internal]:5432': only an IPv6 address goes in brackets"],
    ['bad host:5432', "'bad host:5432': 'bad host' is neither an IP address nor a host name"],
    ['169.254.169.254', "'169.254.169.254' is a link-local / cloud metadata address: Tributary never lets a workspace reach it, so it cannot be allowed"],
    ['169.254.0.0/16', "'169.254.0.0/16' is a link-local / cloud metadata address: Tributary never lets a workspace reach it, so it cannot be allowed"],
    ['169.254.169.254:80', "'169.254.169.254:80' is a link-local / cloud metadata address: Tributary never lets a workspace reach it, so it cannot be allowed"],
    ['fe80::/10', "'fe80::/10' is a link-local / cloud metadata address: Tributary never lets a workspace reach it, so it cannot be allowed"],
  ])('refuses %s', (text, problem) => {
    expect(parseEgressAllow(text)).toEqual({ ok: false, error: [problem] });
  });

  it('reports every bad entry, not only the first', () => {
    const parsed = parseEgressAllow('nonsense, 10.0.0.0/8, 1.2.3.4:99999');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toHaveLength(2);
  });
});
