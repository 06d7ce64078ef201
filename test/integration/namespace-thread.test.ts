// The addon's one namespace thread: sockets, streams and connections opened concurrently in
// different namespaces each land in their own (checked through views the library does not make:
// ss -N and ip -n), the thread is back home after every job, and a worker_thread terminated while
// its socket opens are pending leaves no socket and no fd behind.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:net';
import { Namespace } from '../../lib';
import { LIB, runChild } from '../ts-child';
import { ip, ipJson, nameOf, withNamespaces } from '../helpers';

/** TCP ports listening in namespace ns, as ss sees them. */
function listeningPorts(ns: Namespace): number[] {
  const out = execFileSync('ss', ['-N', nameOf(ns), '-ltnH'], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).map((l) => Number(l.trim().split(/\s+/)[3].split(':').pop())).sort((a, b) => a - b);
}

function threadNamespaces(): Map<string, string> {
  const seen = new Map<string, string>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      seen.set(fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() + '/' + tid, fs.readlinkSync(`/proc/self/task/${tid}/ns/net`));
    } catch { /* ended meanwhile */ }
  }
  return seen;
}

const PER_NS = 6;

test('listeners, connections and streams opened at once in four namespaces each land in their own', async () => {
  await withNamespaces(4, async (...all) => {
    // Each namespace gets its own link and route, so that every view tells them apart.
    await Promise.all(all.map(async (ns, i) => {
      await ip(ns, ['link', 'add', `d${i}`, 'type', 'veth', 'peer', 'name', `e${i}`]);
      await ip(ns, ['link', 'set', `e${i}`, 'up']);
      await ip(ns, ['link', 'set', `d${i}`, 'up']);
      await ip(ns, ['address', 'add', `10.${i}.0.1/24`, 'dev', `d${i}`]);
    }));
    const portOf = (i: number, k: number): number => 20000 + i * 100 + k;
    const servers: Server[][] = [];
    const linkNames: string[][][] = [];
    const routeDsts: string[][][] = [];
    await Promise.all(all.map(async (ns, i) => {
      const handles = await Promise.all(Array.from({ length: PER_NS }, () => Namespace.open(nameOf(ns))));
      try {
        const [s, l, r] = await Promise.all([
          Promise.all(Array.from({ length: PER_NS }, (_, k) => ns.listen({ port: portOf(i, k), host: '0.0.0.0' }))),
          // Each handle opens its own connection (its first request) and lists the links.
          Promise.all(handles.map(async (h) => (await h.links.list()).map((x) => x.name).sort())),
          Promise.all(Array.from({ length: PER_NS }, async () => {
            const dsts: string[] = [];
            for await (const route of ns.routes.stream({ family: 4 })) dsts.push(String(route.dst));
            return dsts.sort();
          })),
        ]);
        servers[i] = s;
        linkNames[i] = l;
        routeDsts[i] = r;
      } finally {
        for (const h of handles) h.close();
      }
    }));
    try {
      for (const [i, ns] of all.entries()) {
        expect(listeningPorts(ns)).toEqual(Array.from({ length: PER_NS }, (_, k) => portOf(i, k)));
        const links = (await ipJson<{ ifname: string }[]>(['-n', nameOf(ns), 'link', 'show'])).map((l) => l.ifname).sort();
        expect(links).toContain(`d${i}`);
        for (const seen of linkNames[i]) expect(seen).toEqual(links);
        const routes = (await ipJson<{ dst: string }[]>(['-n', nameOf(ns), 'route', 'show'])).map((r) => r.dst).sort();
        expect(routes).toEqual([`10.${i}.0.0/24`]);
        for (const seen of routeDsts[i]) expect(seen).toEqual([`10.${i}.0.0/24`]);
      }
    } finally {
      await Promise.all(servers.flat().map((s) => new Promise((r) => s.close(r))));
    }
    // Every thread, the namespace thread among them, is back in the namespace it started in.
    const home = fs.readlinkSync('/proc/self/ns/net');
    const threads = threadNamespaces();
    expect([...threads.keys()].some((k) => k.startsWith('netns-ns/'))).toBe(true);
    for (const [thread, netns] of threads) expect(`${thread} ${netns}`).toBe(`${thread} ${home}`);
  });
});

