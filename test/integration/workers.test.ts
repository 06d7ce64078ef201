// The library in worker_threads: loaded in four at once, each doing namespace, link, route,
// sysctl, tun, nftables and attach work, then terminated mid-flight. The process must survive (a settle
// that throws while a worker's environment goes away used to abort it with "terminate called
// after throwing an instance of 'Napi::Error'"), and nothing of the workers may stay open.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { LIB, runChild } from '../ts-child';
import { TEST_PREFIX, ip, nameOf, uniqueName, withNamespaces } from '../helpers';

const WORKER = `
const { parentPort, workerData } = require('worker_threads');
require.extensions['.ts'] = (m, file) => m._compile(workerData.js[file], file);
const { Namespace } = require(workerData.lib);
(async () => {
  for (let round = 0; ; round++) {
    const name = workerData.prefix + round;
    const [a, b] = await Promise.all([Namespace.create(name), Namespace.create()]);
    parentPort.postMessage({ made: name });  // from here on, termination may leave it behind
    const monitor = a.monitor({ groups: ['link'] });
    monitor.on('event', () => {});
    await Promise.all([
      a.sysctl.set('net.ipv4.ip_forward', '1'),
      a.links.add({ kind: 'veth', name: 'w0', peer: { name: 'w1' } }).then(() => a.links.set('w0', { up: true }))
        .then(() => Promise.all(Array.from({ length: 50 }, (_, j) => a.routes.add({ dst: '10.9.' + j + '.0/24', dev: 'w0' })))),
      a.links.add({ kind: 'tun', name: 'wt0' }),
      b.links.list(),
      // libnftables on its own thread, mid-call when the worker ends.
      a.firewall.apply('table inet w { chain c { type filter hook input priority 0; ip saddr 10.0.0.1 accept; ip saddr 10.0.0.2 drop; }; }')
        .then(() => a.firewall.list()),
      // The batch path's sender thread, mid-batch when the worker ends.
      b.batch((x) => { for (let j = 0; j < 3000; j++) x.routes.add({ dst: '10.8.' + (j >> 8) + '.' + (j & 255) + '/32', type: 'blackhole' }); }, { compact: true }),
      b.attach(name + '-att').then((h) => { parentPort.postMessage({ made: name + '-att' }); return h.delete(); }),
    ]);
    monitor.close();
    await Promise.all([a.delete(), b.delete()]);
    parentPort.postMessage({ round });
  }
})().catch((e) => parentPort.postMessage({ error: String(e && e.stack) }));
`;

test('four workers terminated mid-flight: the process survives, no fd, thread or name of theirs is left', async () => {
  const prefix = `${TEST_PREFIX}wk-${process.pid}-`;
  const r = await runChild(`
    const fs = require('fs');
    const path = require('path');
    const ts = require(${JSON.stringify(require.resolve('typescript'))});
    const { Worker } = require('worker_threads');
    const { execFileSync } = require('child_process');
    // Compiled once here: typescript loaded in four workers at once is slow.
    const js = {};
    (function walk(dir) {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) js[p] = ts.transpileModule(fs.readFileSync(p, 'utf8'), { fileName: p,
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
      }
    })(${JSON.stringify(LIB)});
    const fds = () => new Map(fs.readdirSync('/proc/self/fd').map((fd) => {
      try { return [fd, fs.readlinkSync('/proc/self/fd/' + fd)]; } catch { return [fd, '']; }
    }));
    console.error('');  // stdout/stderr set up now, not counted as an fd the workers left
    await fs.promises.stat('/');
    const before = fds();
    const rounds = [0, 0, 0, 0];
    const made = [];
    const errors = [];
    const workers = rounds.map((_, id) => {
      const w = new Worker(${JSON.stringify(WORKER)}, { eval: true,
        workerData: { js, lib: ${JSON.stringify(LIB)}, prefix: ${JSON.stringify(prefix)} + id + '-' } });
      w.on('message', (m) => { if (m.made) made.push(m.made); else if (m.error) errors.push(m.error); else rounds[id]++; });
      w.on('error', (e) => errors.push(String(e)));
      return w;
    });
    // Every worker has finished two rounds: terminate each while its next one is in flight.
    while (rounds.some((n) => n < 2) && errors.length === 0) await new Promise((r) => setTimeout(r, 5));
    for (const w of workers) { await new Promise((r) => setImmediate(r)); await w.terminate(); }
    const left = fs.readdirSync('/run/netns').filter((n) => n.startsWith(${JSON.stringify(prefix)}));
    for (const n of left) execFileSync('ip', ['netns', 'delete', n]);
    const after = fds();
    const leaked = [...after].filter(([fd, t]) => before.get(fd) !== t).map(([fd, t]) => fd + ' -> ' + t);
    const threadNs = new Set(fs.readdirSync('/proc/self/task').map((t) => {
      try { return fs.readlinkSync('/proc/self/task/' + t + '/ns/net'); } catch { return ''; }
    }));
    threadNs.delete('');
    console.log(JSON.stringify({ rounds, made, left, errors, leaked, threadNs: [...threadNs] }));
  `);
  try {
    expect(r.stderr.trim()).toBe('');  // no "terminate called", no uncaught error
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.errors).toEqual([]);
    for (const n of out.rounds) expect(n).toBeGreaterThanOrEqual(2);
    // Left behind only what termination interrupted, and the child removed it: names a worker
    // announced, or at most the one create per worker whose result was delivered just before the
    // worker stopped running JS (a result that could not be delivered is undone natively).
    const interrupted = out.rounds.map((_: number, id: number) => {
      const announced = out.made.filter((n: string) => n.startsWith(`${prefix}${id}-`) && !n.endsWith('-att')).length;
      return `${prefix}${id}-${announced}`;
    });
    for (const n of out.left) expect([...out.made, ...interrupted]).toContain(n);
    expect(out.leaked).toEqual([]);
    expect(out.threadNs).toEqual([fs.readlinkSync('/proc/self/ns/net')]);
  } finally {
    // After a crash of the child: remove what it could not (the global teardown would fail the run).
    const stray = fs.existsSync('/run/netns') ? fs.readdirSync('/run/netns').filter((n) => n.startsWith(prefix)) : [];
    for (const n of stray) execFileSync('ip', ['netns', 'delete', n]);
  }
  expect(fs.readdirSync('/run/netns').filter((n) => n.startsWith(prefix))).toEqual([]);
});

