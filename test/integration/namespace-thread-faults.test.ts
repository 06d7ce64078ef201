// The namespace thread under faults from outside: a create blocked on the run directory's lock
// (another process holds it) holds up no other namespace work, process.exit() and
// worker.terminate(); process.exit() with creates queued leaves no name behind; and user code
// closing the thread's home fd (or putting another file at its number) cannot send the thread
// into a foreign namespace or abort the process.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LIB, runChild } from '../ts-child';
import { uniqueName, withNamespaces } from '../helpers';

/** A fresh run directory in /tmp; fn gets it; afterwards every name in it and its mount are gone. */
async function withRunDir(fn: (runDir: string) => Promise<void>): Promise<void> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-thread-'));
  const runDir = path.join(base, 'netns');
  fs.mkdirSync(runDir);
  try {
    await fn(runDir);
  } finally {
    for (const name of fs.readdirSync(runDir)) {
      try { execFileSync('umount', ['-l', path.join(runDir, name)], { stdio: 'ignore' }); } catch { /* not mounted */ }
      fs.rmSync(path.join(runDir, name), { force: true });
    }
    try { execFileSync('umount', ['-l', runDir], { stdio: 'ignore' }); } catch { /* not mounted */ }
    fs.rmSync(base, { recursive: true, force: true });
  }
}

/** Holds an exclusive flock on dir (as `ip netns add` does while preparing it) for up to seconds. */
async function holdLock(dir: string, seconds: number): Promise<ChildProcess> {
  const holder = spawn('flock', [dir, '-c', `echo locked; exec sleep ${seconds}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    holder.stdout.once('data', () => resolve());
    holder.once('error', reject);
  });
  return holder;
}

async function release(holder: ChildProcess): Promise<void> {
  holder.stdout!.destroy();
  if (holder.exitCode !== null || holder.signalCode !== null) return;
  const ended = new Promise((resolve) => holder.once('exit', resolve));
  process.kill(holder.pid!, 'SIGTERM');
  await ended;
}

// The child script's view of the namespace threads: whether each is in the child's namespace.
const THREAD_VIEW = `
const threadsAtHome = () => fs.readdirSync('/proc/self/task')
  .filter((t) => ['netns-ns', 'netns-file'].includes(fs.readFileSync('/proc/self/task/' + t + '/comm', 'utf8').trim()))
  .map((t) => fs.readlinkSync('/proc/self/task/' + t + '/ns/net') === fs.readlinkSync('/proc/self/ns/net'));
`;

test('a create waiting for the run directory lock holds up neither a links.list in another namespace nor the exit', async () => {
  await withNamespaces(1, (ns) => withRunDir(async (runDir) => {
    // The lock is let go after 20 s at the latest: on code where the list waits behind the
    // create, the order below then shows it (and nothing hangs for good).
    const holder = await holdLock(runDir, 20);
    try {
      const r = await runChild(`
        const fs = require('fs');
        const order = [];
        const other = lib.Namespace.fromPath(${JSON.stringify(ns.path)});
        const made = lib.Namespace.create(${JSON.stringify(uniqueName())}, { runDir: ${JSON.stringify(runDir)} })
          .then((h) => { order.push('create'); return h; }, (e) => { order.push('create failed ' + e.code); });
        await new Promise((r) => setTimeout(r, 100));  // the create is in flock by now
        const links = await other.links.list();
        order.push('list');
        console.log(JSON.stringify({ order, links: links.map((l) => l.name) }));
        process.exit(0);  // with the create still waiting for the lock
      `);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.order).toEqual(['list']);
      expect(out.links).toEqual(['lo']);
      expect(holder.exitCode).toBeNull();  // the exit did not wait for the lock's holder
    } finally {
      await release(holder);
    }
    expect(fs.readdirSync(runDir)).toEqual([]);  // the create gave up: no name made
  }));
});

test('a worker_thread terminated while its create waits for the run directory lock ends at once, nothing made', async () => {
  await withRunDir(async (runDir) => {
    const holder = await holdLock(runDir, 20);
    try {
      const r = await runChild(`
        const { Worker } = require('worker_threads');
        const src = \`
          const { parentPort, workerData: d } = require('worker_threads');
          const native = require(d.nodeGypBuild)(d.root);
          native.createNamed(d.runDir, d.name).catch(() => {});
          setTimeout(() => parentPort.postMessage('waiting'), 100);  // the create is in flock by now
        \`;
        const workerData = { nodeGypBuild: ${JSON.stringify(require.resolve('node-gyp-build'))}, root: ${JSON.stringify(`${LIB}/..`)},
          runDir: ${JSON.stringify(runDir)}, name: ${JSON.stringify(uniqueName())} };
        const w = new Worker(src, { eval: true, workerData });
        await new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
        await w.terminate();
        console.log('terminated');
      `);
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('terminated');
      expect(holder.exitCode).toBeNull();  // the terminate did not wait for the lock's holder
    } finally {
      await release(holder);
    }
    expect(fs.readdirSync(runDir)).toEqual([]);
  });
});

