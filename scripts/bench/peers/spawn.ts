// How a measured program runs: to its end (or a time limit), its figure read from its last line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** What a run reports: total ms of the timed part, operations done, and the library's loop delay. */
export interface Measured {
  ms: number;
  count: number;
  p99?: number;
  gap?: number;
  samples?: number;
}

/** A measured run may take minutes on a loaded machine, never forever. */
const RUN_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs a measured program to its end; its stdout. Ctrl-C reaches the child too: its death by
 * SIGINT is thrown as an error with signal 'SIGINT', on which the runner stops (and cleans up).
 */
export function spawnChecked(argv: string[]): string {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 30, timeout: RUN_TIMEOUT_MS, killSignal: 'SIGKILL' });
  if (r.signal === 'SIGINT') throw Object.assign(new Error(`${path.basename(argv[0])} interrupted`), { signal: 'SIGINT' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${path.basename(argv[0])} ${argv[1]} exited ${r.status ?? r.signal}: ${r.stderr.trim().slice(-500)}`);
  return r.stdout;
}

/** Runs a program; its last stdout line is JSON {ms, count, ...} or, from C, "MS" or "MS COUNT". */
export function runProgram(argv: string[], count: number): Measured {
  const last = spawnChecked(argv).trim().split('\n').pop() ?? '';
  if (last.startsWith('{')) return JSON.parse(last) as Measured;
  const [ms, printed] = last.split(' ').map(Number);
  if (!Number.isFinite(ms)) throw new Error(`${argv[0]} printed ${JSON.stringify(last)}`);
  return { ms, count: printed ?? count };
}

/** Spawns `ip -n NS -batch FILE` (or without -n); the figure includes ip's start, as a script sees it. */
export function ipBatch(bin: string, lines: string[], count: number, tmp: string, ns?: string): Measured {
  const file = path.join(tmp, 'lines.batch');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  try {
    const t0 = performance.now();
    spawnChecked([bin, ...(ns ? ['-n', ns] : []), '-batch', file]);
    return { ms: performance.now() - t0, count };
  } finally {
    fs.rmSync(file);
  }
}
