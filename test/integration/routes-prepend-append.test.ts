// routes.prepend/append (ip route prepend/append): a second route with the same key, which add
// (NLM_F_EXCL) refuses; the kernel's order checked through `ip -j route show`.
import type { Namespace } from '../../lib';
import { ipJson, nameOf, withNamespaces } from '../helpers';
import { vethPair } from './veth-setup';

const withNet = <T>(fn: (ns: Namespace, n: string) => Promise<T>): Promise<T> =>
  withNamespaces(1, async (ns) => { await vethPair(ns); return fn(ns, nameOf(ns)); });

const gateways = async (n: string, ...args: string[]): Promise<string[]> =>
  (await ipJson<any[]>(['-n', n, 'route', 'show', ...args])).map((r) => r.gateway);

test('a second default route: add refuses it, prepend puts it first, append last', () => withNet(async (ns, n) => {
  await ns.routes.add({ dst: 'default', via: '10.0.0.2' });
  await expect(ns.routes.add({ dst: 'default', via: '10.0.0.3' })).rejects.toMatchObject({ name: 'NetlinkError', code: 'EEXIST' });
  await ns.routes.prepend({ dst: 'default', via: '10.0.0.3' });
  expect(await gateways(n, 'default')).toEqual(['10.0.0.3', '10.0.0.2']);
  await ns.routes.append({ dst: 'default', via: '10.0.0.4', dev: 'v0' });
  expect(await gateways(n, 'default')).toEqual(['10.0.0.3', '10.0.0.2', '10.0.0.4']);
  // The library's own view agrees, in the same order.
  expect((await ns.routes.list({ family: 4 })).filter((r) => r.dst === '0.0.0.0/0').map((r) => r.via)).toEqual(['10.0.0.3', '10.0.0.2', '10.0.0.4']);
  // The same route twice is still refused (prepend has no REPLACE).
  await expect(ns.routes.prepend({ dst: 'default', via: '10.0.0.3' })).rejects.toMatchObject({ code: 'EEXIST' });
  // A different metric is a different key: prepend adds it like add would.
  await ns.routes.prepend({ dst: 'default', via: '10.0.0.5', metric: 50 });
  expect(await gateways(n, 'default', 'metric', '50')).toEqual(['10.0.0.5']);
}));

test('IPv6 append adds a nexthop to the route (the kernel makes it multipath)', () => withNet(async (ns, n) => {
  await ns.routes.add({ dst: '2001:db8:c::/64', via: '2001:db8::2', dev: 'v0' });
  await ns.routes.append({ dst: '2001:db8:c::/64', via: '2001:db8::3', dev: 'v0' });
  const [route] = await ipJson<any[]>(['-n', n, '-6', 'route', 'show', '2001:db8:c::/64']);
  expect(route.nexthops.map((h: any) => h.gateway)).toEqual(['2001:db8::2', '2001:db8::3']);
}));

test('batch: prepend and append record like add, in order', () => withNet(async (ns, n) => {
  const results = await ns.batch((b) => {
    b.routes.add({ dst: '10.20.0.0/16', via: '10.0.0.2' });
    b.routes.append({ dst: '10.20.0.0/16', via: '10.0.0.4' });
    b.routes.prepend({ dst: '10.20.0.0/16', via: '10.0.0.3' });
  });
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
  expect(await gateways(n, '10.20.0.0/16')).toEqual(['10.0.0.3', '10.0.0.2', '10.0.0.4']);
}));

test('bad specs are refused through the promise, before any request', async () => {
  await withNamespaces(1, async (ns) => {
    await expect(ns.routes.prepend({ dst: 'nonsense' })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    await expect(ns.routes.append(5 as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
  });
});
