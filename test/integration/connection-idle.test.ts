// What an idle handle costs: its connection's socket closes after IDLE_MS without requests (and at
// once beyond idleBudget() idle ones, least recently used first), its outgoing buffer shrinks,
// and the next request reopens the socket without the caller noticing. Seen from inside the
// namespace: /proc/net/netlink lists the namespace's netlink sockets by port.
import fs from 'node:fs';
import { Namespace } from '../../lib';
import { IDLE_MS, idleBudget } from '../../lib/transport/idle-list';
import { withNamespaces } from '../helpers';
import { LIB, runChild } from '../ts-child';

/**
 * Ports of the user netlink sockets open in ns, as its own /proc/net/netlink shows them (read by a
 * process inside it); the kernel's own sockets there have port 0.
 */
async function portsIn(ns: Namespace): Promise<number[]> {
  const { stdout } = await ns.exec('cat', ['/proc/net/netlink']);
  return stdout.trim().split('\n').slice(1).map((line) => Number(line.trim().split(/\s+/)[2])).filter((port) => port !== 0);
}

const socketFds = (): number => fs.readdirSync('/proc/self/fd').filter((fd) => {
  try { return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:'); } catch { return false; }
}).length;

// The sweeper looks every IDLE_MS / 2: a socket idle since just after one look closes at the third.
const sleepPastIdle = (): Promise<void> => new Promise((r) => setTimeout(r, IDLE_MS * 1.5 + 300));

test('an idle connection closes its socket, the handle keeps only its fd, and the next request reopens it', () => withNamespaces(1, async (ns) => {
  const sockets = socketFds();
  await ns.links.add({ kind: 'veth', name: 'idle0', peer: { name: 'idle1' } });
  const port = ns.netlink().port;
  expect(await portsIn(ns)).toContain(port);
  expect(socketFds()).toBe(sockets + 1);
  // A stream paused mid-dump is not idle: it keeps its own socket however long its reader waits.
  await ns.batch((b) => { for (let i = 0; i < 6000; i++) b.routes.add({ dst: `10.${i >> 8}.${i & 255}.0/24`, type: 'blackhole' }); }, { compact: true });
  const stream = ns.routes.stream();
  expect((await stream.next()).done).toBe(false);

  await sleepPastIdle();
  expect(await portsIn(ns)).not.toContain(port);
  expect(socketFds()).toBe(sockets + 1);  // the stream's
  let streamed = 1;
  for await (const r of stream) if (r.type === 'blackhole') streamed++;
  expect(streamed).toBe(6000);

  // Reopened by the next request, transparently; the kernel gives the new socket its own port.
  expect((await ns.links.list()).map((l) => l.name).sort()).toEqual(['idle0', 'idle1', 'lo']);
  const reopened = ns.netlink().port;
  expect(await portsIn(ns)).toEqual([reopened]);
  await ns.links.delete('idle0');
  expect((await ns.links.list()).map((l) => l.name)).toEqual(['lo']);
}));

test('a burst over more namespaces than the idle budget keeps at most the budget of sockets open; each reopens when used', async () => {
  // Under a limit of 2048 open files the budget is 256 (an eighth): 296 namespaces go over it.
  const r = await runChild(`
    const fs = require('fs');
    const { idleBudget } = require(${JSON.stringify(`${LIB}/transport/idle-list`)});
    const socketFds = () => fs.readdirSync('/proc/self/fd').filter((fd) => {
      try { return fs.readlinkSync('/proc/self/fd/' + fd).startsWith('socket:'); } catch { return false; }
    }).length;
    const portsIn = async (ns) => (await ns.exec('cat', ['/proc/net/netlink'])).stdout.trim().split('\\n').slice(1)
      .map((line) => Number(line.trim().split(/\\s+/)[2])).filter((port) => port !== 0);
    const budget = idleBudget();
    const sockets = socketFds();
    const all = [];
    try {
      for (let i = 0; i < budget + 40; i++) all.push(await lib.Namespace.create());
      // All at once, two steps each: between its steps each connection waits for the event loop's
      // next turn with its requests queued; it must not keep a socket meanwhile.
      let peak = 0;
      await Promise.all(all.map(async (ns) => {
        await ns.links.list();
        peak = Math.max(peak, socketFds() - sockets);
        if ((await ns.links.list()).length !== 1) throw new Error('not a fresh namespace');
        peak = Math.max(peak, socketFds() - sockets);
      }));
      // One quick pass in order: the first ones' sockets close as the later ones go idle.
      for (const ns of all) await ns.links.list();
      const afterPass = socketFds() - sockets;
      const first = await portsIn(all[0]);
      const last = await portsIn(all[all.length - 1]);
      // The first handle works as before; using it closes the now least recently used one instead.
      await all[0].links.add({ kind: 'veth', name: 'lru0', peer: { name: 'lru1' } });
      const firstLinks = (await all[0].links.list()).length;
      const firstAgain = (await portsIn(all[0])).length;
      const second = await portsIn(all[1]);
      const afterUse = socketFds() - sockets;
      console.log(JSON.stringify({ budget, peak, afterPass, first, last, firstLinks, firstAgain, second, afterUse }));
    } finally {
      for (const ns of all) ns.close();
    }
  `, { prefix: ['prlimit', '--nofile=2048:2048'] });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out.budget).toBe(256);
  expect(out.peak).toBeLessThanOrEqual(out.budget + 1);
  expect(out.afterPass).toBe(out.budget);
  expect(out.first).toEqual([]);
  expect(out.last).toHaveLength(1);
  expect(out).toMatchObject({ firstLinks: 3, firstAgain: 1, second: [], afterUse: out.budget });
});

