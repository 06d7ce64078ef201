// Which link kinds (and qdisc kinds) the running kernel can create, probed once per test file in a
// namespace made for it and removed at once. Synchronous, because jest fixes test names (and test vs test.skip)
// while collecting, before any beforeAll runs.
import { execFileSync } from 'node:child_process';
import { TEST_PREFIX } from '../helpers';

/** `ip link add` arguments that create one probe device of each kind (v0 is a veth made first). */
const PROBES: Record<string, string[]> = {
  vrf: ['probe0', 'type', 'vrf', 'table', '10'],
  dummy: ['probe0', 'type', 'dummy'],
  vlan: ['link', 'v0', 'name', 'probe0', 'type', 'vlan', 'id', '10'],
  bond: ['probe0', 'type', 'bond'],
  ipvlan: ['link', 'v0', 'name', 'probe0', 'type', 'ipvlan', 'mode', 'l2'],
  gre: ['probe0', 'type', 'gre', 'remote', '10.9.9.9'],
  gretap: ['probe0', 'type', 'gretap', 'remote', '10.9.9.9'],
  geneve: ['probe0', 'type', 'geneve', 'id', '5', 'remote', '10.9.9.9'],
  wireguard: ['probe0', 'type', 'wireguard'],
  macvtap: ['link', 'v0', 'name', 'probe0', 'type', 'macvtap'],
  // Not a kind but a bridge option the kernel may be built without (CONFIG_BRIDGE_VLAN_FILTERING).
  'bridge-vlan-filtering': ['probe0', 'type', 'bridge', 'vlan_filtering', '1'],
};

export interface KindProbe { has: boolean; reason: string }

/**
 * Runs tryOne for each name in a namespace made for the probe (a veth v0/v1 inside it), removed
 * afterwards; a name whose tryOne throws is missing, with the command's stderr as the reason.
 */
function probe(what: string, names: string[], tryOne: (ns: string, name: string) => void): Record<string, KindProbe> {
  const ns = `${TEST_PREFIX}probe-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  const out: Record<string, KindProbe> = {};
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    execFileSync('ip', ['-n', ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
    for (const name of names) {
      try {
        tryOne(ns, name);
        out[name] = { has: true, reason: 'kernel has it' };
      } catch (err) {
        const stderr = String((err as { stderr?: Buffer }).stderr ?? '').trim();
        out[name] = { has: false, reason: stderr || (err as Error).message };
      }
    }
  } finally {
    execFileSync('ip', ['netns', 'delete', ns]);
  }
  console.log(`${what} probe: ${Object.entries(out).map(([k, p]) => `${k}=${p.has ? 'yes' : `no (${p.reason})`}`).join(', ')}`);
  return out;
}

export function probeKinds(kinds: string[]): Record<string, KindProbe> {
  return probe('link kind', kinds, (ns, kind) => {
    execFileSync('ip', ['-n', ns, 'link', 'add', ...PROBES[kind]], { stdio: 'pipe' });
    execFileSync('ip', ['-n', ns, 'link', 'del', 'probe0']);
  });
}

/** Qdisc kinds (fq_codel, prio, netem ...): each put at v0's root by tc in turn. */
export function probeQdiscs(kinds: string[]): Record<string, KindProbe> {
  return probe('qdisc', kinds, (ns, kind) => {
    execFileSync('tc', ['-n', ns, 'qdisc', 'replace', 'dev', 'v0', 'root', kind], { stdio: 'pipe' });
  });
}
