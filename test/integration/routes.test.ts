// ns.routes and ns.nexthops against the kernel, checked through `ip -j route/nexthop show`.
import { NetlinkError, type Namespace } from '../../lib';
import type { Route } from '../../lib/types/route';
import { ip, ipJson, nameOf, withNamespaces } from '../helpers';
import { vethPair } from './veth-setup';

const withNet = <T>(fn: (ns: Namespace, n: string) => Promise<T>): Promise<T> =>
  withNamespaces(1, async (ns) => { await vethPair(ns); return fn(ns, nameOf(ns)); });

const ipRoutes = (n: string, ...args: string[]): Promise<any[]> => ipJson(['-n', n, ...args]);
const find = (routes: any[], dst: string): any => routes.find((r) => r.dst === dst);
const ours = (routes: Route[], dst: string): Route | undefined => routes.find((r) => r.dst === dst);

test('add, list, replace and delete an IPv4 route with table, metric, protocol and preferred source', () => withNet(async (ns, n) => {
  await ns.routes.add({ dst: '10.1.0.0/16', via: '10.0.0.2', dev: 'v0', table: 100, metric: 5, protocol: 'static', src: '10.0.0.1' });
  expect(find(await ipRoutes(n, 'route', 'show', 'table', '100'), '10.1.0.0/16')).toMatchObject({
    gateway: '10.0.0.2', dev: 'v0', protocol: 'static', prefsrc: '10.0.0.1', metric: 5,
  });
  const listed = ours(await ns.routes.list({ table: 100 }), '10.1.0.0/16');
  expect(listed).toMatchObject({ family: 4, via: '10.0.0.2', dev: 'v0', table: 100, metric: 5, protocol: 'static', src: '10.0.0.1', type: 'unicast', scope: 'global' });
  await expect(ns.routes.add({ dst: '10.1.0.0/16', via: '10.0.0.2', table: 100, metric: 5 }))
    .rejects.toMatchObject({ name: 'NetlinkError', code: 'EEXIST', errno: 17, operation: 'RTM_NEWROUTE' });
  await ns.routes.replace({ dst: '10.1.0.0/16', via: '10.0.0.3', dev: 'v0', table: 100, metric: 5 });
  expect(find(await ipRoutes(n, 'route', 'show', 'table', '100'), '10.1.0.0/16')).toMatchObject({ gateway: '10.0.0.3' });
  await ns.routes.delete(ours(await ns.routes.list({ table: 100 }), '10.1.0.0/16')!);
  expect(await ipRoutes(n, 'route', 'show', 'table', '100')).toEqual([]);
  await expect(ns.routes.delete({ dst: '10.1.0.0/16', table: 100 })).rejects.toMatchObject({ code: 'ESRCH' });
}));

test('tables by name and number, and table all', () => withNet(async (ns, n) => {
  await ns.routes.add({ dst: '10.3.0.0/16', via: '10.0.0.2', table: 'main' });
  await ns.routes.add({ dst: '10.3.0.0/16', via: '10.0.0.2', table: 'default' });
  await ns.routes.add({ dst: '10.3.0.0/16', via: '10.0.0.2', table: 1000 });
  await ns.routes.add({ dst: '10.0.0.77', type: 'local', dev: 'v0' });   // table local by default
  const all = await ipRoutes(n, 'route', 'show', 'table', 'all');
  const tablesOf = (dst: string) => all.filter((r) => r.dst === dst).map((r) => r.table ?? 'main').sort();
  expect(tablesOf('10.3.0.0/16')).toEqual(['1000', 'default', 'main']);
  expect(tablesOf('10.0.0.77')).toEqual(['local']);
  const listed = await ns.routes.list({ table: 'all' });
  expect(listed.filter((r) => r.dst === '10.3.0.0/16').map((r) => r.table).sort()).toEqual([1000, 253, 254]);
  expect(ours(listed, '10.0.0.77/32')).toMatchObject({ table: 255, type: 'local', scope: 'host' });
  expect((await ns.routes.list()).every((r) => r.table === 254)).toBe(true);
  expect((await ns.routes.list({ table: 'default' })).map((r) => r.dst)).toEqual(['10.3.0.0/16']);
  expect((await ns.routes.list({ table: 1000, family: 4 })).map((r) => r.dst)).toEqual(['10.3.0.0/16']);
  expect(await ns.routes.list({ table: 4242, family: 4 })).toEqual([]);  // a table that does not exist
  // Both families by default, one when asked.
  expect(new Set((await ns.routes.list({ table: 'all' })).map((r) => r.family))).toEqual(new Set([4, 6]));
  expect((await ns.routes.list({ table: 'all', family: 6 })).every((r) => r.family === 6)).toBe(true);
}));

