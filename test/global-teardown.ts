// Fails the run if any test of this run left a namespace name behind (and removes it, so the
// machine stays clean).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Names under runDir that this run (names starting with prefix) left behind. */
export function leftoverNames(runDir: string, prefix: string): string[] {
  try {
    return fs.readdirSync(runDir).filter((n) => n.startsWith(prefix)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];  // no run dir: nothing left
    throw err;
  }
}

/** Removes what was left (as `ip netns delete` does) and returns the error that fails the run. */
export function judgeLeftovers(runDir: string, prefix: string, remove: (name: string) => void): Error | undefined {
  const names = leftoverNames(runDir, prefix);
  for (const n of names) {
    try { remove(n); } catch { /* reported below */ }
  }
  return names.length ? new Error(`tests left namespaces behind: ${names.join(', ')}`) : undefined;
}

export default function globalTeardown(): void {
  const err = judgeLeftovers('/run/netns', `nstest-${process.env.NETNS_TEST_RUN}-`,
    (n) => execFileSync('ip', ['netns', 'delete', n]));
  if (err) throw err;
}
