// Callers that get in each other's way: close() racing requests, dumps, streams and batches;
// batches beside unrelated work; a stream and a list at once; a monitor closed by its own
// listener. Every pending promise settles (with a typed error where it fails), no rejection goes
// unhandled, no socket is left, and the kernel's state (ip -j) is what the callers were told.
import fs from 'node:fs';
import { ip, ipJson, nameOf, withNamespaces } from '../helpers';
import type { Namespace } from '../../lib';
import type { Link } from '../../lib/types/link';
import type { MonitorEvent } from '../../lib/types/monitor';

const sockets = (): number => fs.readdirSync('/proc/self/fd').filter((fd) => {
  try { return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:'); } catch { return false; }
}).length;

/** Runs fn and returns the rejections that went unhandled meanwhile (none may). */
async function unhandledDuring(fn: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const record = (reason: unknown): void => { seen.push(reason); };
  process.on('unhandledRejection', record);
  try {
    await fn();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('unhandledRejection', record);
  }
  return seen;
}

async function uplink(ns: Namespace): Promise<void> {
  await ip(ns, ['link', 'add', 'hc0', 'type', 'veth', 'peer', 'name', 'hc1']);
  await ip(ns, ['addr', 'add', '10.100.0.1/24', 'dev', 'hc0']);
  await ip(ns, ['link', 'set', 'hc0', 'up']);
  await ip(ns, ['link', 'set', 'hc1', 'up']);
}

const tableRoutes = async (ns: Namespace, table: number): Promise<string[]> => {
  try {
    return (await ipJson(['-n', nameOf(ns), 'route', 'show', 'table', String(table)])).map((r: { dst: string }) => r.dst);
  } catch (err) {
    if (/FIB table does not exist/.test(String(err))) return [];
    throw err;
  }
};

const closedError = { code: 'ERR_NETNS_CLOSED' };

test('close() in the same tick as requests, dumps, a stream and a batch: each rejects with ERR_NETNS_CLOSED, nothing is sent', () => withNamespaces(1, async (ns) => {
  await uplink(ns);
  const base = sockets();
  const unhandled = await unhandledDuring(async () => {
    const adds = Array.from({ length: 200 }, (_, i) => ns.routes.add({ dst: `10.101.0.${i}/32`, via: '10.100.0.2', table: 100 }));
    const others = [
      ns.links.list(), ns.routes.list(), ns.addresses.list(), ns.links.set('hc1', { mtu: 1300 }),
      ns.links.add({ kind: 'veth', name: 'hx0', peer: { name: 'hx1' } }),
      ns.routes.stream({ table: 100 }).next(),
    ];
    const batch = ns.batch((b) => { b.routes.add({ dst: '10.102.0.0/24', via: '10.100.0.2', table: 100 }); }, { atomic: true });
    ns.close();
    const settled = await Promise.allSettled([...adds, ...others]);
    for (const s of settled) expect(s).toMatchObject({ status: 'rejected', reason: closedError });
    // The batch had started: it fails as a whole, for the reason its operation failed.
    await expect(batch).rejects.toMatchObject({ name: 'BatchError', cause: closedError, undoErrors: [] });
  });
  expect(unhandled).toEqual([]);
  expect(sockets()).toBeLessThanOrEqual(base);
  // Nothing reached the kernel.
  expect(await tableRoutes(ns, 100)).toEqual([]);
  const links: Array<{ ifname: string; mtu: number }> = await ipJson(['-n', nameOf(ns), 'link', 'show']);
  expect(links.map((l) => l.ifname).sort()).toEqual(['hc0', 'hc1', 'lo']);
  expect(links.find((l) => l.ifname === 'hc1')?.mtu).toBe(1500);
}));

test('close() while requests are in flight: each settles, what the kernel did matches what was reported', () => withNamespaces(1, async (ns) => {
  await uplink(ns);
  const dsts = Array.from({ length: 10000 }, (_, i) => `10.103.${i >> 8}.${i & 255}/32`);
  const unhandled = await unhandledDuring(async () => {
    const adds = dsts.map((dst) => ns.routes.add({ dst, via: '10.100.0.2', table: 100 }));
    const listing = ns.routes.list({ table: 100 });
    await adds[0];  // the first datagram went out and was answered; close before the rest is read
    ns.close();
    const settled = await Promise.allSettled([...adds, listing]);
    for (const s of settled) if (s.status === 'rejected') expect(s.reason).toMatchObject(closedError);
    // Every route reported added is in the kernel. (A route reported closed may have been added:
    // the kernel handles a datagram inside sendmsg; the caller cannot know, as with any socket.)
    const reported = dsts.filter((_, i) => settled[i].status === 'fulfilled');
    expect(reported.length).toBeGreaterThan(0);
    const inKernel = new Set(await tableRoutes(ns, 100));
    for (const dst of reported) expect(inKernel.has(dst.replace('/32', ''))).toBe(true);
  });
  expect(unhandled).toEqual([]);
}));

test('close() of the namespace handle does not cut a stream already reading on its own socket', () => withNamespaces(1, async (ns) => {
  await uplink(ns);
  const dsts = Array.from({ length: 6000 }, (_, i) => `10.104.${i >> 8}.${i & 255}/32`);
  await Promise.all(dsts.map((dst) => ns.routes.add({ dst, via: '10.100.0.2', table: 100 })));
  const base = sockets();
  const it = ns.routes.stream({ table: 100 });
  const first = await it.next();
  ns.close();
  const seen = first.done ? [] : [first.value.dst];
  for (let r = await it.next(); !r.done; r = await it.next()) seen.push(r.value.dst);
  expect(seen.sort()).toEqual([...dsts].sort());
  expect(sockets()).toBeLessThan(base);  // the stream's socket closed at its end, the handle's at close()
}));

test('a stream and a list at once on one namespace both see the whole table, as ip does', () => withNamespaces(1, async (ns) => {
  await uplink(ns);
  const dsts = Array.from({ length: 5000 }, (_, i) => `10.105.${i >> 8}.${i & 255}/32`);
  await Promise.all(dsts.map((dst) => ns.routes.add({ dst, via: '10.100.0.2', table: 100 })));
  const streamed: string[] = [];
  const streaming = (async () => { for await (const r of ns.routes.stream({ table: 100 })) streamed.push(r.dst); })();
  const [listed, links] = await Promise.all([ns.routes.list({ table: 100 }), ns.links.list(), streaming]);
  const shown = (await tableRoutes(ns, 100)).map((d) => `${d}/32`).sort();
  expect(streamed.sort()).toEqual(shown);
  expect(listed.map((r) => r.dst).sort()).toEqual(shown);
  expect(links.map((l) => l.name).sort()).toEqual(['hc0', 'hc1', 'lo']);
}));

test('a batch with a bad argument beside a good batch and unrelated work: only the bad batch fails, and sends nothing', () => withNamespaces(1, async (ns) => {
  await uplink(ns);
  const unhandled = await unhandledDuring(async () => {
    const [bad, good, list, set, add] = await Promise.allSettled([
      ns.batch((b) => {
        b.links.add({ kind: 'veth', name: 'hb0', peer: { name: 'hb1' } });
        b.routes.add({ dst: '10.106.0.0/24', via: '10.100.0.2', table: 100 });
        b.routes.add({ dst: '10.106.1.0/24', via: '10.100.0.2', table: 'no-such-table' });
      }, { atomic: true }),
      ns.batch((b) => {
        b.routes.add({ dst: '10.107.0.0/24', via: '10.100.0.2', table: 100 });
        b.links.add({ kind: 'veth', name: 'hg0', peer: { name: 'hg1' } });
      }, { atomic: true }),
      ns.links.list(),
      ns.links.set('hc1', { mtu: 1280 }),
      ns.routes.add({ dst: '10.108.0.0/24', via: '10.100.0.2' }),
    ]);
    expect(bad).toMatchObject({ status: 'rejected', reason: { code: 'ERR_INVALID_ARG_VALUE' } });
    expect([good.status, list.status, set.status, add.status]).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
  });
  expect(unhandled).toEqual([]);
  expect(await tableRoutes(ns, 100)).toEqual(['10.107.0.0/24']);
  expect(await tableRoutes(ns, 254)).toContain('10.108.0.0/24');
  const links: Array<{ ifname: string; mtu: number }> = await ipJson(['-n', nameOf(ns), 'link', 'show']);
  expect(links.map((l) => l.ifname)).toEqual(expect.arrayContaining(['hg0', 'hg1']));
  expect(links.map((l) => l.ifname)).not.toContain('hb0');
  expect(links.find((l) => l.ifname === 'hc1')?.mtu).toBe(1280);
}));

test('two atomic batches failing in the kernel at once: each undoes only its own operations', () => withNamespaces(1, async (ns) => {
  await uplink(ns);
  await ip(ns, ['route', 'add', '10.109.0.9/32', 'via', '10.100.0.2', 'table', '100']);
  await ip(ns, ['route', 'add', '10.110.0.9/32', 'via', '10.100.0.2', 'table', '100']);
  const batch = (prefix: string) => ns.batch((b) => {
    for (let i = 0; i < 10; i++) b.routes.add({ dst: `${prefix}.${i}/32`, via: '10.100.0.2', table: 100 });  // .9 exists
  }, { atomic: true });
  const [x, y] = await Promise.allSettled([batch('10.109.0'), batch('10.110.0')]);
  for (const r of [x, y]) expect(r).toMatchObject({ status: 'rejected', reason: { name: 'BatchError', cause: { code: 'EEXIST' }, undoErrors: [] } });
  // The routes that were there before stay: neither batch undid the other's failure.
  expect((await tableRoutes(ns, 100)).sort()).toEqual(['10.109.0.9', '10.110.0.9']);
}));

test('a monitor closed by its own listener mid-read delivers nothing after, and fails nothing else', () => withNamespaces(1, async (ns) => {
  const mon = ns.monitor({ groups: ['link'] });
  const names: string[] = [];
  const closed = new Promise<void>((resolve) => mon.once('close', resolve));
  mon.on('event', (e: MonitorEvent) => { names.push((e.value as Link).name); mon.close(); });
  await ns.links.add({ kind: 'veth', name: 'hm0', peer: { name: 'hm1' } });  // several events, likely in one read
  await closed;
  expect(names).toHaveLength(1);
  expect(mon.closed).toBe(true);
  expect((await ipJson(['-n', nameOf(ns), 'link', 'show'])).map((l: { ifname: string }) => l.ifname)).toEqual(expect.arrayContaining(['hm0', 'hm1']));
}));
