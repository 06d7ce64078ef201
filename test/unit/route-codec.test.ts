// Route requests byte for byte against iproute2 6.1 (test/fixtures/golden/routes.json), decoding,
// and argument validation.
import { RTM } from '../../lib/uapi/rtnetlink';
import { capture, captures, encodeRequest, expectSameAsCapture, normalized } from '../golden';
import { decodeRoute, toRouteMessage, writeRouteGet, type RouteOp } from '../../lib/codecs/route-codec';
import { parseRouteSpec } from '../../lib/specs/route';
import { routeWrite } from '../../lib/collections/writes';
import type { RouteSpec } from '../../lib/types/route';
import { parseAddress } from '../../lib/specs/ip';
import { MalformedMessageError } from '../../lib/codecs/reader';
import { replyMessage, u32 } from './reply-message';

// Built as the collections send it (type and flags included): prepend and append differ from add
// only in their flags.
function build(id: string, op: RouteOp, spec: RouteSpec): Buffer {
  const links = capture('routes', id).links;
  const r = routeWrite(op, spec).request((ref) => (typeof ref === 'number' ? ref : links[ref]));
  return encodeRequest(r.type, r.flags, r.encode);
}

const cases: Array<[string, RouteOp, RouteSpec]> = [
  ['route-add-via', 'add', { dst: '10.1.0.0/16', via: '10.0.0.2', dev: 'v0' }],
  ['route-add-table-metric-proto-src', 'add', { dst: '10.1.0.0/16', via: '10.0.0.2', dev: 'v0', table: 100, metric: 5, protocol: 'static', src: '10.0.0.1' }],
  ['route-add-table-main', 'add', { dst: '10.3.0.0/16', via: '10.0.0.2', dev: 'v0', table: 'main' }],
  ['route-add-table-local', 'add', { dst: '10.3.0.0/16', via: '10.0.0.2', dev: 'v0', table: 'local' }],
  ['route-add-table-default', 'add', { dst: '10.3.0.0/16', via: '10.0.0.2', dev: 'v0', table: 'default' }],
  ['route-add-table-1000', 'add', { dst: '10.3.0.0/16', via: '10.0.0.2', dev: 'v0', table: 1000 }],
  ['route-add-blackhole', 'add', { dst: '10.4.0.0/16', type: 'blackhole' }],
  ['route-add-unreachable', 'add', { dst: '10.5.0.0/16', type: 'unreachable' }],
  ['route-add-prohibit', 'add', { dst: '10.6.0.0/16', type: 'prohibit' }],
  ['route-add-throw', 'add', { dst: '10.7.0.0/16', type: 'throw', table: 100 }],
  ['route-add-local', 'add', { dst: '10.0.0.77', type: 'local', dev: 'v0', table: 'local' }],
  ['route-add-broadcast', 'add', { dst: '10.0.0.254', type: 'broadcast', dev: 'v0', table: 'local' }],
  ['route-add-scope-link', 'add', { dst: '10.8.0.0/16', dev: 'v0', scope: 'link' }],
  ['route-add-metrics', 'add', { dst: '10.9.0.0/16', via: '10.0.0.2', dev: 'v0', metrics: { mtu: 1400, advmss: 1360, window: 65535 } }],
  ['route-add-onlink', 'add', { dst: '10.10.0.0/16', via: '10.99.0.1', dev: 'v0', onlink: true }],
  ['route-add-multipath', 'add', { dst: '10.11.0.0/16', nexthops: [{ via: '10.0.0.2', weight: 2 }, { via: '10.0.0.3', weight: 1 }] }],
  ['route-add-multipath-dev', 'add', { dst: '10.13.0.0/16', nexthops: [{ via: '10.0.0.2', dev: 'v0', weight: 2 }, { via: '10.0.0.3', dev: 'v0' }] }],
  ['route-add-nhid', 'add', { dst: '10.12.0.0/16', nhid: 1 }],
  ['route-replace', 'replace', { dst: '10.1.0.0/16', via: '10.0.0.3', dev: 'v0' }],
  ['route-del', 'delete', { dst: '10.1.0.0/16' }],
  ['route-del-full', 'delete', { dst: '10.3.0.0/16', via: '10.0.0.2', dev: 'v0', table: 'main' }],
  ['route6-add-via', 'add', { dst: '2001:db8:1::/64', via: '2001:db8::2', dev: 'v0' }],
  ['route6-add-table-metric', 'add', { dst: '2001:db8:3::/64', via: '2001:db8::2', dev: 'v0', table: 100, metric: 5, protocol: 'static' }],
  ['route6-add-blackhole', 'add', { dst: '2001:db8:2::/64', type: 'blackhole' }],
  ['route6-add-unreachable', 'add', { dst: '2001:db8:4::/64', type: 'unreachable' }],
  ['route6-add-prohibit', 'add', { dst: '2001:db8:6::/64', type: 'prohibit' }],
  ['route6-add-dev', 'add', { dst: '2001:db8:5::/64', dev: 'v0' }],
  ['route6-add-metrics', 'add', { dst: '2001:db8:7::/64', via: '2001:db8::2', dev: 'v0', mtu: 1400, metrics: { advmss: 1360 } }],
  ['route6-add-nhid', 'add', { dst: '2001:db8:8::/64', nhid: 4 }],
  ['route6-replace', 'replace', { dst: '2001:db8:1::/64', via: '2001:db8::3', dev: 'v0' }],
  ['route6-del', 'delete', { dst: '2001:db8:1::/64' }],
  // RTA_PREF goes before RTA_OIF (ip writes it while parsing, the device after the loop)
  ['route6-add-pref-high', 'add', { dst: '2001:db8:9::/64', via: '2001:db8::2', dev: 'v0', pref: 'high' }],
  ['route6-add-pref-low', 'add', { dst: '2001:db8:a::/64', dev: 'v0', pref: 'low' }],
  // RTAX_LOCK is the last attribute inside RTA_METRICS
  ['route-add-mtu-lock', 'add', { dst: '10.14.0.0/16', via: '10.0.0.2', dev: 'v0', mtu: 1400, lock: ['mtu'] }],
  ['route-add-metrics-lock-mixed', 'add', {
    dst: '10.15.0.0/16', via: '10.0.0.2', dev: 'v0', metrics: { mtu: 1400, advmss: 1360, window: 65535 }, lock: ['mtu', 'window'],
  }],
  ['route-add-initcwnd-initrwnd', 'add', { dst: '10.16.0.0/16', via: '10.0.0.2', dev: 'v0', metrics: { initcwnd: 10, initrwnd: 20 } }],
  ['route-add-proto-number', 'add', { dst: '10.17.0.0/16', via: '10.0.0.2', dev: 'v0', protocol: 99 }],
  ['route6-add-mtu-lock', 'add', { dst: '2001:db8:b::/64', via: '2001:db8::2', dev: 'v0', mtu: 1400, lock: ['mtu'] }],
  ['route-prepend-default', 'prepend', { dst: 'default', via: '10.0.0.2', dev: 'v0' }],
  ['route-append-default', 'append', { dst: 'default', via: '10.0.0.3', dev: 'v0', metric: 10 }],
  ['route6-append', 'append', { dst: '2001:db8:c::/64', via: '2001:db8::2', dev: 'v0' }],
];

