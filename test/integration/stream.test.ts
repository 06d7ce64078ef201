// routes.stream() as an iterator used in every order a caller may use it: next() calls not
// awaited one by one, return()/throw() while some wait, and a stream dropped unfinished.
import { ip, ipJson, nameOf, withNamespaces } from '../helpers';
import { runChild } from '../ts-child';
import fs from 'node:fs';
import { Namespace } from '../../lib';
import type { Route } from '../../lib/types/route';

async function withRoutes<T>(count: number, fn: (ns: Namespace) => Promise<T>): Promise<T> {
  return withNamespaces(1, async (ns) => {
    await ip(ns, ['link', 'add', 'sv0', 'type', 'veth', 'peer', 'name', 'sv1']);
    await ip(ns, ['addr', 'add', '10.80.0.1/24', 'dev', 'sv0']);
    await ip(ns, ['link', 'set', 'sv0', 'up']);
    await ip(ns, ['link', 'set', 'sv1', 'up']);
    await Promise.all(Array.from({ length: count }, (_, i) => ns.routes.add({ dst: `10.81.${i >> 8}.${i & 255}/32`, via: '10.80.0.2', table: 100 })));
    return fn(ns);
  });
}

/** Records when each promise settles, so a test can ask which have (no timing involved). */
function track<T>(ps: Array<Promise<T>>): { settled: boolean[]; all: Promise<Array<PromiseSettledResult<T>>> } {
  const settled = ps.map(() => false);
  // void: both handlers only mark, so the promise then() returns cannot reject.
  ps.forEach((p, i) => { void p.then(() => { settled[i] = true; }, () => { settled[i] = true; }); });
  return { settled, all: Promise.allSettled(ps) };
}

const sockets = (): number => fs.readdirSync('/proc/self/fd').filter((fd) => {
  try { return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:'); } catch { return false; }
}).length;

const flushed = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('next() calls issued together each get their own route, in order, then the end', () => withRoutes(3, async (ns) => {
  const it = ns.routes.stream({ table: 100 });
  const calls = [it.next(), it.next(), it.next(), it.next(), it.next()];
  const t = track(calls);
  await calls[4];
  await flushed();
  expect(t.settled).toEqual([true, true, true, true, true]);  // none left waiting behind a later call
  const results = await Promise.all(calls);
  const values = results.slice(0, 3).map((r) => (r.done ? undefined : r.value.dst));
  const shown = (await ipJson(['-n', nameOf(ns), 'route', 'show', 'table', '100'])).map((r: { dst: string }) => `${r.dst}/32`);
  expect(values.sort()).toEqual(shown.sort());
  expect(results.slice(3)).toEqual([{ value: undefined, done: true }, { value: undefined, done: true }]);
}));

test('return() while next() calls wait settles every one of them with done, and closes the socket', () => withRoutes(1, async (ns) => {
  const it = ns.routes.stream({ table: 100 });
  // Both wait: the stream first reads the link names, so nothing has arrived yet.
  const waiting = track([it.next(), it.next()]);
  expect(await it.return!()).toEqual({ value: undefined, done: true });
  await flushed();
  expect(waiting.settled).toEqual([true, true]);
  expect(await waiting.all).toEqual([
    { status: 'fulfilled', value: { value: undefined, done: true } },
    { status: 'fulfilled', value: { value: undefined, done: true } },
  ]);
  expect(await it.next()).toEqual({ value: undefined, done: true });
  // The namespace works on (the stream had its own socket; the leak check counts fds).
  expect((await ns.routes.list({ table: 100 })).map((r) => r.dst)).toEqual(['10.81.0.0/32']);
}));

test('return() before the first next() reads nothing: no socket is opened for it', () => withRoutes(1, async (ns) => {
  const fresh = Namespace.fromPath(ns.path);  // no connection yet
  try {
    const before = sockets();
    const it = fresh.routes.stream({ table: 100 });
    await it.return!();
    expect(await it.next()).toEqual({ value: undefined, done: true });
    await new Promise((resolve) => setImmediate(resolve));
    expect(sockets()).toBe(before);
  } finally {
    fresh.close();
  }
}));

test('throw() while next() calls wait rejects with its error; the waiting calls end', () => withRoutes(1, async (ns) => {
  const it = ns.routes.stream({ table: 100 });
  const waiting = track([it.next(), it.next()]);
  const stop = new Error('consumer gave up');
  await expect(it.throw!(stop)).rejects.toBe(stop);
  await flushed();
  expect(waiting.settled).toEqual([true, true]);
  expect((await waiting.all).map((r) => r.status === 'fulfilled' && r.value.done)).toEqual([true, true]);
}));

test('a stream that fails reports its error once, to the first waiting next(); the others end', () => withRoutes(1, async (ns) => {
  const it = ns.routes.stream({ table: 100, dev: 'no-such-dev' });
  const [first, second] = await Promise.allSettled([it.next(), it.next()]);
  expect(first).toMatchObject({ status: 'rejected', reason: { name: 'NetlinkError', code: 'ENODEV' } });
  expect(second).toEqual({ status: 'fulfilled', value: { value: undefined, done: true } });
  expect(await it.next()).toEqual({ value: undefined, done: true });
}));

test('a stream dropped unfinished (never returned) releases its socket once collected', () => withRoutes(20000, async (ns) => {
  // In a child with --expose-gc: more routes than a stream buffers (4096) and than one read takes
  // (1 MiB), so the dropped stream
  // is paused mid-dump with its request pending. Its netlink socket must not outlive it.
  const r = await runChild(`
    const fs = require('fs');
    // Sockets of any kind (a netlink socket in another namespace is not in /proc/self/net/netlink).
    const socketFds = () => fs.readdirSync('/proc/self/fd').filter((fd) => {
      try { return fs.readlinkSync('/proc/self/fd/' + fd).startsWith('socket:'); } catch { return false; }
    }).length;
    const ns = await lib.Namespace.open(${JSON.stringify(nameOf(ns))});
    await ns.routes.list({ table: 100 });  // the namespace's own connection, kept by the handle
    const base = socketFds();
    // In a function of its own: a suspended async function may keep its last local alive.
    const takeOne = async () => {
      const it = ns.routes.stream({ table: 100 });
      if ((await it.next()).done) throw new Error('empty stream');
      return it;
    };
    // Kept until counted: a stream collected early would make the count short.
    const kept = [];
    for (let i = 0; i < 5; i++) kept.push(await takeOne());
    const open = socketFds();
    kept.length = 0;
    // Until they are freed, or 10 s: how soon V8 frees what was dropped is its own business.
    for (const deadline = Date.now() + 10000; socketFds() > base && Date.now() < deadline;) {
      global.gc();
      await new Promise((r) => setTimeout(r, 20));
    }
    console.log(JSON.stringify({ base, open, after: socketFds() }));
    ns.close();
  `, { nodeArgs: ['--expose-gc'] });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const counts = JSON.parse(r.stdout);
  expect(counts.open).toBe(counts.base + 5);  // the streams really were unfinished, each on its socket
  expect(counts.after).toBe(counts.base);
  const routes: Route[] = await ns.routes.list({ table: 100 });
  expect(routes).toHaveLength(20000);
}));
