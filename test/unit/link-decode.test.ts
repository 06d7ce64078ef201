// Decoding of link and address messages built here: typed kind info, unknown attributes kept raw,
// malformed input rejected with MalformedMessageError (never an out-of-bounds read).
import { IFA } from '../../lib/uapi/if_addr';
import { IFLA, IFLA_INFO } from '../../lib/uapi/if_link';
import { RTM } from '../../lib/uapi/rtnetlink';
import { MalformedMessageError } from '../../lib';
import '../../lib/link-kinds';
import { MessageWriter } from '../../lib/codecs/writer';
import { STATS64_FIELDS } from '../../lib/codecs/link-attr-names';
import { decodeLink, writeIfInfo } from '../../lib/codecs/link-codec';
import { decodeAddress } from '../../lib/codecs/addr-codec';

function linkMessage(fill: (w: MessageWriter) => void): Buffer {
  const w = new MessageWriter();
  const start = w.begin(RTM.NEWLINK, 0);
  writeIfInfo(w, { index: 7, flags: 0x1003 });
  fill(w);
  w.end(start);
  return w.toBuffer();
}

test('vxlan info is typed; a unicast GROUP is a remote; unknown attributes are kept raw at both levels', () => {
  const msg = linkMessage((w) => {
    w.attrString(IFLA.IFNAME, 'vx0');
    w.attrU32(IFLA.MTU, 1450);
    w.attrBytes(200, Buffer.from([1, 2, 3]));
    const li = w.beginNested(IFLA.LINKINFO);
    w.attrBytes(IFLA_INFO.KIND, Buffer.from('vxlan'));
    const data = w.beginNested(IFLA_INFO.DATA);
    w.attrU32(1, 42);
    w.attrBytes(2, Buffer.from([10, 0, 0, 2]));
    w.attrU16BE(15, 4789);
    w.attrBytes(99, Buffer.from([9]));
    w.endNested(data);
    w.endNested(li);
  });
  const link = decodeLink(msg, 0, msg.length);
  expect(link).toMatchObject({ index: 7, name: 'vx0', mtu: 1450, kind: 'vxlan', up: true, flags: ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP'] });  // up, no IFF_RUNNING
  expect(link.info).toMatchObject({ vni: 42, remote: '10.0.0.2', port: 4789 });
  expect(link.info.group).toBeUndefined();
  expect((link.info.raw as Record<number, Buffer>)[99]).toEqual(Buffer.from([9]));
  expect(link.raw[200]).toEqual(Buffer.from([1, 2, 3]));
});

test('a kind this library does not know keeps its whole IFLA_INFO_DATA raw', () => {
  const msg = linkMessage((w) => {
    w.attrString(IFLA.IFNAME, 'x0');
    const li = w.beginNested(IFLA.LINKINFO);
    w.attrBytes(IFLA_INFO.KIND, Buffer.from('futurekind'));
    const data = w.beginNested(IFLA_INFO.DATA);
    w.attrU32(3, 5);
    w.endNested(data);
    w.endNested(li);
  });
  expect(decodeLink(msg, 0, msg.length).info).toEqual({ raw: { 3: Buffer.from([5, 0, 0, 0]) } });
});

/** struct rtnl_link_stats64 (or its first `count` fields, as older kernels send) with these values. */
function stats64(values: Partial<Record<(typeof STATS64_FIELDS)[number], bigint>>, count: number = STATS64_FIELDS.length): Buffer {
  const b = Buffer.alloc(count * 8);
  STATS64_FIELDS.slice(0, count).forEach((f, i) => b.writeBigUInt64LE(values[f] ?? BigInt(i), i * 8));
  return b;
}

describe('IFLA_STATS64 counters are 64-bit (numbers, exact up to Number.MAX_SAFE_INTEGER)', () => {
  const big = {
    rxBytes: 2n ** 40n + 5n,
    txBytes: 2n ** 32n,                       // low word 0, high word 1
    rxPackets: 2n ** 32n - 1n,                // the largest value of the low word alone
    txPackets: 2n ** 32n + 1n,
    multicast: BigInt(Number.MAX_SAFE_INTEGER),
    rxDropped: 0x1fffffn * 2n ** 32n,         // the largest high word that keeps a double exact, low word 0
  };

  test('above 2^32: exact, and the 32-bit IFLA_STATS copy (which wraps) is not used', () => {
    const stats32 = Buffer.alloc(23 * 4);
    stats32.writeUInt32LE(Number((2n ** 40n + 5n) & 0xffffffffn), 8);  // rx_bytes as struct rtnl_link_stats has it: 5
    const msg = linkMessage((w) => {
      w.attrString(IFLA.IFNAME, 'v0');
      w.attrBytes(IFLA.STATS, stats32);
      w.attrBytes(IFLA.STATS64, stats64(big));
    });
    const { stats } = decodeLink(msg, 0, msg.length);
    expect(stats).toMatchObject({
      rxBytes: 2 ** 40 + 5, txBytes: 2 ** 32, rxPackets: 2 ** 32 - 1, txPackets: 2 ** 32 + 1,
      multicast: Number.MAX_SAFE_INTEGER, rxDropped: 0x1fffff * 2 ** 32,
      txErrors: 5, rxOtherhostDropped: STATS64_FIELDS.length - 1,  // the untouched fields hold their position
    });
    expect(Object.keys(stats!)).toEqual([...STATS64_FIELDS]);
    for (const v of Object.values(stats!)) expect(Number.isSafeInteger(v)).toBe(true);
  });

  test('an older kernel\'s shorter struct decodes the fields it has, just as exactly', () => {
    const msg = linkMessage((w) => { w.attrBytes(IFLA.STATS64, stats64(big, 23)); });
    const { stats } = decodeLink(msg, 0, msg.length);
    expect(stats).toMatchObject({ rxBytes: 2 ** 40 + 5, txBytes: 2 ** 32, rxPackets: 2 ** 32 - 1, multicast: Number.MAX_SAFE_INTEGER });
    expect(Object.keys(stats!)).toEqual(STATS64_FIELDS.slice(0, 23));
  });

  test('beyond 2^53 a counter is the nearest double (numbers, not bigint)', () => {
    const msg = linkMessage((w) => { w.attrBytes(IFLA.STATS64, stats64({ rxBytes: 2n ** 53n + 1n, txBytes: 2n ** 64n - 1n })); });
    const { stats } = decodeLink(msg, 0, msg.length);
    expect(typeof stats!.rxBytes).toBe('number');
    expect(stats!.rxBytes).toBe(2 ** 53);
    expect(stats!.txBytes).toBe(2 ** 64);
  });
});

test('IFLA_ADDRESS and IFLA_BROADCAST decode to address and broadcast', () => {
  const msg = linkMessage((w) => {
    w.attrString(IFLA.IFNAME, 'v0');
    w.attrBytes(IFLA.ADDRESS, Buffer.from([0x02, 0, 0, 0, 0, 0xaa]));
    w.attrBytes(IFLA.BROADCAST, Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
  });
  const link = decodeLink(msg, 0, msg.length);
  expect(link).toMatchObject({ address: '02:00:00:00:00:aa', broadcast: 'ff:ff:ff:ff:ff:ff' });
  expect(link.raw).toEqual({});
  expect(link.stats).toBeUndefined();
});

test('truncated and lying messages are MalformedMessageError', () => {
  const good = linkMessage((w) => { w.attrString(IFLA.IFNAME, 'v0'); w.attrU32(IFLA.MTU, 1500); });
  expect(() => decodeLink(good, 0, 20)).toThrow(MalformedMessageError);
  const lying = Buffer.from(good);
  lying.writeUInt16LE(200, 32);  // IFLA_IFNAME claims 200 bytes
  expect(() => decodeLink(lying, 0, lying.length)).toThrow(MalformedMessageError);
  expect(() => decodeLink(good, 0, good.length + 8)).toThrow(MalformedMessageError);
  const shortMtu = linkMessage((w) => { w.attrBytes(IFLA.MTU, Buffer.from([1, 2])); });
  expect(() => decodeLink(shortMtu, 0, shortMtu.length)).toThrow(MalformedMessageError);
});

test('addresses: a point-to-point peer, lifetimes, flags; a short message is rejected', () => {
  const w = new MessageWriter();
  const start = w.begin(RTM.NEWADDR, 0);
  w.u8(2).u8(32).u8(0x80).u8(0).u32(3);
  w.attrBytes(IFA.ADDRESS, Buffer.from([10, 0, 0, 2]));
  w.attrBytes(IFA.LOCAL, Buffer.from([10, 0, 0, 1]));
  const c = w.beginNested(IFA.CACHEINFO);
  w.u32(50).u32(0xffffffff).u32(0).u32(0);
  w.endNested(c);
  w.attrU32(IFA.FLAGS, 0x280);
  w.end(start);
  const buf = w.toBuffer();
  expect(decodeAddress(buf, 0, buf.length)).toMatchObject({
    index: 3, family: 4, address: '10.0.0.1', peer: '10.0.0.2', prefixLength: 32, cidr: '10.0.0.1/32', scope: 'global',
    flags: ['permanent', 'noprefixroute'], preferredLifetime: 50, validLifetime: 'forever',
  });
  expect(() => decodeAddress(buf, 0, 20)).toThrow(MalformedMessageError);
});

test('bond info by the numbers of linux/if_link.h: TLB_DYNAMIC_LB is 27 (a u8), AD_ACTOR_SYS_PRIO 24 and AD_USER_PORT_KEY 25 (u16), AD_ACTOR_SYSTEM 26 (a MAC) raw', () => {
  // As Linux 6.1 fills a new bond's IFLA_INFO_DATA (bond_fill_info): this is what `ip -d` reads.
  const msg = linkMessage((w) => {
    w.attrString(IFLA.IFNAME, 'bond0');
    const li = w.beginNested(IFLA.LINKINFO);
    w.attrBytes(IFLA_INFO.KIND, Buffer.from('bond'));
    const data = w.beginNested(IFLA_INFO.DATA);
    w.attrU8(1, 1);
    w.attrU16(24, 65535);
    w.attrU16(25, 0);
    w.attrBytes(26, Buffer.from([0, 0, 0, 0, 0, 0]));
    w.attrU8(27, 1);
    w.endNested(data);
    w.endNested(li);
  });
  const link = decodeLink(msg, 0, msg.length);
  expect(link.info).toEqual({ mode: 'active-backup', adActorSysPrio: 65535, adUserPortKey: 0, tlbDynamicLb: 1, raw: { 26: Buffer.alloc(6) } });
});