describe('route requests equal what ip route sends', () => {
  test.each(cases)('%s', (id, op, spec) => {
    expectSameAsCapture(build(id, op, spec), capture('routes', id));
  });

  test('every route add/replace/del capture is covered', () => {
    const covered = new Set(cases.map((c) => c[0]));
    const modifying = captures('routes').filter((c) => c.requestType !== 'RTM_GETROUTE').map((c) => c.id);
    expect(modifying.filter((id) => !covered.has(id))).toEqual([]);
  });

  test('the lock and pref captures hold what their arguments say (the fixture is not vacuous)', () => {
    const req = (id: string): Buffer => Buffer.from(capture('routes', id).request, 'hex');
    // route-add-mtu-lock: RTA_METRICS = { RTAX_MTU 1400, RTAX_LOCK 1 << RTAX_MTU }
    expect(req('route-add-mtu-lock').subarray(-20).toString('hex')).toBe('14000800' + '0800020078050000' + '0800010004000000');
    // route6-add-pref-high: RTA_PREF 1 (ICMPV6_ROUTER_PREF_HIGH), then RTA_OIF
    expect(req('route6-add-pref-high').subarray(-16).toString('hex')).toBe('0500140001000000' + '0800040003000000');
    expect(req('route-add-proto-number')[16 + 5]).toBe(99);
  });

  test('a different route does not match', () => {
    expect(normalized(build('route-add-via', 'add', { dst: '10.1.0.0/16', via: '10.0.0.3', dev: 'v0' })))
      .not.toBe(normalized(capture('routes', 'route-add-via').request));
  });
});