test('route types: blackhole, unreachable, prohibit, throw, local, broadcast, and scope link', () => withNet(async (ns, n) => {
  await ns.routes.add({ dst: '10.4.0.0/16', type: 'blackhole' });
  await ns.routes.add({ dst: '10.5.0.0/16', type: 'unreachable' });
  await ns.routes.add({ dst: '10.6.0.0/16', type: 'prohibit' });
  await ns.routes.add({ dst: '10.7.0.0/16', type: 'throw', table: 100 });
  await ns.routes.add({ dst: '10.0.0.254', type: 'broadcast', dev: 'v0', table: 'local' });
  await ns.routes.add({ dst: '10.8.0.0/16', dev: 'v0', scope: 'link' });
  await ns.routes.add({ dst: '2001:db8:2::/64', type: 'blackhole' });
  await ns.routes.add({ dst: '2001:db8:4::/64', type: 'unreachable' });
  await ns.routes.add({ dst: '2001:db8:6::/64', type: 'prohibit' });
  const all = await ipRoutes(n, 'route', 'show', 'table', 'all');
  const all6 = await ipRoutes(n, '-6', 'route', 'show', 'table', 'all');
  expect(find(all, '10.4.0.0/16').type).toBe('blackhole');
  expect(find(all, '10.5.0.0/16').type).toBe('unreachable');
  expect(find(all, '10.6.0.0/16').type).toBe('prohibit');
  expect(find(all, '10.7.0.0/16')).toMatchObject({ type: 'throw', table: '100' });
  expect(find(all, '10.0.0.254')).toMatchObject({ type: 'broadcast', table: 'local', scope: 'link' });
  expect(find(all, '10.8.0.0/16')).toMatchObject({ dev: 'v0', scope: 'link' });
  expect(find(all6, '2001:db8:2::/64').type).toBe('blackhole');
  expect(find(all6, '2001:db8:4::/64').type).toBe('unreachable');
  expect(find(all6, '2001:db8:6::/64').type).toBe('prohibit');
  const listed = await ns.routes.list({ table: 'all' });
  expect(['10.4.0.0/16', '10.5.0.0/16', '10.6.0.0/16', '10.7.0.0/16', '10.0.0.254/32', '2001:db8:2::/64', '2001:db8:4::/64', '2001:db8:6::/64']
    .map((d) => ours(listed, d)?.type)).toEqual(['blackhole', 'unreachable', 'prohibit', 'throw', 'broadcast', 'blackhole', 'unreachable', 'prohibit']);
  expect(ours(listed, '10.8.0.0/16')).toMatchObject({ scope: 'link', dev: 'v0' });
  expect((await ns.routes.list({ table: 'all', type: 'blackhole' })).map((r) => r.dst).sort()).toEqual(['10.4.0.0/16', '2001:db8:2::/64']);
}));

test('IPv6 routes: add, list, replace, delete, checked with ip -6', () => withNet(async (ns, n) => {
  await ns.routes.add({ dst: '2001:db8:1::/64', via: '2001:db8::2', dev: 'v0', metric: 7, protocol: 'static', pref: 'high' });
  expect(find(await ipRoutes(n, '-6', 'route', 'show'), '2001:db8:1::/64')).toMatchObject({ gateway: '2001:db8::2', metric: 7, protocol: 'static', pref: 'high' });
  expect(ours(await ns.routes.list({ family: 6 }), '2001:db8:1::/64')).toMatchObject({ family: 6, via: '2001:db8::2', dev: 'v0', metric: 7, pref: 'high' });
  await ns.routes.replace({ dst: '2001:db8:1::/64', via: '2001:db8::3', dev: 'v0', metric: 7 });
  expect(find(await ipRoutes(n, '-6', 'route', 'show'), '2001:db8:1::/64')).toMatchObject({ gateway: '2001:db8::3' });
  await ns.routes.delete({ dst: '2001:db8:1::/64', metric: 7 });
  expect(find(await ipRoutes(n, '-6', 'route', 'show'), '2001:db8:1::/64')).toBeUndefined();
}));