test('one namespace thread serves every call: the same thread after 200 more calls, its signals blocked, at home', async () => {
  await withNamespaces(2, async (a, b) => {
    (await a.listen()).close();  // the thread has started by now
    const nsThreads = (): string[] => fs.readdirSync('/proc/self/task').filter((tid) => {
      try { return fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === 'netns-ns'; } catch { return false; }
    });
    const [tid] = nsThreads();
    const threads = fs.readdirSync('/proc/self/task').length;
    for (let i = 0; i < 50; i++) {
      const [server, udp] = await Promise.all([a.listen(), b.createSocket('udp6'), a.sysctl.get('net.ipv4.ip_forward'), Namespace.create().then((n) => n.delete())]);
      server.close();
      udp.close();
    }
    expect(nsThreads()).toEqual([tid]);
    expect(fs.readdirSync('/proc/self/task').length).toBe(threads);
    const status = fs.readFileSync(`/proc/self/task/${tid}/status`, 'utf8');
    // Every signal is blocked but SIGKILL and SIGSTOP (which cannot be) and glibc's own 32 and 33
    // (which pthread_sigmask leaves alone): 0xfffffffe7ffbfeff.
    const unblockable = (1n << 8n) | (1n << 18n) | (1n << 31n) | (1n << 32n);
    expect(BigInt(`0x${/^SigBlk:\s*([0-9a-f]+)$/m.exec(status)![1]}`) | unblockable).toBe((1n << 64n) - 1n);
    expect(fs.readlinkSync(`/proc/self/task/${tid}/ns/net`)).toBe(fs.readlinkSync('/proc/self/ns/net'));
  });
});

test('a socket that cannot be bound rejects (EADDRINUSE, bind) and leaves no fd', async () => {
  await withNamespaces(1, async (ns) => {
    const first = await ns.listen({ port: 20999, host: '0.0.0.0' });
    try {
      const fds = fs.readdirSync('/proc/self/fd').length;
      await expect(ns.listen({ port: 20999, host: '0.0.0.0' })).rejects.toMatchObject({ code: 'EADDRINUSE', syscall: 'bind' });
      expect(fs.readdirSync('/proc/self/fd').length).toBe(fds);
      expect(listeningPorts(ns)).toEqual([20999]);
    } finally {
      await new Promise((r) => first.close(r));
    }
  });
});

// The worker starts the socket opens, says so and never yields to its event loop again: no
// result can reach its JS, so each socket made must be closed natively when it ends.
const PENDING_SOCKETS = `
const { parentPort, workerData: d } = require('worker_threads');
const native = require(d.nodeGypBuild)(d.root);
const ns = native.openNamespace(d.nsPath);
for (let k = 0; k < 20; k++) {
  native.openInetSocket(ns.fd, 4, 'udp', Buffer.from([0, 0, 0, 0]), d.port + k, false).catch(() => {});
}
parentPort.postMessage('started');
for (;;);
`;

test('a worker_thread terminated while its socket opens are pending leaves no socket and no fd', async () => {
  await withNamespaces(1, async (ns) => {
    const r = await runChild(`
      const fs = require('fs');
      const { Worker } = require('worker_threads');
      const { execFileSync } = require('child_process');
      const fds = () => fs.readdirSync('/proc/self/fd').map((fd) => { try { return fd + ' ' + fs.readlinkSync('/proc/self/fd/' + fd); } catch { return ''; } }).filter(Boolean);
      console.error('');
      await fs.promises.stat('/');
      const before = fds();
      const workerData = { nodeGypBuild: ${JSON.stringify(require.resolve('node-gyp-build'))}, root: ${JSON.stringify(`${LIB}/..`)},
        nsPath: ${JSON.stringify(`/run/netns/${nameOf(ns)}`)}, port: 21000 };
      const w = new Worker(${JSON.stringify(PENDING_SOCKETS)}, { eval: true, workerData });
      await new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
      // Made in the kernel: the bound UDP sockets show in the namespace.
      const bound = () => execFileSync('ss', ['-N', ${JSON.stringify(nameOf(ns))}, '-uanH'], { encoding: 'utf8' }).split('\\n').filter(Boolean).length;
      let seen = 0;
      for (let i = 0; i < 400 && seen < 20; i++) { seen = bound(); if (seen < 20) await new Promise((r) => setTimeout(r, 5)); }
      await w.terminate();
      const threads = fs.readdirSync('/proc/self/task').map((t) => fs.readlinkSync('/proc/self/task/' + t + '/ns/net'));
      console.log(JSON.stringify({ seen, after: bound(), leaked: fds().filter((f) => !before.includes(f)), foreign: threads.filter((n) => n !== fs.readlinkSync('/proc/self/ns/net')) }));
    `);
    expect(r.stderr.trim()).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.seen).toBe(20);  // every open had really been done
    expect(out.after).toBe(0);
    expect(out.leaked).toEqual([]);
    expect(out.foreign).toEqual([]);
  });
});