test('process.exit() with creates queued makes none of them (and undoes one done for nobody)', async () => {
  await withRunDir(async (runDir) => {
    const names = Array.from({ length: 20 }, () => uniqueName('exit'));
    const r = await runChild(`
      (await lib.Namespace.create()).close();  // the threads are running
      for (const name of ${JSON.stringify(names)}) lib.Namespace.create(name, { runDir: ${JSON.stringify(runDir)} }).catch(() => {});
      process.exit(0);
    `);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Names on disk, and bound namespaces the mount table still shows.
    expect(fs.readdirSync(runDir)).toEqual([]);
    expect(fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(`${runDir}/`))).toEqual([]);
  });
});

test('closing the namespace threads\' home fds and reusing their numbers sends neither thread into another namespace', async () => {
  await withNamespaces(1, async (ns) => {
    const r = await runChild(`
      const fs = require('fs');
      ${THREAD_VIEW}
      const cur = lib.Namespace.current();
      const other = lib.Namespace.fromPath(${JSON.stringify(ns.path)});
      await other.sysctl.get('net.ipv4.ip_forward');  // the thread is running
      const netFds = () => fs.readdirSync('/proc/self/fd').map(Number).filter((fd) => { try { return fs.readlinkSync('/proc/self/fd/' + fd).startsWith('net:'); } catch { return false; } });
      // The home fd: the one namespace fd that is no handle's.
      const home = () => netFds().filter((fd) => fd !== cur.fd && fd !== other.fd);
      const results = [];
      let hs = [];
      for (const put of [${JSON.stringify(ns.path)}, '/dev/null']) {
        hs = home().length ? home() : hs;  // none: the threads did not reopen their home (still the numbers taken)
        for (const h of hs) fs.closeSync(h);
        // Files opened until they land on those numbers: the next setns home would use them.
        const opened = [];
        while (!hs.every((h) => opened.includes(h))) opened.push(fs.openSync(put, 'r'));
        for (const fd of opened) if (!hs.includes(fd)) fs.closeSync(fd);
        await other.sysctl.get('net.ipv4.ip_forward');  // a job on the namespace thread
        await (await lib.Namespace.create(${JSON.stringify(uniqueName())})).delete();  // and on the file thread
        results.push({ put, atHome: threadsAtHome(), stillThere: hs.map((h) => fs.readlinkSync('/proc/self/fd/' + h)) });
        if (home().length) for (const h of hs) fs.closeSync(h);  // the homes were reopened elsewhere: ours to close
      }
      console.log(JSON.stringify(results));
    `);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.map((x: { atHome: boolean[] }) => x.atHome)).toEqual([[true, true], [true, true]]);
    // The files user code put at those numbers were left alone (theirs).
    expect(out[0].stillThere).toEqual([ns.path, ns.path]);
    expect(out[1].stillThere).toEqual(['/dev/null', '/dev/null']);
  });
});

test('the namespace fds the addon keeps for life sit above the numbers open() hands out, also under a low fd limit', async () => {
  const body = `
    const fs = require('fs');
    await lib.Namespace.create().then((n) => n.close());  // the thread's home is open
    const net = fs.readdirSync('/proc/self/fd').map(Number).filter((fd) => { try { return fs.readlinkSync('/proc/self/fd/' + fd) === fs.readlinkSync('/proc/self/ns/net'); } catch { return false; } });
    console.log(JSON.stringify({ initial: lib.Namespace.current().fd, net, low: fs.openSync('/dev/null', 'r') }));
  `;
  for (const [prefix, min, max] of [[[], 1000, Infinity], [['prlimit', '--nofile=200'], 150, 199]] as const) {
    const r = await runChild(body, { prefix: [...prefix] });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    // The initial namespace's fd (every handle of current() shares it) and the two threads' homes.
    expect(out.net).toContain(out.initial);
    expect(out.net).toHaveLength(3);
    for (const fd of out.net) {
      expect(fd).toBeGreaterThanOrEqual(min);
      expect(fd).toBeLessThanOrEqual(max);
    }
    expect(out.low).toBeLessThan(100);
  }
});
