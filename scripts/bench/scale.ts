// npm run bench -- scale [--count=N (default 10000)] [--netns-width=K]: N named namespaces created, a veth pair and an
// address put in each, every namespace's links listed, all deleted; by this library (a fresh node
// process, each phase all at once or at most K namespaces in flight, all handles held open), by ip -batch and by a sequential C
// program, one after the other. Prints time per phase, the library's memory, fds and threads with
// every handle idle, and what is left after; writes bench/results/scale.md.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ipBatch, openFilesLimit, runCReference, settle, uniqueBenchName } from './util';
import { runIp } from './scale/ip-tool';
import { markdown, type ScaleRun } from './scale/report';
import type { NetnsReport, ToolReport } from './scale/types';

export { runIp };
export type { NetnsReport, ScaleRun, ToolReport };

const DEFAULT_COUNT = 10_000;
const RESULTS = path.resolve(__dirname, '..', '..', '..', 'bench', 'results');
/** fds the netns child needs besides one per handle: Node's own, and the library's idle sockets (about 256). */
const FD_MARGIN = 1024;
const CHILD_TIMEOUT_MS = 30 * 60_000;

/** Starts the netns child with these arguments (PREFIX COUNT [WIDTH]); resolves with its stdout. */
export type Launch = (args: string[]) => Promise<string>;

/** The compiled child in a fresh `node --expose-gc` (what `npm run bench` builds). */
const launchCompiled: Launch = (args) => new Promise((resolve, reject) => {
  const child = path.join(__dirname, 'scale', 'netns-child.js');
  execFile(process.execPath, ['--expose-gc', child, ...args],
    { maxBuffer: 1 << 26, timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL' },
    (err, stdout, stderr) => (err ? reject(new Error(`netns child failed: ${stderr.trim().slice(-1500) || err.message}`)) : resolve(stdout)));
});

/** The library's run (at most `width` namespaces in flight per phase if given): the child's report. */
export async function runNetns(prefix: string, count: number, width?: number, launch: Launch = launchCompiled): Promise<NetnsReport> {
  const last = (await launch([prefix, String(count), ...(width === undefined ? [] : [String(width)])])).trim().split('\n').pop() ?? '';
  return JSON.parse(last) as NetnsReport;
}

/** The C reference (scripts/bench/c/netns_scale.c); undefined where no C compiler is installed. */
export function runC(prefix: string, count: number): ToolReport | undefined {
  const out = runCReference('netns_scale', [prefix, String(count)]);
  if (out === undefined) return undefined;
  const r = JSON.parse(out[0]) as { create: number; populate: number; list: number; delete: number; links: number; peakRssKiB: number };
  // The program exits at the first namespace that does not list exactly 3 links.
  return {
    tool: 'C', ms: { create: r.create, populate: r.populate, list: r.list, delete: r.delete }, peakRssKiB: r.peakRssKiB,
    linksPerNamespace: { [r.links / count]: count }, notes: ['sequential, one process; setns on the main thread, one rtnetlink socket per namespace and phase'],
  };
}

export function namesLeft(prefix: string): string[] {
  return fs.existsSync('/run/netns') ? fs.readdirSync('/run/netns').filter((n) => n.startsWith(prefix)) : [];
}

/** Deletes whatever the run left under the prefix, in one ip -batch (-force: past a failing line). */
function removeLeft(prefix: string): void {
  const left = namesLeft(prefix);
  if (left.length) ipBatch(left.map((n) => `netns del ${n}`), undefined, true);
}

/**
 * Waits until the kernel has freed what a tool made: its count of namespaces no longer falling for
 * 5 s (for thousands: its deferred cleanup goes in batches with pauses of a second or more between
 * them; the count itself does not fall back to where it was, the slab keeps freed objects counted
 * for a while), at most 5 minutes; the ms waited.
 */
const settleAfter = (count: number): Promise<number> => settle({ quietMs: count >= 1000 ? 5000 : 100, maxMs: 300_000 });

export interface ScaleOptions {
  /** At most this many namespaces in flight per phase in the netns child (default: all at once). */
  width?: number;
  launch?: Launch;
  log?: (line: string) => void;
}

/**
 * The three tools one after the other on names `prefix-{n,i,c}-I`. What a tool leaves (a failed
 * one) is recorded and deleted before the next starts; the kernel's cleanup is waited out between.
 */
export async function runTools(prefix: string, count: number, options: ScaleOptions = {}): Promise<ScaleRun> {
  const log = options.log ?? (() => undefined);
  const run: ScaleRun = { count, prefix, tools: [], settleMs: {}, errors: {}, left: [] };
  // A tool that fails is reported as failed, and the others still run.
  const attempt = async (tool: ToolReport['tool'], names: string, fn: (names: string) => Promise<ToolReport | undefined>): Promise<void> => {
    log(tool);
    try {
      const report = await fn(names);
      if (report) run.tools.push(report);
    } catch (err) {
      run.errors[tool] = String((err as Error).message ?? err);
      log(`${tool} FAILED: ${run.errors[tool].split('\n')[0]}`);
    } finally {
      run.left.push(...namesLeft(names));
      removeLeft(names);
    }
    run.settleMs[tool] = await settleAfter(count);
  };
  try {
    // A run just before (or another process's namespaces) may still be being freed.
    await settleAfter(count);
    await attempt('netns', `${prefix}-n`, async (names) => {
      run.netns = await runNetns(names, count, options.width, options.launch);
      const { ms, peakRssKiB, linksPerNamespace } = run.netns;
      const how = options.width === undefined ? 'one Promise.all over the namespaces' : `at most ${options.width} namespaces in flight`;
      return { tool: 'netns', ms, peakRssKiB, linksPerNamespace, notes: [`each phase ${how}; addresses added by link name`] };
    });
    await attempt('ip -batch', `${prefix}-i`, (names) => runIp(names, count));
    await attempt('C', `${prefix}-c`, (names) => Promise.resolve(runC(names, count)));
    return run;
  } finally {
    removeLeft(prefix);
  }
}

function intFlag(args: string[], name: string): number | undefined {
  const arg = args.find((a) => a.startsWith(`--${name}=`));
  if (arg === undefined) return undefined;
  const n = Number(arg.slice(name.length + 3));
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`bad ${arg}`);
  return n;
}

