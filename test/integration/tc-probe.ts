// Which tc classifiers and actions the running kernel has, probed once per test file with tc
// itself in a namespace made for it and removed at once. Synchronous, because jest fixes test
// names (and test vs test.skip) while collecting, before any beforeAll runs.
import { execFileSync } from 'node:child_process';
import { TEST_PREFIX } from '../helpers';
import type { KindProbe } from './kind-probe';

/** `tc filter add dev v0 parent ffff:` arguments that need the feature (v0 has an ingress qdisc). */
const PROBES: Record<string, string[]> = {
  u32: ['protocol', 'all', 'u32', 'match', 'u32', '0', '0'],
  // With an action, as the live test uses it: Linux 6.1 refuses a bare matchall (EINVAL).
  matchall: ['protocol', 'all', 'matchall', 'action', 'mirred', 'egress', 'mirror', 'dev', 'v1'],
  mirred: ['protocol', 'all', 'u32', 'match', 'u32', '0', '0', 'action', 'mirred', 'egress', 'mirror', 'dev', 'v1'],
  police: ['protocol', 'all', 'u32', 'match', 'u32', '0', '0', 'action', 'police', 'rate', '1mbit', 'burst', '10k', 'drop'],
  gact: ['protocol', 'all', 'u32', 'match', 'u32', '0', '0', 'action', 'drop'],
};

export function probeTc(features: string[]): Record<string, KindProbe> {
  const ns = `${TEST_PREFIX}tcprobe-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  const out: Record<string, KindProbe> = {};
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    execFileSync('ip', ['-n', ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
    execFileSync('tc', ['-n', ns, 'qdisc', 'add', 'dev', 'v0', 'ingress']);
    for (const f of features) {
      try {
        execFileSync('tc', ['-n', ns, 'filter', 'add', 'dev', 'v0', 'parent', 'ffff:', ...PROBES[f]], { stdio: 'pipe' });
        execFileSync('tc', ['-n', ns, 'filter', 'del', 'dev', 'v0', 'parent', 'ffff:']);
        out[f] = { has: true, reason: 'kernel has it' };
      } catch (err) {
        const stderr = String((err as { stderr?: Buffer }).stderr ?? '').trim().split('\n')[0];
        out[f] = { has: false, reason: stderr || (err as Error).message };
      }
    }
  } finally {
    execFileSync('ip', ['netns', 'delete', ns]);
  }
  console.log(`tc probe: ${Object.entries(out).map(([k, p]) => `${k}=${p.has ? 'yes' : `no (${p.reason})`}`).join(', ')}`);
  return out;
}