test('the idle budget is an eighth of the open-files limit, from 256 to 4096', () => {
  expect([1024, 2048, 8000, 20000, 1 << 20, Infinity].map((n) => idleBudget(n))).toEqual([256, 256, 1000, 2500, 4096, 4096]);
});

test('the outgoing buffer grows for a burst and shrinks once the idle connection closes its socket', () => withNamespaces(1, async (ns) => {
  const conn = ns.netlink();
  // The buffer is private: its size is read through a cast, the behaviour through the kernel's view.
  const outSize = (): number => (conn as unknown as { out: { backing: Buffer } }).out.backing.length;
  const small = outSize();
  expect(small).toBeLessThanOrEqual(4096);
  let largest = 0;
  const adds = Array.from({ length: 3000 }, (_, i) => ns.routes.add({ dst: `10.${i >> 8}.${i & 255}.0/24`, type: 'blackhole' }));
  largest = outSize();  // everything queued in this tick waits in the buffer for the flush
  await Promise.all(adds);
  expect(largest).toBeGreaterThan(16 * 1024);
  await sleepPastIdle();  // shrunk when the idle socket closes, not between a burst's datagrams
  expect(outSize()).toBe(small);
  expect((await ns.routes.list({ type: 'blackhole' })).length).toBe(3000);
}));

test('a handle closed before its queued request goes out fails the request and opens no socket', async () => {
  const sockets = socketFds();
  const ns = await Namespace.create();
  const listing = ns.links.list();
  expect(socketFds()).toBe(sockets);  // opened at the flush, not when the request is queued
  ns.close();
  await expect(listing).rejects.toMatchObject({ code: 'ERR_NETNS_CLOSED' });
  expect(socketFds()).toBe(sockets);
});

test('once a collection has freed closed sockets, the C heap gives its free pages back, once', async () => {
  const r = await runChild(`
    const { native } = require(${JSON.stringify(`${LIB}/native`)});
    let trims = 0;
    const trim = native.trimMemory;
    native.trimMemory = () => { trims++; trim(); };
    const handles = [];
    for (let i = 0; i < 20; i++) handles.push(await lib.Namespace.create());
    await Promise.all(handles.map((ns) => ns.links.list()));
    for (const ns of handles) ns.close();
    const beforeGc = trims;
    for (let i = 0; i < 3; i++) { global.gc(); await new Promise((r) => setTimeout(r, 150)); }
    console.log(JSON.stringify({ beforeGc, after: trims }));
  `, { nodeArgs: ['--expose-gc'] });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual({ beforeGc: 0, after: 1 });
});