export async function run(args: string[]): Promise<void> {
  let count = intFlag(args, 'count') ?? DEFAULT_COUNT;
  const width = intFlag(args, 'netns-width');
  const limit = openFilesLimit();
  if (limit < count + FD_MARGIN) {
    const lowered = limit - FD_MARGIN;
    if (lowered < 1) throw new Error(`the open-files limit (${limit}) is too low for this benchmark: raise ulimit -n`);
    console.log(`  NOTE: the open-files limit is ${limit}; ${count} handles need about ${count + FD_MARGIN} fds. ` +
      `Running with N = ${lowered} instead (raise ulimit -n for more).`);
    count = lowered;
  }
  const result = await runTools(uniqueBenchName('scale'), count, { width, log: (l) => console.log(`  ${l} …`) });
  const md = markdown(result, {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    nproc: os.cpus().length,
    kernel: os.release(),
    node: process.version,
    notes: [
      `open-files limit: ${limit}`,
      'netns: memory and fds from /proc/self/status (VmRSS, VmHWM), /proc/self/fd and /proc/self/task of the child, after global.gc(); the baseline is taken after loading the library (libuv\'s pool started), before the first handle.',
      'ip -batch: create, the veth pairs (`link add vethA netns NAME type veth peer name vethB netns NAME`) and delete are one ip -batch each; addresses and listings are one `ip -n NAME` per namespace.',
      'Deleting only removes the names: the kernel frees the namespaces afterwards on a workqueue; that wait is not in any phase.',
    ],
  });
  console.log(`\n${md}`);
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'scale.md'), md);
  console.log(`wrote ${path.relative(process.cwd(), path.join(RESULTS, 'scale.md'))}`);
}