test('metrics, locked metrics, onlink, and protocols by name and number', () => withNet(async (ns, n) => {
  await ns.routes.add({ dst: '10.9.0.0/16', via: '10.0.0.2', dev: 'v0', mtu: 1400, metrics: { advmss: 1360, window: 65535, initcwnd: 10 }, lock: ['mtu'] });
  await ns.routes.add({ dst: '10.10.0.0/16', via: '10.99.0.1', dev: 'v0', onlink: true, protocol: 'bgp' });
  await ns.routes.add({ dst: '10.13.0.0/16', via: '10.0.0.2', protocol: 77 });
  await ns.routes.add({ dst: '2001:db8:7::/64', via: '2001:db8::2', dev: 'v0', mtu: 1300 });
  const shown = await ipRoutes(n, 'route', 'show');
  expect(find(shown, '10.9.0.0/16').metrics[0]).toMatchObject({ mtu: 1400, advmss: 1360, window: 65535, initcwnd: 10 });
  expect(find(shown, '10.10.0.0/16')).toMatchObject({ gateway: '10.99.0.1', flags: ['onlink'], protocol: 'bgp' });
  expect(find(shown, '10.13.0.0/16').protocol).toBe('77');
  expect(find(await ipRoutes(n, '-6', 'route', 'show'), '2001:db8:7::/64').metrics[0]).toMatchObject({ mtu: 1300 });
  const listed = await ns.routes.list();
  expect(ours(listed, '10.9.0.0/16')).toMatchObject({ metrics: { mtu: 1400, advmss: 1360, window: 65535, initcwnd: 10 }, lock: ['mtu'] });
  expect(ours(listed, '10.10.0.0/16')).toMatchObject({ onlink: true, flags: ['onlink'], protocol: 'bgp' });
  expect(ours(listed, '10.13.0.0/16')).toMatchObject({ protocol: '77' });
  expect((await ns.routes.list({ protocol: 'bgp' })).map((r) => r.dst)).toEqual(['10.10.0.0/16']);
  expect((await ns.routes.list({ dev: 'v0', family: 4 })).map((r) => r.dst)).toContain('10.9.0.0/16');
}));

test('multipath routes with weights (ECMP)', () => withNet(async (ns, n) => {
  await ns.routes.add({ dst: '10.11.0.0/16', nexthops: [{ via: '10.0.0.2', weight: 2 }, { via: '10.0.0.3', dev: 'v0', weight: 1 }] });
  expect(find(await ipRoutes(n, 'route', 'show'), '10.11.0.0/16').nexthops).toEqual([
    expect.objectContaining({ gateway: '10.0.0.2', dev: 'v0', weight: 2 }),
    expect.objectContaining({ gateway: '10.0.0.3', dev: 'v0', weight: 1 }),
  ]);
  const r = ours(await ns.routes.list(), '10.11.0.0/16')!;
  expect(r.nexthops).toEqual([
    expect.objectContaining({ via: '10.0.0.2', dev: 'v0', weight: 2 }),
    expect.objectContaining({ via: '10.0.0.3', dev: 'v0', weight: 1 }),
  ]);
  await ns.routes.add({ dst: '2001:db8:9::/64', nexthops: [{ via: '2001:db8::2', dev: 'v0' }, { via: '2001:db8::3', dev: 'v0', weight: 3 }] });
  const six = find(await ipRoutes(n, '-6', 'route', 'show'), '2001:db8:9::/64');
  expect(six.nexthops.map((h: any) => [h.gateway, h.weight])).toEqual([['2001:db8::2', 1], ['2001:db8::3', 3]]);
  await ns.routes.delete(r);
  expect(find(await ipRoutes(n, 'route', 'show'), '10.11.0.0/16')).toBeUndefined();
}));

