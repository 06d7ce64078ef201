// Decoding of link and address messages built here: typed kind info, unknown attributes kept raw,
// malformed input rejected with MalformedMessageError (never an out-of-bounds read).
import { MalformedMessageError } from '../../lib';
import '../../lib/link-kinds';
import { MessageWriter } from '../../lib/rtnetlink/writer';
import { RTM } from '../../lib/rtnetlink/constants';
import { IFLA, IFLA_INFO } from '../../lib/rtnetlink/link-attrs';
import { decodeLink, writeIfInfo } from '../../lib/rtnetlink/link-codec';
import { IFA, decodeAddress } from '../../lib/rtnetlink/addr-codec';

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
  expect(link).toMatchObject({ index: 7, name: 'vx0', mtu: 1450, kind: 'vxlan', up: true, flags: ['BROADCAST', 'MULTICAST', 'UP'] });
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