describe('route get requests', () => {
  // Deliberate difference: ip route get sends NLM_F_REQUEST alone and waits for the one reply;
  // we add NLM_F_ACK like every request of the connection, which completes on the ack (the
  // kernel sends the route, then the ack). Everything after the flags is compared exactly.
  const getBytes = (dst: string, extra: Partial<Parameters<typeof writeRouteGet>[1]> = {}): Buffer =>
    encodeRequest(RTM.GETROUTE, 0, (w) => writeRouteGet(w, { dst: parseAddress(dst), tos: 0, fibMatch: false, ...extra }));
  const withoutFlags = (b: Buffer | string): string => {
    const x = Buffer.from(normalized(b), 'hex');
    x.writeUInt16LE(0, 6);
    return x.toString('hex');
  };

  test.each([
    ['route-get', '10.1.2.3', {}],
    ['route6-get', '2001:db8:1::5', {}],
    ['route-get-from-iif-mark', '10.1.2.3', { from: parseAddress('10.0.0.1'), iif: 3, mark: 5 }],
  ])('%s', (id, dst, extra) => {
    const c = capture('routes', id);
    const ours = getBytes(dst, extra);
    expect(withoutFlags(ours)).toBe(withoutFlags(c.request));
    expect(ours.readUInt16LE(6)).toBe(Number(c.requestFlags) | 0x04);
  });
});

const message = replyMessage;

describe('decodeRoute', () => {
  test('decodes the header, names, gateway, metrics and multipath; keeps unknown attributes raw', () => {
    const metrics = Buffer.concat([Buffer.from([8, 0, 2, 0]), u32(1400), Buffer.from([8, 0, 1, 0]), u32(1 << 2)]);
    // One hop: onlink, weight 2, oif 3, RTA_GATEWAY and an RTA_FLOW (realms) kept raw.
    const hop = Buffer.concat([Buffer.from([24, 0, 4, 1]), u32(3), Buffer.from([8, 0, 5, 0, 10, 0, 0, 2]), Buffer.from([8, 0, 11, 0]), u32(0x50007)]);
    const msg = message(RTM.NEWROUTE, [2, 16, 0, 0, 252, 4, 0, 1, 0, 0, 0, 0], [
      [1, Buffer.from([10, 1, 0, 0])], [15, u32(1000)], [6, u32(7)], [8, metrics], [9, hop], [77, Buffer.from([1, 2, 3, 4])],
    ]);
    const r = decodeRoute(msg, 0, msg.length, new Map([[3, 'v0']]));
    expect(r).toMatchObject({
      family: 4, dst: '10.1.0.0/16', dstLength: 16, table: 1000, protocol: 'static', scope: 'global', type: 'unicast',
      metric: 7, metrics: { mtu: 1400 }, lock: ['mtu'],
      nexthops: [{ via: '10.0.0.2', dev: 'v0', oif: 3, weight: 2, onlink: true, flags: ['onlink'], raw: { 11: u32(0x50007) } }],
    });
    expect(r.raw[77]).toEqual(Buffer.from([1, 2, 3, 4]));
  });

  test('the default route and IPv6 addresses', () => {
    const msg = message(RTM.NEWROUTE, [10, 0, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0], [[5, Buffer.from('20010db8000000000000000000000001', 'hex')]]);
    expect(decodeRoute(msg, 0, msg.length)).toMatchObject({ family: 6, dst: '::/0', via: '2001:db8::1', table: 254, protocol: 'boot' });
  });

  test('a truncated attribute is a MalformedMessageError, not an out-of-bounds read', () => {
    const msg = message(RTM.NEWROUTE, [2, 16, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0], [[1, Buffer.from([10, 1, 0, 0])]]);
    msg.writeUInt16LE(40, 28);  // the RTA_DST length now runs past the message
    expect(() => decodeRoute(msg, 0, msg.length)).toThrow(MalformedMessageError);
    expect(() => decodeRoute(msg, 0, 20)).toThrow(MalformedMessageError);
    const bad = message(RTM.NEWROUTE, [2, 16, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0], [[4, Buffer.from([1, 0])]]);
    expect(() => decodeRoute(bad, 0, bad.length)).toThrow(MalformedMessageError);
  });
});