test('nexthop objects: single, blackhole and group; routes via nhid', () => withNet(async (ns, n) => {
  await ns.nexthops.add({ id: 1, via: '10.0.0.2', dev: 'v0' });
  await ns.nexthops.add({ id: 2, via: '10.0.0.3', dev: 'v0' });
  await ns.nexthops.add({ id: 3, blackhole: true });
  await ns.nexthops.add({ id: 4, via: '2001:db8::2', dev: 'v0' });
  await ns.nexthops.add({ id: 10, group: [{ id: 1 }, { id: 2, weight: 3 }] });
  const shown = await ipJson(['-n', n, 'nexthop', 'show']);
  const byId = (id: number) => shown.find((x: any) => x.id === id);
  expect(byId(1)).toMatchObject({ gateway: '10.0.0.2', dev: 'v0' });
  expect(byId(3)).toMatchObject({ blackhole: null });
  expect(byId(4)).toMatchObject({ gateway: '2001:db8::2' });
  expect(byId(10).group).toEqual([{ id: 1 }, { id: 2, weight: 3 }]);
  const listed = await ns.nexthops.list();
  expect(listed.map((x) => x.id)).toEqual([1, 2, 3, 4, 10]);
  expect(listed.find((x) => x.id === 10)).toMatchObject({ group: [{ id: 1, weight: 1 }, { id: 2, weight: 3 }], groupType: 'mpath' });
  expect(listed.find((x) => x.id === 1)).toMatchObject({ family: 4, via: '10.0.0.2', dev: 'v0', blackhole: false });
  expect(listed.find((x) => x.id === 3)).toMatchObject({ blackhole: true });
  expect((await ns.nexthops.list({ groups: true })).map((x) => x.id)).toEqual([10]);
  expect(await ns.nexthops.get(2)).toMatchObject({ id: 2, via: '10.0.0.3' });

  await ns.routes.add({ dst: '10.12.0.0/16', nhid: 10 });
  await ns.routes.add({ dst: '2001:db8:8::/64', nhid: 4 });
  expect(find(await ipRoutes(n, 'route', 'show'), '10.12.0.0/16')).toMatchObject({ nhid: 10 });
  expect(find(await ipRoutes(n, '-6', 'route', 'show'), '2001:db8:8::/64')).toMatchObject({ nhid: 4 });
  expect(ours(await ns.routes.list(), '10.12.0.0/16')).toMatchObject({ nhid: 10 });
  const got = await ns.routes.get('10.12.1.1');
  expect(['10.0.0.2', '10.0.0.3']).toContain(got.via);

  await ns.routes.delete({ dst: '10.12.0.0/16' });
  await ns.nexthops.delete(10);
  await ns.nexthops.delete({ id: 3 });
  expect((await ipJson(['-n', n, 'nexthop', 'show'])).map((x: any) => x.id)).toEqual([1, 2, 4]);
  await expect(ns.nexthops.delete(10)).rejects.toMatchObject({ code: 'ENOENT', operation: 'RTM_DELNEXTHOP' });
  await expect(ns.nexthops.get(99)).rejects.toBeInstanceOf(NetlinkError);
}));

test('get: the kernel lookup, as ip route get sees it', () => withNet(async (ns, n) => {
  await ns.routes.add({ dst: '10.20.0.0/16', via: '10.0.0.2', dev: 'v0' });
  await ns.routes.add({ dst: '10.20.0.0/16', via: '10.0.0.3', dev: 'v0', table: 100 });
  await ns.rules.add({ priority: 100, fwmark: 7, table: 100 });
  const [viaIp] = await ipJson(['-n', n, 'route', 'get', '10.20.1.2']);
  const r = await ns.routes.get('10.20.1.2');
  expect(r).toMatchObject({ dst: '10.20.1.2/32', via: viaIp.gateway, dev: viaIp.dev, src: viaIp.prefsrc, table: 254 });
  expect(await ns.routes.get('10.20.1.2', { mark: 7 })).toMatchObject({ via: '10.0.0.3', table: 100, mark: 7 });
  expect(await ns.routes.get('10.20.1.2', { from: '10.0.0.1' })).toMatchObject({ via: '10.0.0.2', from: '10.0.0.1/32' });
  expect(await ns.routes.get('10.20.1.2', { fibMatch: true })).toMatchObject({ dst: '10.20.0.0/16', via: '10.0.0.2' });
  const six = await ns.routes.get('2001:db8::5');
  expect(six).toMatchObject({ family: 6, dst: '2001:db8::5/128', dev: 'v0' });
  await expect(ns.routes.get('192.0.2.1')).rejects.toMatchObject({ code: 'ENETUNREACH', operation: 'RTM_GETROUTE' });
  await expect(ns.routes.get('not-an-ip')).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
}));

