// The route decoder against `ip -j route show`: prefixes and gateways it builds from shared text
// (the last /24's text, the last gateway's), and the fields few routes carry, which it adds only
// to the routes that have them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Namespace } from '../../lib';
import type { Route } from '../../lib/types/route';
import { ip, ipJson, nameOf, withNamespaces } from '../helpers';
import { vethPair } from './veth-setup';

const withNet = <T>(fn: (ns: Namespace, n: string) => Promise<T>): Promise<T> =>
  withNamespaces(1, async (ns) => { await vethPair(ns); return fn(ns, nameOf(ns)); });

/** Runs lines through `ip -n NS -batch FILE`. */
async function ipBatch(ns: Namespace, lines: string[]): Promise<void> {
  const file = path.join(os.tmpdir(), `${nameOf(ns)}.batch`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  try { await ip(ns, ['-batch', file]); } finally { fs.rmSync(file, { force: true }); }
}

/** ip prints a host route without its /32 (/128) and the default route as 'default'. */
function ipDst(r: any, family: 4 | 6): string {
  if (r.dst === 'default') return family === 4 ? '0.0.0.0/0' : '::/0';
  return r.dst.includes('/') ? r.dst : `${r.dst}/${family === 4 ? 32 : 128}`;
}

/** What the library reports of an `ip -j route show` entry, field by field. */
const fromIp = (r: any, family: 4 | 6) => ({
  dst: ipDst(r, family), via: r.gateway, dev: r.dev, metric: r.metric, src: r.prefsrc,
  protocol: r.protocol ?? 'boot', scope: r.scope ?? 'global',
});

const ofOurs = (r: Route) => ({ dst: r.dst, via: r.via, dev: r.dev, metric: r.metric, src: r.src, protocol: r.protocol, scope: r.scope });

test('a table of prefixes that share their first octets, of several lengths, through two gateways, reads as ip shows it', () => withNet(async (ns, n) => {
  const lines: string[] = [];
  for (let i = 0; i < 600; i++) {
    // Neighbours share a /24 (and its text) but not always their length or gateway; some /24s recur later.
    const len = [32, 32, 31, 30, 28, 25][i % 6];
    const third = (i >> 4) % 40;
    const fourth = ((i & 15) * 16) & (0xff << (32 - len)) & 0xff;
    lines.push(`route replace 10.${100 + (i % 3)}.${third}.${fourth}/${len} via 10.0.0.${2 + (i % 2)} table 100`);
  }
  lines.push('route add default via 10.0.0.2 table 100', 'route add 10.200.0.0/16 dev v0 table 100 metric 7 src 10.0.0.1 proto static');
  await ipBatch(ns, lines);
  const shown = (await ipJson<any[]>(['-n', n, '-4', 'route', 'show', 'table', '100'])).map((r) => fromIp(r, 4));
  const listed = (await ns.routes.list({ table: 100, family: 4 })).map(ofOurs);
  expect(listed.length).toBeGreaterThan(300);
  expect(new Set(listed.map((r) => r.via))).toEqual(new Set(['10.0.0.2', '10.0.0.3', undefined]));
  expect(listed).toEqual(shown);
  // The stream decodes the same way.
  const streamed: ReturnType<typeof ofOurs>[] = [];
  for await (const r of ns.routes.stream({ table: 100, family: 4 })) streamed.push(ofOurs(r));
  expect(streamed).toEqual(shown);
}));

test('IPv6 prefixes and gateways read as ip -6 shows them', () => withNet(async (ns, n) => {
  const lines = Array.from({ length: 40 }, (_, i) => `route add 2001:db8:${i % 5}:${i}::/${64 + (i % 3) * 16} via 2001:db8::${2 + (i % 2)} table 100`);
  await ipBatch(ns, lines);
  const shown = (await ipJson<any[]>(['-n', n, '-6', 'route', 'show', 'table', '100'])).map((r) => fromIp(r, 6));
  expect((await ns.routes.list({ table: 100, family: 6 })).map(ofOurs)).toEqual(shown);
}));

// The fields every decoded route has, even when undefined (one object layout for the usual route).
const COMMON = ['family', 'dst', 'dstLength', 'from', 'table', 'type', 'protocol', 'scope', 'tos', 'metric', 'via', 'dev', 'oif', 'src', 'flags', 'raw'];

test('the fields few routes carry are present only on the routes that have them, with ip\'s values', () => withNet(async (ns, n) => {
  await ns.routes.add({ dst: '10.21.0.0/16', via: '10.0.0.2' });
  await ns.routes.add({ dst: '10.22.0.0/16', via: '10.99.0.1', dev: 'v0', onlink: true, mtu: 1400, lock: ['mtu'], metrics: { advmss: 1360 } });
  await ns.routes.add({ dst: '10.23.0.0/16', nexthops: [{ via: '10.0.0.2', weight: 2 }, { via: '10.0.0.3' }] });
  await ip(ns, ['-6', 'route', 'add', '2001:db8:5::/64', 'via', '2001:db8::2', 'pref', 'high', 'expires', '300']);
  const listed = await ns.routes.list({ table: 'main' });
  const get = (dst: string): Route => listed.find((r) => r.dst === dst)!;

  expect(Object.keys(get('10.21.0.0/16'))).toEqual(COMMON);
  expect(get('10.21.0.0/16')).toEqual({
    family: 4, dst: '10.21.0.0/16', dstLength: 16, from: undefined, table: 254, type: 'unicast', protocol: 'boot',
    scope: 'global', tos: 0, metric: undefined, via: '10.0.0.2', dev: 'v0', oif: expect.any(Number), src: undefined, flags: [], raw: {},
  });

  const shown = await ipJson<any[]>(['-n', n, 'route', 'show']);
  const onlink = get('10.22.0.0/16');
  expect(Object.keys(onlink)).toEqual([...COMMON, 'onlink', 'metrics', 'lock']);
  expect(shown.find((r) => r.dst === '10.22.0.0/16')).toMatchObject({ flags: ['onlink'], metrics: [{ mtu: 1400, advmss: 1360 }] });
  expect(onlink).toMatchObject({ onlink: true, flags: ['onlink'], metrics: { mtu: 1400, advmss: 1360 }, lock: ['mtu'], via: '10.99.0.1' });

  const multi = get('10.23.0.0/16');
  expect(Object.keys(multi)).toEqual([...COMMON, 'nexthops']);
  expect(multi.nexthops!.map((h) => [h.via, h.dev, h.weight]))
    .toEqual(shown.find((r) => r.dst === '10.23.0.0/16').nexthops.map((h: any) => [h.gateway, h.dev, h.weight]));

  const six = get('2001:db8:5::/64');
  const shownSix = (await ipJson<any[]>(['-n', n, '-6', 'route', 'show'])).find((r) => r.dst === '2001:db8:5::/64');
  expect(shownSix).toMatchObject({ pref: 'high', expires: expect.any(Number) });
  expect(six).toMatchObject({ family: 6, via: '2001:db8::2', metric: shownSix.metric, pref: 'high' });
  expect(six.expires).toBeGreaterThan(shownSix.expires - 5);
  expect(six.expires).toBeLessThanOrEqual(300);
  expect(Object.keys(six)).toEqual([...COMMON, 'pref', 'expires']);
}));