describe('route spec validation (before any system call)', () => {
  test.each<[unknown, string]>([
    [{ dst: 42 }, 'ERR_INVALID_ARG_TYPE'],
    [{ dst: '10.1.0.1/16' }, 'ERR_INVALID_ARG_VALUE'],          // host bits set
    [{ dst: '10.1.0.0/33' }, 'ERR_INVALID_ARG_VALUE'],
    [{ dst: '300.1.0.0/16' }, 'ERR_INVALID_ARG_VALUE'],
    [{ dst: '10.1.0.0/16', via: 'nope' }, 'ERR_INVALID_ARG_VALUE'],
    [{ dst: '2001:db8::/64', via: '10.0.0.1' }, 'ERR_INVALID_ARG_VALUE'],
    [{ dst: '10.1.0.0/16', table: 'nosuchtable' }, 'ERR_INVALID_ARG_VALUE'],
    [{ dst: '10.1.0.0/16', table: -1 }, 'ERR_OUT_OF_RANGE'],
    [{ dst: '10.1.0.0/16', metric: 1.5 }, 'ERR_OUT_OF_RANGE'],
    [{ dst: '10.1.0.0/16', type: 'teleport' }, 'ERR_INVALID_ARG_VALUE'],
    [{ dst: '10.1.0.0/16', protocol: 'nosuchproto' }, 'ERR_INVALID_ARG_VALUE'],
    [{ dst: '10.1.0.0/16', protocol: 256 }, 'ERR_OUT_OF_RANGE'],
    [{ dst: '10.1.0.0/16', scope: 'galaxy' }, 'ERR_INVALID_ARG_VALUE'],
    [{ dst: '10.1.0.0/16', nexthops: [] }, 'ERR_INVALID_ARG_VALUE'],
    [{ dst: '10.1.0.0/16', nexthops: [{ via: '10.0.0.2', weight: 0 }] }, 'ERR_OUT_OF_RANGE'],
    [{ dst: '10.1.0.0/16', nexthops: [{ via: '10.0.0.2' }], via: '10.0.0.3' }, 'ERR_INVALID_ARG_VALUE'],
    [{ dst: '10.1.0.0/16', metrics: { speed: 1 } }, 'ERR_INVALID_ARG_VALUE'],
    [{ dst: '10.1.0.0/16', onlink: 'yes' }, 'ERR_INVALID_ARG_TYPE'],
    [{ dst: '10.1.0.0/16', dev: 'a/b' }, 'ERR_INVALID_ARG_VALUE'],
    [{ dst: '10.1.0.0/16', colour: 'red' }, 'ERR_INVALID_ARG_VALUE'],
    [null, 'ERR_INVALID_ARG_TYPE'],
  ])('%j -> %s', (spec, code) => {
    expect(() => parseRouteSpec(spec as RouteSpec)).toThrow(expect.objectContaining({ code }));
  });

  test('defaults follow ip route: scope link without gateway, table local for local routes', () => {
    const m = (spec: RouteSpec, op: RouteOp = 'add') => toRouteMessage(parseRouteSpec(spec), op, () => 3);
    expect(m({ dst: '10.8.0.0/16', dev: 'v0' })).toMatchObject({ scope: 253, table: 254, protocol: 3, type: 1 });
    expect(m({ dst: '10.0.0.7', type: 'local', dev: 'v0' })).toMatchObject({ scope: 254, table: 255 });
    expect(m({ dst: 'default', via: '10.0.0.1' })).toMatchObject({ af: 2, dstLen: 0, scope: 0 });
    expect(m({ dst: 'default', family: 6, dev: 'v0' })).toMatchObject({ af: 10, dstLen: 0 });
    expect(m({ dst: '10.8.0.0/16' }, 'delete')).toMatchObject({ scope: 255, protocol: 0, type: 0 });
  });
});