test('scope other than the default: host, global/universe and site on IPv4 dev routes', () => withNet(async (ns, n) => {
  // A gateway-less unicast route defaults to scope link; each of these asks for something else.
  await ns.routes.add({ dst: '10.40.0.0/16', dev: 'v0' });                     // control: the default (link)
  await ns.routes.add({ dst: '10.41.0.0/16', dev: 'v0', scope: 'host' });
  await ns.routes.add({ dst: '10.42.0.0/16', dev: 'v0', scope: 'global' });
  await ns.routes.add({ dst: '10.43.0.0/16', dev: 'v0', scope: 'universe' });
  await ns.routes.add({ dst: '10.44.0.0/16', dev: 'v0', scope: 200 });
  const shown = await ipRoutes(n, 'route', 'show');
  expect(find(shown, '10.40.0.0/16')).toMatchObject({ dev: 'v0', scope: 'link' });
  expect(find(shown, '10.41.0.0/16')).toMatchObject({ dev: 'v0', scope: 'host' });
  // ip prints no scope for universe (0): present in the output, and not link.
  expect(find(shown, '10.42.0.0/16')).toMatchObject({ dev: 'v0' });
  expect(find(shown, '10.42.0.0/16')).not.toHaveProperty('scope');
  expect(find(shown, '10.43.0.0/16')).toMatchObject({ dev: 'v0' });
  expect(find(shown, '10.43.0.0/16')).not.toHaveProperty('scope');
  expect(find(shown, '10.44.0.0/16')).toMatchObject({ dev: 'v0', scope: 'site' });
  const listed = await ns.routes.list();
  expect(['10.40.0.0/16', '10.41.0.0/16', '10.42.0.0/16', '10.43.0.0/16', '10.44.0.0/16'].map((d) => ours(listed, d)?.scope))
    .toEqual(['link', 'host', 'global', 'global', 'site']);
  // The scope the kernel keeps is what delete matches on (a Route from list() deletes itself).
  await ns.routes.delete(ours(listed, '10.41.0.0/16')!);
  expect(find(await ipRoutes(n, 'route', 'show'), '10.41.0.0/16')).toBeUndefined();
}));

test('get IPv6: the kernel lookup, as ip -6 route get sees it, with and without from', () => withNet(async (ns, n) => {
  await ns.routes.add({ dst: '2001:db8:1::/64', via: '2001:db8::2', dev: 'v0', metric: 7, protocol: 'static', pref: 'high' });
  const [viaIp] = await ipJson(['-n', n, '-6', 'route', 'get', '2001:db8:1::5']);
  expect(viaIp).toMatchObject({ gateway: '2001:db8::2', dev: 'v0', metric: 7, pref: 'high' });
  const r = await ns.routes.get('2001:db8:1::5');
  expect(r).toMatchObject({ family: 6, dst: '2001:db8:1::5/128', via: viaIp.gateway, dev: viaIp.dev, metric: viaIp.metric, pref: viaIp.pref, table: 254 });
  expect(r.src).toBe(viaIp.prefsrc);   // both undefined or both the same address
  const [fromIp] = await ipJson(['-n', n, '-6', 'route', 'get', '2001:db8:1::5', 'from', '2001:db8::1']);
  expect(fromIp).toMatchObject({ from: '2001:db8::1', gateway: '2001:db8::2', dev: 'v0', prefsrc: '2001:db8::1' });
  expect(await ns.routes.get('2001:db8:1::5', { from: '2001:db8::1' }))
    .toMatchObject({ from: '2001:db8::1/128', via: fromIp.gateway, dev: fromIp.dev, src: fromIp.prefsrc, metric: fromIp.metric });
  // The connected /64: no gateway, on v0, in both views.
  const [onLinkIp] = await ipJson(['-n', n, '-6', 'route', 'get', '2001:db8::5']);
  const onLink = await ns.routes.get('2001:db8::5');
  expect(onLinkIp.gateway).toBeUndefined();
  expect(onLink.via).toBeUndefined();
  expect(onLink).toMatchObject({ dev: onLinkIp.dev, src: onLinkIp.prefsrc, metric: onLinkIp.metric });
}));

