// Shared by the benchmarks: timing, spawning ip, ip -batch, and printing comparisons.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const now = (): number => Number(process.hrtime.bigint()) / 1e6;  // ms

export async function timeIt(fn: () => Promise<void> | void): Promise<number> {
  const t0 = now();
  await fn();
  return now() - t0;
}

/** Runs `ip ARGS` as a process, like a script that spawns ip per operation. */
export function ip(args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Runs lines through one `ip [-n NS] -batch FILE` (or tc); returns elapsed ms (process spawn included). */
export function ipBatch(lines: string[], netns?: string, force = false, tool: 'ip' | 'tc' = 'ip'): number {
  const file = path.join(os.tmpdir(), `netns-bench-${process.pid}-${Date.now()}.batch`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  try {
    const args = [...(netns ? ['-n', netns] : []), ...(force ? ['-force'] : []), '-batch', file];
    const t0 = now();
    const r = spawnSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = now() - t0;
    if (r.status !== 0) throw new Error(`${tool} -batch failed: ${r.stderr.toString().slice(0, 500)}`);
    return ms;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/**
 * Compiles scripts/bench/c/NAME.c once and runs it `runs` times with ARGS; returns the stdout of
 * each run (trimmed), or undefined (with a line saying why) where no C compiler is installed. The
 * binary is removed after.
 */
export function runCReference(name: string, args: string[], runs = 1): string[] | undefined {
  // Compiled, this file is dist/scripts/bench/util.js; run from source (a test), scripts/bench/util.ts.
  const src = path.resolve(__dirname, ...(path.basename(path.resolve(__dirname, '..', '..')) === 'dist' ? ['..'] : []),
    '..', '..', 'scripts', 'bench', 'c', `${name}.c`);
  const bin = path.join(os.tmpdir(), `netns-bench-${name}-${process.pid}`);
  try {
    try {
      execFileSync('cc', ['-O2', '-o', bin, src, '-lpthread'], { stdio: 'pipe' });
    } catch (err) {
      console.log(`  (no C reference: ${(err as Error).message.split('\n')[0]})`);
      return undefined;
    }
    return Array.from({ length: runs }, () => execFileSync(bin, args, { encoding: 'utf8' }).trim());
  } finally {
    fs.rmSync(bin, { force: true });
  }
}

/** The value of a `--NAME=N` flag, a positive integer (RangeError otherwise), or fallback where absent. */
export function intFlag(args: string[], name: string, fallback: number): number {
  const arg = args.find((a) => a.startsWith(`--${name}=`));
  if (arg === undefined) return fallback;
  const n = Number(arg.slice(name.length + 3));
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`bad ${arg}`);
  return n;
}

/** The middle value (the upper middle for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export interface Row { what: string; ms: number; count: number }

/** Prints per-operation cost of each row and how it compares with the first row (the reference). */
export function report(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  const ref = rows[0];
  const refPer = ref.ms / ref.count;
  for (const r of rows) {
    const per = r.ms / r.count;
    const ratio = refPer / per;
    console.log(`  ${r.what.padEnd(48)} ${per >= 1 ? per.toFixed(3) + ' ms' : (per * 1000).toFixed(1) + ' µs'}/op` +
      `  (${r.count} ops, ${r.ms.toFixed(0)} ms)  ${r === ref ? 'reference' : ratio >= 1 ? `${ratio.toFixed(2)}x faster` : `${(1 / ratio).toFixed(2)}x slower`}`);
  }
}

export function uniqueBenchName(tag: string): string {
  return `nsbench-${tag}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Network namespaces the kernel holds (the net_namespace slab's objects), or -1 where unreadable. */
export function kernelNamespaces(): number {
  try {
    const line = fs.readFileSync('/proc/slabinfo', 'utf8').split('\n').find((l) => l.startsWith('net_namespace '));
    return line === undefined ? -1 : Number(line.split(/\s+/)[1]);
  } catch {
    return -1;
  }
}

/**
 * The kernel frees a deleted namespace later, on a workqueue, at a cost like making it: a tool
 * measured right after another would pay for the other's namespaces. Waits until that count no
 * longer falls (quietMs unchanged, default 100 ms), at most maxMs (default 3 s); the ms waited.
 */
export async function settle({ quietMs = 100, maxMs = 3000 } = {}): Promise<number> {
  const t0 = now();
  let last = kernelNamespaces();
  for (let still = 0, waited = 0; still < quietMs / 20 && waited < maxMs && last >= 0; waited += 20) {
    await new Promise((r) => setTimeout(r, 20));
    const n = kernelNamespaces();
    still = n < last ? 0 : still + 1;
    last = n;
  }
  return now() - t0;
}

/** The soft limit on open files (Node raises it to the hard limit when it starts); Infinity if none. */
export function openFilesLimit(): number {
  const line = fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line?.split(/\s{2,}/)[1];
  return soft === undefined || soft === 'unlimited' ? Infinity : Number(soft);
}
