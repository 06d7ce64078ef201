// This library's side of `npm run bench -- scale`, run in a fresh `node --expose-gc` process:
// COUNT named namespaces PREFIX-0.. created, populated (veth vethA/vethB + 10.0.0.1/24 on vethA),
// their links listed and deleted, each phase all at once (Promise.all, as a user would), with all
// handles held open through the first three. Prints one JSON line (a NetnsReport).
// Usage: node --expose-gc netns-child.js PREFIX COUNT [WIDTH (at most this many in flight)]
import fs from 'node:fs';
import { Namespace } from '../../../lib';
import type { NetnsReport, PhaseTimes, ProcessSnapshot } from './types';

/** Longer than the library's idle time (2 s), after which an idle connection closes its socket. */
const IDLE_WAIT_MS = 3000;

function statusKiB(field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync('/proc/self/status', 'utf8'));
  if (!m) throw new Error(`no ${field} in /proc/self/status`);
  return Number(m[1]);
}

function threadNames(): Map<string, string> {
  const names = new Map<string, string>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try { names.set(tid, fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim()); } catch { /* ended */ }
  }
  return names;
}

function fdTargets(): Map<string, string> {
  const fds = new Map<string, string>();
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try { fds.set(fd, fs.readlinkSync(`/proc/self/fd/${fd}`)); } catch { /* readdir's own fd, closed */ }
  }
  return fds;
}

/** After a full collection, so that garbage does not count as what the handles hold. */
function snapshot(): ProcessSnapshot {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return { rssKiB: statusKiB('VmRSS'), heapKiB: heapUsed / 1024, externalKiB: external / 1024, fds: fdTargets().size, threads: threadNames().size };
}

/**
 * fn over every item, all at once as a user would (Promise.all), or at most `width` in flight;
 * every call settles, then the first failure is thrown with how many failed (none hidden).
 */
async function each<T, R>(phase: string, items: T[], fn: (item: T) => Promise<R>, width: number): Promise<R[]> {
  let settled: PromiseSettledResult<R>[];
  if (width >= items.length) {
    settled = await Promise.allSettled(items.map(fn));
  } else {
    settled = new Array<PromiseSettledResult<R>>(items.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < items.length; i = next++) {
        try { settled[i] = { status: 'fulfilled', value: await fn(items[i]) }; } catch (reason) { settled[i] = { status: 'rejected', reason }; }
      }
    };
    await Promise.all(Array.from({ length: width }, worker));
  }
  const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed.length) {
    const first = failed[0].reason as Error;
    throw new Error(`${phase}: ${failed.length} of ${items.length} failed, the first: ${first?.message ?? String(first)}`,
      { cause: first });
  }
  return settled.map((s) => (s as PromiseFulfilledResult<R>).value);
}

const now = (): number => performance.now();

export async function main(prefix: string, count: number, width = Infinity, idleWaitMs = IDLE_WAIT_MS): Promise<NetnsReport> {
  // libuv starts its whole thread pool at its first use: start it now, so it counts as there before.
  await fs.promises.stat('/');
  const fdsBefore = fdTargets();
  const threadsBefore = threadNames();
  const baseline = snapshot();
  const ms = {} as PhaseTimes;
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  let handles: Namespace[] = [];
  try {
    let t = now();
    // Each create is awaited on its own, so that every one made is kept (and deleted) even when others fail.
    await each('create', names, (n) => Namespace.create(n).then((ns) => { handles.push(ns); }), width);
    ms.create = now() - t;

    t = now();
    await each('populate', handles, async (ns) => {
      await ns.links.add({ name: 'vethA', kind: 'veth', peer: { name: 'vethB' } });
      await ns.addresses.add('vethA', '10.0.0.1/24');
    }, width);
    ms.populate = now() - t;

    t = now();
    const counts = await each('list', handles, async (ns) => (await ns.links.list()).length, width);
    ms.list = now() - t;
    const linksPerNamespace: Record<string, number> = {};
    for (const n of counts) linksPerNamespace[n] = (linksPerNamespace[n] ?? 0) + 1;

    await new Promise((r) => setTimeout(r, idleWaitMs));
    const idle = snapshot();

    t = now();
    const deleting = handles;
    handles = [];
    await each('delete', deleting, (ns) => ns.delete(), width);
    ms.delete = now() - t;
    deleting.length = 0;

    const after = snapshot();
    const fdsAfter = fdTargets();
    const threadsAfter = threadNames();
    return {
      ms, count, width: Number.isFinite(width) ? width : undefined, linksPerNamespace, baseline, idle, after, peakRssKiB: statusKiB('VmHWM'), idleWaitMs,
      fdsLeft: [...fdsAfter].filter(([fd, target]) => fdsBefore.get(fd) !== target).map(([fd, target]) => `${fd} -> ${target}`),
      threadsNew: [...threadsAfter].filter(([tid]) => !threadsBefore.has(tid)).map(([, name]) => name),
    };
  } finally {
    // A failed phase: delete what was made, so nothing of the run stays (the parent checks too).
    await Promise.allSettled(handles.map((ns) => ns.delete()));
  }
}

if (require.main === module) {
  const [prefix, count, width] = process.argv.slice(2);
  main(prefix, Number(count), width === undefined ? Infinity : Number(width))
    .then((report) => console.log(JSON.stringify(report)))
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