test('get with iif and from: a forwarded packet, as ip route get ... iif DEV from ADDR sees it', () => withNet(async (ns, n) => {
  // A second pair v2/v3 in the same namespace: packets "arrive" on v2 from 10.1.0.0/24.
  await ip(ns, ['link', 'add', 'v2', 'type', 'veth', 'peer', 'name', 'v3']);
  for (const dev of ['v2', 'v3']) await ip(ns, ['link', 'set', dev, 'up']);
  await ip(ns, ['addr', 'add', '10.1.0.1/24', 'dev', 'v2']);
  await ip(ns, ['addr', 'add', '2001:db8:100::1/64', 'dev', 'v2', 'nodad']);
  await ns.routes.add({ dst: '10.20.0.0/16', via: '10.0.0.2', dev: 'v0' });
  await ns.routes.add({ dst: '2001:db8:1::/64', via: '2001:db8::2', dev: 'v0', metric: 7 });
  const ipGet = (...args: string[]) => ipJson(['-n', n, 'route', 'get', '10.20.1.2', 'iif', 'v2', 'from', '10.1.0.9', ...args]);
  // Forwarding off (a new namespace's default): the kernel refuses the input route, both ways.
  expect(await ns.sysctl.get('net.ipv4.conf.v2.forwarding')).toBe('0');
  await expect(ipGet()).rejects.toThrow(/No route to host/);
  await expect(ns.routes.get('10.20.1.2', { iif: 'v2', from: '10.1.0.9' })).rejects.toMatchObject({ code: 'EHOSTUNREACH', operation: 'RTM_GETROUTE' });
  // Forwarding on, in this namespace only.
  await ns.sysctl.set('net.ipv4.ip_forward', 1);
  const [viaIp] = await ipGet();
  expect(viaIp).toMatchObject({ dst: '10.20.1.2', from: '10.1.0.9', iif: 'v2', gateway: '10.0.0.2', dev: 'v0' });
  const r = await ns.routes.get('10.20.1.2', { iif: 'v2', from: '10.1.0.9' });
  expect(r).toMatchObject({ dst: '10.20.1.2/32', from: '10.1.0.9/32', iif: viaIp.iif, via: viaIp.gateway, dev: viaIp.dev, table: 254 });
  // iif given by index works the same.
  const v2 = (await ipJson(['-n', n, 'link', 'show', 'v2']))[0].ifindex;
  expect(await ns.routes.get('10.20.1.2', { iif: v2, from: '10.1.0.9' })).toMatchObject({ iif: 'v2', via: '10.0.0.2', dev: 'v0' });
  // IPv6: the input lookup with iif and from.
  const [six] = await ipJson(['-n', n, '-6', 'route', 'get', '2001:db8:1::5', 'iif', 'v2', 'from', '2001:db8:100::9']);
  expect(six).toMatchObject({ from: '2001:db8:100::9', iif: 'v2', gateway: '2001:db8::2', dev: 'v0', metric: 7 });
  expect(await ns.routes.get('2001:db8:1::5', { iif: 'v2', from: '2001:db8:100::9' }))
    .toMatchObject({ family: 6, from: '2001:db8:100::9/128', iif: six.iif, via: six.gateway, dev: six.dev, metric: six.metric });
}));

