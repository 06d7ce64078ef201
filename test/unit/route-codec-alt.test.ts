// scripts/bench/native/route_codec_alt.cc, the bench-only C++ codec the routes benchmark measures against the library's
// TypeScript one (docs/design.md): it must produce the same bytes and the same routes, or the
// comparison means nothing; and it must refuse bad input like any native entry point.
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REQUEST } from '../../lib/uapi/netlink';
import { RTM } from '../../lib/uapi/rtnetlink';
import { decodeRoute, toRouteMessage, writeRouteMessage } from '../../lib/codecs/route-codec';
import { parseRouteSpec } from '../../lib/specs/route';
import type { RouteSpec } from '../../lib/types/route';
import { MessageWriter } from '../../lib/codecs/writer';
import { protocolName, scopeName } from '../../lib/codecs/iproute2-names';
import { loadRouteCodecAlt, type RouteCodecAlt } from '../../scripts/bench/native/route-codec-alt';
import { replyMessage, u32 } from './reply-message';

// The bench-only addon is built on first use (node-gyp; it says so if the toolchain is missing).
let native: RouteCodecAlt;
beforeAll(() => {
  native = loadRouteCodecAlt();
}, 120_000);

const FLAGS = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;

function encodeTs(spec: RouteSpec): Buffer {
  const w = new MessageWriter();
  const start = w.begin(RTM.NEWROUTE, FLAGS);
  writeRouteMessage(w, toRouteMessage(parseRouteSpec(spec), 'add', () => 0));
  w.setSeq(start, 7);
  w.end(start);
  return w.toBuffer();
}

function encodeCpp(spec: RouteSpec): Buffer {
  const out = Buffer.alloc(256);
  return out.subarray(0, native.encodeRouteAlt(out, 0, 7, FLAGS, spec));
}

test.each<RouteSpec>([
  { dst: '198.18.0.1/32', via: '10.0.0.2', table: 100 },
  { dst: '10.20.0.0/16', via: '10.0.0.2', table: 1000 },
  { dst: '10.20.0.0/16', via: '10.0.0.2', table: 'main' },
  { dst: '10.20.0.0/16', via: '10.0.0.2' },
  { dst: '2001:db8:5::/48', via: 'fe80::1', table: 100 },
])('encodes %j to the same bytes as the library', (spec) => {
  expect(encodeCpp(spec).toString('hex')).toBe(encodeTs(spec).toString('hex'));
});

test('refuses what it does not handle, typed, without writing', () => {
  const out = Buffer.alloc(256);
  // Errors made by the addon belong to Node's realm, not jest's: compare names, not constructors.
  const errorOf = (spec: unknown, o = out): string => {
    try { native.encodeRouteAlt(o, 0, 1, FLAGS, spec as never); } catch (e) { return `${(e as Error).name}: ${(e as Error).message}`; }
    return 'no error';
  };
  expect(errorOf(null)).toBe('TypeError: route must be an object');
  expect(errorOf({ dst: '10.0.0.300/32', via: '10.0.0.2' })).toBe('TypeError: route.dst is not a prefix');
  expect(errorOf({ dst: '10.0.0.0/33', via: '10.0.0.2' })).toBe('TypeError: route.dst is not a prefix');
  expect(errorOf({ dst: '10.0.0.0/24', via: '2001:db8::1' })).toBe("TypeError: route.via is not an address of the route's family");
  expect(errorOf({ dst: '10.0.0.0/24', via: '10.0.0.2', metric: 5 })).toBe('TypeError: route.metric is not handled by this codec');
  expect(errorOf({ dst: '10.0.0.0/24', via: '10.0.0.2', table: -1 })).toBe('RangeError: route.table is out of range');
  expect(errorOf({ dst: '10.0.0.0/24', via: '10.0.0.2', table: 'nope' })).toBe('TypeError: route.table is not a table name');
  expect(out.equals(Buffer.alloc(256))).toBe(true);
  expect(errorOf({ dst: '10.0.0.0/24', via: '10.0.0.2' }, Buffer.alloc(8))).toBe('RangeError: output buffer full');
});

const reply = (header: number[], attrs: Array<[number, Buffer]>): Buffer => replyMessage(RTM.NEWROUTE, header, attrs);

test('decodes a chunk of replies to the routes the library decodes, unknown attributes raw', () => {
  const a = reply([2, 32, 0, 0, 100, 3, 0, 1, 0, 0, 0, 0], [[1, Buffer.from([198, 18, 0, 1])], [5, Buffer.from([10, 0, 0, 2])], [4, u32(3)], [77, Buffer.from([1, 2, 3])]]);
  const b = reply([2, 24, 0, 0, 0, 2, 253, 1, 0, 0, 0, 0], [[15, u32(1000)], [1, Buffer.from([10, 1, 2, 0])], [4, u32(9)]]);
  const c = reply([10, 64, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0], [[1, Buffer.from('20010db8000000050000000000000000', 'hex')], [5, Buffer.from('fe800000000000000000000000000001', 'hex')], [4, u32(3)]]);
  const chunk = Buffer.concat([a, b, c]);
  const devices: Array<string | undefined> = [];
  devices[3] = 'v0';
  const protocols = Array.from({ length: 256 }, (_, n) => protocolName(n));
  const scopes = Array.from({ length: 256 }, (_, n) => scopeName(n));
  const cpp = native.decodeRoutesAlt(chunk, devices, protocols, scopes) as Array<Record<string, unknown>>;
  const names = new Map([[3, 'v0']]);
  const ts = [decodeRoute(chunk, 0, a.length, names), decodeRoute(chunk, a.length, b.length, names), decodeRoute(chunk, a.length + b.length, c.length, names)];
  expect(cpp).toHaveLength(3);
  for (let i = 0; i < 3; i++) {
    for (const k of ['family', 'dst', 'dstLength', 'table', 'type', 'protocol', 'scope', 'tos', 'via', 'dev', 'oif'] as const) {
      expect([i, k, cpp[i][k]]).toEqual([i, k, ts[i][k]]);
    }
  }
  expect((cpp[0].raw as Record<number, Buffer>)[77]).toEqual(Buffer.from([1, 2, 3]));
  expect(cpp[1]).toMatchObject({ table: 1000, scope: 'link', protocol: 'kernel', dev: undefined, oif: 9 });
});

test('a truncated reply is an error, not an out-of-bounds read', () => {
  const bad = reply([2, 32, 0, 0, 100, 3, 0, 1, 0, 0, 0, 0], [[1, Buffer.from([198, 18, 0, 1])]]);
  bad.writeUInt16LE(40, 28);  // the RTA_DST length runs past the message
  expect(() => native.decodeRoutesAlt(bad, [], [], [])).toThrow('malformed attribute');
  expect(() => native.decodeRoutesAlt(bad.subarray(0, 20), [], [], [])).toThrow('malformed message');  // cut mid-message
  expect(native.decodeRoutesAlt(bad.subarray(0, 12), [], [], [])).toEqual([]);  // not even a header: nothing to read
  const long = Buffer.from(bad);
  long.writeUInt32LE(4096, 0);
  expect(() => native.decodeRoutesAlt(long, [], [], [])).toThrow('malformed message');
});
