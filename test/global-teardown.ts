// Fails the run if any test of this run left a namespace name behind (and removes it, so the
// machine stays clean).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  let names: string[] = [];
  try {
    const prefix = `nstest-${process.env.NETNS_TEST_RUN}-`;
    names = fs.readdirSync('/run/netns').filter((n) => n.startsWith(prefix));
  } catch { /* no /run/netns: nothing left */ }
  for (const n of names) {
    try { execFileSync('ip', ['netns', 'delete', n]); } catch { /* reported below */ }
  }
  if (names.length) throw new Error(`tests left namespaces behind: ${names.join(', ')}`);
}