test('stream: every route of a large table, with a slow consumer, and an early break closes its socket', () => withNet(async (ns, n) => {
  // More routes than the stream buffers before pausing its socket (4096), so pause/resume runs.
  const dsts = Array.from({ length: 9000 }, (_, i) => `198.18.${i >> 8}.${i & 255}/32`);
  await Promise.all(dsts.map((dst) => ns.routes.add({ dst, via: '10.0.0.2', table: 100 })));
  expect((await ipRoutes(n, 'route', 'show', 'table', '100')).length).toBe(9000);
  const seen: string[] = [];
  for await (const r of ns.routes.stream({ table: 100 })) {
    seen.push(r.dst);
    if (seen.length % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 1));  // a consumer that lags behind
  }
  expect(seen.sort()).toEqual([...dsts].sort());
  expect((await ns.routes.list({ table: 100 })).map((r) => r.dst).sort()).toEqual(seen);
  let taken = 0;
  for await (const r of ns.routes.stream({ table: 'all' })) { expect(r.family === 4 || r.family === 6).toBe(true); if (++taken === 10) break; }
  expect(taken).toBe(10);
  const empty: Route[] = [];
  for await (const r of ns.routes.stream({ table: 4242, family: 4 })) empty.push(r);
  expect(empty).toEqual([]);
  await Promise.all(dsts.map((dst) => ns.routes.delete({ dst, table: 100 })));
  expect(await ipRoutes(n, 'route', 'show', 'table', '100')).toEqual([]);
}));

test('concurrent adds report each failure to its own caller', () => withNet(async (ns, n) => {
  await ns.routes.add({ dst: '198.51.100.5/32', via: '10.0.0.2' });
  const results = await Promise.allSettled(['198.51.100.4/32', '198.51.100.5/32', '198.51.100.6/32']
    .map((dst) => ns.routes.add({ dst, via: '10.0.0.2' })));
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'EEXIST' });
  const shown = (await ipRoutes(n, 'route', 'show')).map((r) => r.dst);
  expect(shown).toEqual(expect.arrayContaining(['198.51.100.4', '198.51.100.5', '198.51.100.6']));
  // The failing request last in its datagram (the one whose ack vouches for the others), and a
  // dump issued in the same tick as the writes.
  const [x, y, z, listed] = await Promise.allSettled([
    ns.routes.add({ dst: '198.51.100.7/32', via: '10.0.0.2' }),
    ns.routes.add({ dst: '198.51.100.8/32', via: '10.0.0.2' }),
    ns.routes.add({ dst: '198.51.100.5/32', via: '10.0.0.2' }),
    ns.routes.list(),
  ]);
  expect([x.status, y.status, z.status, listed.status]).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  expect((listed as PromiseFulfilledResult<Route[]>).value.map((r) => r.dst)).toEqual(expect.arrayContaining(['198.51.100.7/32', '198.51.100.8/32']));
  // A gateway that is not reachable: the kernel's extended ack text is in the message.
  await expect(ns.routes.add({ dst: '10.30.0.0/16', via: '192.0.2.1' })).rejects.toMatchObject({ code: 'ENETUNREACH', message: expect.stringContaining('Nexthop') });
}));

test('dumps issued together on one connection all complete (the kernel runs one dump per socket at a time)', () => withNet(async (ns, n) => {
  await ns.routes.add({ dst: '10.1.0.0/16', via: '10.0.0.2' });
  await ns.rules.add({ priority: 100, table: 100 });
  const [routes, rules, neighbors, nexthops, routes6, links] = await Promise.all([
    ns.routes.list(), ns.rules.list(), ns.neighbors.list(), ns.nexthops.list(), ns.routes.list({ family: 6 }), ns.links.list(),
  ]);
  expect(routes.map((r) => r.dst)).toContain('10.1.0.0/16');
  expect(rules.map((r) => r.priority)).toContain(100);
  expect(Array.isArray(neighbors) && Array.isArray(nexthops)).toBe(true);
  expect(routes6.every((r) => r.family === 6)).toBe(true);
  expect(links.map((l) => l.name).sort()).toEqual((await ipJson(['-n', n, 'link', 'show'])).map((l: any) => l.ifname).sort());
}));

test('argument errors are thrown before any system call', () => withNet(async (ns) => {
  await expect(ns.routes.add({ dst: '10.1.0.1/16' } as any)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  await expect(ns.routes.add({ dst: '10.1.0.0/16', table: 'nope' })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  expect(() => ns.routes.stream({ table: 'nope' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
  await expect(ns.routes.list({ family: 5 as any })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  await expect(ns.nexthops.add({ id: -1, blackhole: true })).rejects.toMatchObject({ code: 'ERR_OUT_OF_RANGE' });
}));
