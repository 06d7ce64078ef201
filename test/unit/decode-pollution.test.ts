// Decoders build their objects from the kernel's bytes only: a polluted Object.prototype neither
// shows through in what they return nor gets written to.
import { RTM } from '../../lib/uapi/rtnetlink';
import { encodeRequest } from '../golden';
import { replyMessage, u32 } from './reply-message';
import { decodeRoute } from '../../lib/codecs/route-codec';
import { decodeNexthop, writeNexthopMessage } from '../../lib/codecs/nexthop-codec';
import { parseNexthopSpec } from '../../lib/specs/nexthop';
import { decodeLink } from '../../lib/codecs/link-codec';
import { NetlinkError } from '../../lib/errors';
import { named, u8 } from '../../lib/link-kinds/decode';

test('multipath hops and nexthop groups with raw and groupType polluted', () => {
  // 10.1.0.0/16 with two hops, each with RTA_GATEWAY and an RTA_FLOW the decoder keeps raw.
  const hop = (last: number): Buffer => Buffer.concat([
    Buffer.from([24, 0, 0, 0, 0, 0, 0, 0]),  // rtnexthop: len 24, flags, hops, ifindex 0
    Buffer.from([8, 0, 5, 0, 10, 0, 0, last]), Buffer.concat([Buffer.from([8, 0, 11, 0]), u32(7)]),
  ]);
  const route = replyMessage(RTM.NEWROUTE, [2, 16, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0],
    [[1, Buffer.from([10, 1, 0, 0])], [9, Buffer.concat([hop(2), hop(3)])]]);
  const group = encodeRequest(RTM.NEWNEXTHOP, 0, (w) => writeNexthopMessage(w, parseNexthopSpec({ id: 10, group: [{ id: 1 }] })));
  const proto = Object.prototype as Record<string, unknown>;
  const shared: Record<number, Buffer> = {};
  try {
    proto.raw = shared;
    proto.groupType = 'resilient';
    const hops = decodeRoute(route, 0, route.length).nexthops!;
    expect(hops.map((h) => [h.via, Object.hasOwn(h, 'raw') && Object.keys(h.raw!)])).toEqual([['10.0.0.2', ['11']], ['10.0.0.3', ['11']]]);
    expect(Object.keys(shared)).toEqual([]);
    expect(decodeNexthop(group, 0, group.length).groupType).toBe('mpath');
  } finally {
    delete proto.raw;
    delete proto.groupType;
  }
});

test('a link whose IFLA_LINK is its own index, with kind and namespaceId polluted', () => {
  // ifinfomsg: AF_UNSPEC, ARPHRD_ETHER, index 3; IFLA_IFNAME "d0", IFLA_LINK 3 (itself: no parent)
  const header = [0, 0, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const msg = replyMessage(RTM.NEWLINK, header, [[3, Buffer.from('d0\0')], [5, u32(3)]]);
  const proto = Object.prototype as Record<string, unknown>;
  try {
    proto.kind = 'veth';
    proto.namespaceId = 5;
    const link = decodeLink(msg, 0, msg.length) as unknown as Record<string, unknown>;
    expect([link.name, Object.hasOwn(link, 'parent'), Object.hasOwn(link, 'peerIndex'), Object.hasOwn(link, 'kind')]).toEqual(['d0', false, false, false]);
  } finally {
    delete proto.kind;
    delete proto.namespaceId;
  }
});

test('a kernel refusal whose extended ack has no text, with message polluted', () => {
  // An ack with only an offset TLV is parsed into { offset }: no message of its own.
  const proto = Object.prototype as Record<string, unknown>;
  try {
    proto.message = 'a polluted message';
    const err = new NetlinkError(17, 'RTM_NEWLINK', { offset: 20 });
    expect(err.message).toBe('RTM_NEWLINK: EEXIST: file already exists');
  } finally {
    delete proto.message;
  }
});

test('a number a name table lacks, with that number polluted', () => {
  const proto = Object.prototype as Record<number, unknown>;
  try {
    proto[7] = 'polluted';
    const read = named(u8, { 1: 'one' });
    expect([read(Buffer.from([7]), 0, 1), read(Buffer.from([1]), 0, 1)]).toEqual([7, 'one']);
  } finally {
    delete proto[7];
  }
});
