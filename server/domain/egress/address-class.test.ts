import { describe, expect, it } from 'vitest';
import { classifyAddress, embeddedIpv4, type TAddressRule } from './address-class';

describe('classifyAddress', () => {
  it.each<[string, TAddressRule | null]>([
    // The cloud metadata services and link-local ranges, in every spelling a socket accepts.
    ['169.254.169.254', 'link_local'],
    ['169.254.0.1', 'link_local'],
    ['::ffff:169.254.169.254', 'link_local'],
    ['::ffff:a9fe:a9fe', 'link_local'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'link_local'],
    ['64:ff9b::169.254.169.254', 'link_local'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['FEBF::1', 'link_local'],
    ['fd00:ec2::254', 'link_local'],
    ['100.100.100.200', 'link_local'],
    ['168.63.129.16', 'link_local'],
    // This machine.
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    // Private and shared networks.
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fc00::1', 'private'],
    ['fd00:ec2::253', 'private'],
    ['::ffff:10.1.2.3', 'private'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    // Multicast, broadcast, reserved.
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'multicast'],
    ['ff02::1', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2002:a9fe:a9fe::1', 'reserved'],
    ['::1.2.3.4', 'reserved'],
    // Public addresses, including their neighbours of the ranges above.
    ['8.8.8.8', null],
    ['172.32.0.1', null],
    ['100.128.0.1', null],
    ['169.255.0.1', null],
    ['2606:4700:4700::1111', null],
    ['::ffff:8.8.8.8', null],
    ['64:ff9b::8.8.8.8', null],
  ])('%s → %s', (address, rule) => {
    expect(classifyAddress(address)).toBe(rule);
  });

  it('is told an IP address, never a name', () => {
    expect(() => classifyAddress('localhost')).toThrow("'localhost' is not an IP address");
  });
});

describe('embeddedIpv4', () => {
  it.each([
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['::ffff:0102:0304', '1.2.3.4'],
    ['64:ff9b::a9fe:a9fe', '169.254.169.254'],
    ['::1', null],
    ['2001:db8::1.2.3.4', null],
    ['1.2.3.4', null],
  ])('%s carries %s', (address, ipv4) => {
    expect(embeddedIpv4(address)).toBe(ipv4);
  });
});
