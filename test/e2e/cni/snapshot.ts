// One namespace's state as iproute2 and procfs/sysfs show it (an independent view: no library code):
// links with details, addresses, routes of every table, neighbours, the bridge FDB, net.* sysctls,
// how each device got its MAC and name, the NSIDs it knows, and the nftables ruleset.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ipJson } from '../../helpers';
import { parseXtComments, type XtComments } from './nft';

const execFileP = promisify(execFile);

type Rows = Record<string, unknown>[];

/** Raw `-j` output of each view, as parsed JSON. */
export interface NsState {
  links: Rows;
  addresses: Rows;
  routes: Rows;
  neighbours: Rows;
  fdb: Rows;
  nsids: { nsid: number; name?: string }[];
  /** net.* sysctls by key. */
  sysctl: Record<string, string>;
  /** /sys/class/net/DEV/{addr,name}_assign_type by device. */
  sysfs: Record<string, { addrAssignType: string; nameAssignType: string }>;
  /** `nft -j list ruleset`'s entries. */
  nft: Rows;
  /** iptables-nft's rule comments, which nft -j does not print (read only when an xt comment is there). */
  xtComments: XtComments;
}

async function bridgeJson(args: string[]): Promise<Rows> {
  const { stdout } = await execFileP('bridge', ['-j', ...args]);
  return stdout.trim() ? JSON.parse(stdout) : [];
}

/** stdout of `ip netns exec NS ...` even when the command exits non-zero (sysctl -a does for unreadable keys). */
async function inNs(ns: string, args: string[]): Promise<string> {
  try {
    return (await execFileP('ip', ['netns', 'exec', ns, ...args])).stdout;
  } catch (err) {
    const stdout = (err as { stdout?: string }).stdout;
    if (!stdout) throw err;
    return stdout;
  }
}

// A name assign type is unreadable for lo (EINVAL): printed as '-'.
const SYSFS = 'for d in /sys/class/net/*; do echo "${d##*/} $(cat $d/addr_assign_type) $(cat $d/name_assign_type 2>/dev/null || echo -)"; done';

/** The ruleset, and iptables-save's comments for each family whose rules hold an xt comment match. */
async function ruleset(ns: string): Promise<{ nft: Rows; xtComments: XtComments }> {
  const nft = (JSON.parse(await inNs(ns, ['nft', '-j', 'list', 'ruleset'])) as { nftables: Rows }).nftables;
  const xtComments: XtComments = {};
  for (const family of ['ip', 'ip6'] as const) {
    const rules = nft.filter((e) => (e.rule as { family?: string } | undefined)?.family === family);
    if (JSON.stringify(rules).includes('{"type":"match","name":"comment"}')) parseXtComments(family, await inNs(ns, [`${family}tables-save`]), xtComments);
  }
  return { nft, xtComments };
}

export async function capture(ns: string): Promise<NsState> {
  const [links, addresses, routes, neighbours, fdb, nsids, sysctl, sysfs, rules] = await Promise.all([
    ipJson<Rows>(['-n', ns, '-d', 'link', 'show']),
    ipJson<Rows>(['-n', ns, 'addr', 'show']),
    ipJson<Rows>(['-n', ns, 'route', 'show', 'table', 'all']),
    ipJson<Rows>(['-n', ns, 'neigh', 'show', 'nud', 'all']),
    bridgeJson(['-n', ns, 'fdb', 'show']),
    ipJson<NsState['nsids']>(['-n', ns, 'netns', 'list-id']),
    inNs(ns, ['sysctl', '-a', '-r', '^net\\.']),
    inNs(ns, ['sh', '-c', SYSFS]),
    ruleset(ns),
  ]);
  const state: NsState = { links, addresses, routes, neighbours, fdb, nsids, sysctl: {}, sysfs: {}, ...rules };
  for (const line of sysctl.split('\n')) {
    const eq = line.indexOf(' = ');
    if (eq > 0) state.sysctl[line.slice(0, eq)] = line.slice(eq + 3);
  }
  for (const line of sysfs.trim().split('\n')) {
    const [dev, addrAssignType, nameAssignType] = line.split(' ');
    state.sysfs[dev] = { addrAssignType, nameAssignType };
  }
  return state;
}