// Deterministic: the worker starts the native calls, says so, then never yields to its event loop
// again, so no completion can reach its JS; it is terminated once the kernel shows their work
// done. Every result is then undeliverable and must be undone natively (each worker's Abandon).
const PENDING_WORKER = `
const { parentPort, workerData: d } = require('worker_threads');
const native = require(d.nodeGypBuild)(d.root);
const ns = native.openNamespace(d.nsPath);
for (const p of [native.createTun(ns.fd, 'wt0', d.tunFlags, -1, -1), native.createNamed('/run/netns', d.named),
  native.createAnonymous(), native.attachNamed('/run/netns', d.attached, ns.fd)]) p.catch(() => {});
parentPort.postMessage('started');
for (;;);
`;

test('terminated while createTun, createNamed, createAnonymous and attachNamed are pending: each result is undone', async () => {
  const named = uniqueName('wkp');
  const attached = uniqueName('wkpa');
  await withNamespaces(1, async (ns) => {
    const r = await runChild(`
      const fs = require('fs');
      const { Worker } = require('worker_threads');
      const { execFileSync } = require('child_process');
      const fds = () => fs.readdirSync('/proc/self/fd').filter((fd) => {
        try { return fs.readlinkSync('/proc/self/fd/' + fd) !== ''; } catch { return false; }
      }).length;
      console.error('');
      await fs.promises.stat('/');
      const before = fds();
      const workerData = { nodeGypBuild: ${JSON.stringify(require.resolve('node-gyp-build'))}, root: ${JSON.stringify(`${LIB}/..`)},
        nsPath: ${JSON.stringify(`/run/netns/${nameOf(ns)}`)}, named: ${JSON.stringify(named)}, attached: ${JSON.stringify(attached)},
        tunFlags: 0x1001 };
      const w = new Worker(${JSON.stringify(PENDING_WORKER)}, { eval: true, workerData });
      await new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
      // Done in the kernel: the device exists, both names are namespaces (nsfs, like our own).
      const nsfs = fs.statSync('/proc/self/ns/net').dev;
      const isNs = (n) => { try { return fs.statSync('/run/netns/' + n).dev === nsfs; } catch { return false; } };
      const hasTun = () => { try { execFileSync('ip', ['-n', workerData.nsPath.slice(11), 'link', 'show', 'wt0'], { stdio: 'ignore' }); return true; } catch { return false; } };
      const seen = { tun: false, named: false, attached: false };
      for (let i = 0; i < 2000 && !(seen.tun && seen.named && seen.attached); i++) {
        seen.tun ||= hasTun(); seen.named ||= isNs(workerData.named); seen.attached ||= isNs(workerData.attached);
        if (!(seen.tun && seen.named && seen.attached)) await new Promise((r) => setTimeout(r, 5));
      }
      await w.terminate();
      const names = fs.readdirSync('/run/netns').filter((n) => n === workerData.named || n === workerData.attached);
      console.log(JSON.stringify({ seen, names, leaked: fds() - before }));
    `);
    expect(r.stderr.trim()).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.seen).toEqual({ tun: true, named: true, attached: true }); // each call had really done its work
    expect(out.names).toEqual([]);
    expect(out.leaked).toBe(0);
    // The tun device was persistent: only the abandon path (TUNSETPERSIST 0) takes it away.
    expect(await ip(ns, ['-j', 'link', 'show'])).not.toContain('"wt0"');
  });
  for (const n of [named, attached]) {
    if (fs.existsSync(`/run/netns/${n}`)) execFileSync('ip', ['netns', 'delete', n]);
  }
});
