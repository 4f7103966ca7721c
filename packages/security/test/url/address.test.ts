import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { classifyAddress } from '../../src/index.js';

describe('classifyAddress', () => {
  it.each([
    // every notation of 127.0.0.1
    ['127.0.0.1', '127.0.0.1', 'loopback'],
    ['2130706433', '127.0.0.1', 'loopback'],
    ['0x7f000001', '127.0.0.1', 'loopback'],
    ['0177.0.0.1', '127.0.0.1', 'loopback'],
    ['0177.0000.0000.0001', '127.0.0.1', 'loopback'],
    ['0x7f.1', '127.0.0.1', 'loopback'],
    ['0x7F.0.0.1', '127.0.0.1', 'loopback'],
    ['127.1', '127.0.0.1', 'loopback'],
    ['127.0.1', '127.0.0.1', 'loopback'],
    ['127.0.0.1.', '127.0.0.1', 'loopback'],
    ['127.0.0.1..', '127.0.0.1', 'loopback'],
    ['127.255.255.254', '127.255.255.254', 'loopback'],
    ['017700000001', '127.0.0.1', 'loopback'],
    // the rest of the IPv4 special-purpose ranges
    ['0.0.0.0', '0.0.0.0', 'unspecified'],
    ['0', '0.0.0.0', 'unspecified'],
    ['10.0.0.1', '10.0.0.1', 'private'],
    ['012.1', '10.0.0.1', 'private'],
    ['167772161', '10.0.0.1', 'private'],
    ['172.16.0.1', '172.16.0.1', 'private'],
    ['172.31.255.255', '172.31.255.255', 'private'],
    ['192.168.1.1', '192.168.1.1', 'private'],
    ['0xc0.0xa8.1.1', '192.168.1.1', 'private'],
    ['100.64.0.1', '100.64.0.1', 'carrierGradeNat'],
    ['100.100.100.200', '100.100.100.200', 'carrierGradeNat'],
    ['169.254.169.254', '169.254.169.254', 'linkLocal'],
    ['2852039166', '169.254.169.254', 'linkLocal'],
    ['0xa9.0xfe.0xa9.0xfe', '169.254.169.254', 'linkLocal'],
    ['0251.0376.0251.0376', '169.254.169.254', 'linkLocal'],
    ['192.0.0.192', '192.0.0.192', 'reserved'],
    ['192.0.2.1', '192.0.2.1', 'documentation'],
    ['198.51.100.7', '198.51.100.7', 'documentation'],
    ['203.0.113.9', '203.0.113.9', 'documentation'],
    ['198.18.0.1', '198.18.0.1', 'benchmarking'],
    ['192.88.99.1', '192.88.99.1', 'reserved'],
    ['224.0.0.1', '224.0.0.1', 'multicast'],
    ['240.0.0.1', '240.0.0.1', 'reserved'],
    ['255.255.255.255', '255.255.255.255', 'broadcast'],
    // IPv6
    ['::', '::', 'unspecified'],
    ['::1', '::1', 'loopback'],
    ['[::1]', '::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', '::1', 'loopback'],
    ['fe80::1', 'fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'fe80::1', 'linkLocal'],
    ['FEBF::1', 'febf::1', 'linkLocal'],
    ['fc00::1', 'fc00::1', 'uniqueLocal'],
    ['fd00:ec2::254', 'fd00:ec2::254', 'uniqueLocal'],
    ['fec0::1', 'fec0::1', 'siteLocal'],
    ['ff02::1', 'ff02::1', 'multicast'],
    ['100::1', '100::1', 'discard'],
    ['2001:db8::1', '2001:db8::1', 'documentation'],
    ['3fff::1', '3fff::1', 'documentation'],
    ['2001:2::1', '2001:2::1', 'reserved'],
    ['5f00::1', '5f00::1', 'segmentRouting'],
    ['64:ff9b:1::1', '64:ff9b:1::1', 'nat64Local'],
    ['4000::1', '4000::1', 'unallocated'],
    ['::ffff:0:a00:1', '::ffff:0:a00:1', 'ipv4Translated'],
  ])('reads %s as %s (%s) and blocks it', (text, address, range) => {
    const result = classifyAddress(text);
    expect(result).toMatchObject({ address, range, blocked: true });
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::FFFF:127.0.0.1', 'loopback'],
    ['::fFFf:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:7f00:0001', 'loopback'],
    ['[::ffff:169.254.169.254]', 'linkLocal'],
    ['::ffff:a9fe:a9fe', 'linkLocal'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:0.0.0.0', 'unspecified'],
  ])('blocks the IPv4-mapped %s by the address it maps (%s)', (text, range) => {
    const result = classifyAddress(text);
    expect(result?.range).toBe('ipv4Mapped');
    expect(result?.embedded?.range).toBe(range);
    expect(result?.blocked).toBe(true);
  });

  it.each([
    ['::127.0.0.1', 'ipv4Compatible', '127.0.0.1'],
    ['::7f00:1', 'ipv4Compatible', '127.0.0.1'],
    ['::8.8.8.8', 'ipv4Compatible', '8.8.8.8'],
    ['64:ff9b::127.0.0.1', 'nat64', '127.0.0.1'],
    ['64:ff9b::a9fe:a9fe', 'nat64', '169.254.169.254'],
    ['64:FF9B::10.0.0.1', 'nat64', '10.0.0.1'],
    ['2002:7f00:1::', '6to4', '127.0.0.1'],
    ['2002:a9fe:a9fe::1', '6to4', '169.254.169.254'],
    ['2002:808:808::1', '6to4', '8.8.8.8'],
    // Teredo keeps the client's address inverted in the last 32 bits: ~127.0.0.1 = 80ff:fffe
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'teredo', '127.0.0.1'],
    ['2001::f5ff:fff5', 'teredo', '10.0.0.10'],
  ])('blocks the transition form %s (%s of %s)', (text, range, embedded) => {
    const result = classifyAddress(text);
    expect(result).toMatchObject({ range, blocked: true });
    expect(result?.embedded?.address).toBe(embedded);
  });

  it.each([
    ['8.8.8.8', '8.8.8.8'],
    ['134744072', '8.8.8.8'],
    ['0x8.0x8.0x8.0x8', '8.8.8.8'],
    ['93.184.215.14', '93.184.215.14'],
    ['1.1.1.1.', '1.1.1.1'],
    ['172.32.0.1', '172.32.0.1'],
    ['100.128.0.1', '100.128.0.1'],
    ['2606:4700:4700::1111', '2606:4700:4700::1111'],
    ['[2a00:1450:4001:82a::200e]', '2a00:1450:4001:82a::200e'],
  ])('allows the global unicast %s (%s)', (text, address) => {
    expect(classifyAddress(text)).toMatchObject({ address, range: 'unicast', blocked: false });
  });

  it.each([
    ['::ffff:8.8.8.8', 'ipv4Mapped'],
    ['64:ff9b::808:808', 'nat64'],
  ])('allows %s, which translates to a global address', (text, range) => {
    expect(classifyAddress(text)).toMatchObject({ range, blocked: false });
  });

  it.each([
    'example.com',
    'localhost',
    '',
    '1.2.3.4.5',
    '256.0.0.1',
    '4294967296',
    '08.0.0.1',
    '1e2',
    ' 127.0.0.1',
    '[127.0.0.1',
    ':::1',
    '[]',
  ])('says %j is not an address', (text) => {
    expect(classifyAddress(text)).toBeUndefined();
  });

  it('returns frozen results', () => {
    const result = classifyAddress('::ffff:10.0.0.1')!;
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.bytes)).toBe(true);
    expect(Object.isFrozen(result.embedded)).toBe(true);
  });

  const octet = fc.integer({ min: 0, max: 255 });
  const ipv4 = fc.tuple(octet, octet, octet, octet);
  const notations = (b: readonly number[]): string[] => {
    const value = ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
    return [
      b.join('.'),
      String(value),
      `0x${value.toString(16)}`,
      b.map((x) => `0${x.toString(8)}`).join('.'),
      b.map((x) => `0x${x.toString(16)}`).join('.'),
      `${b[0]}.${(b[1]! << 16) + (b[2]! << 8) + b[3]!}`,
      `${b[0]}.${b[1]}.${(b[2]! << 8) + b[3]!}`,
      `${b.join('.')}.`,
      `::ffff:${b.join('.')}`,
      `::FFFF:${(((b[0]! << 8) | b[1]!) >>> 0).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`,
    ];
  };

  test.prop([ipv4])(
    'reads every notation of an IPv4 address as the same bytes and verdict',
    (bytes) => {
      const canonical = classifyAddress(bytes.join('.'))!;
      for (const text of notations(bytes)) {
        const result = classifyAddress(text);
        expect(result, text).toBeDefined();
        const judged = result!.embedded ?? result!;
        expect(judged.address, text).toBe(canonical.address);
        expect(result!.blocked, text).toBe(canonical.blocked);
      }
    },
  );

  test.prop([fc.integer({ min: 0, max: 0xffffff })])(
    'blocks all of 10.0.0.0/8 in every notation',
    (low) => {
      const bytes = [10, (low >> 16) & 0xff, (low >> 8) & 0xff, low & 0xff];
      for (const text of notations(bytes)) expect(classifyAddress(text)?.blocked, text).toBe(true);
    },
  );

  test.prop([fc.integer({ min: 0, max: 0xffffff })])(
    'blocks all of 127.0.0.0/8 through NAT64 and 6to4',
    (low) => {
      const hex = (0x7f000000 + low).toString(16).padStart(8, '0');
      const pair = `${hex.slice(0, 4)}:${hex.slice(4)}`;
      for (const text of [`64:ff9b::${pair}`, `2002:${pair}::1`, `::${pair}`]) {
        const result = classifyAddress(text)!;
        expect(result.blocked, text).toBe(true);
        expect(result.embedded?.range, text).toBe('loopback');
      }
    },
  );
});
