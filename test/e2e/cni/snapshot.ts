// One namespace's state as iproute2 and procfs/sysfs show it (an independent view: no library code):
// links with details, addresses, routes of every table, neighbours, the bridge FDB, net.* sysctls,
// how each device got its MAC and name, and the NSIDs it knows.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ipJson } from '../../helpers';

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

export async function capture(ns: string): Promise<NsState> {
  const [links, addresses, routes, neighbours, fdb, nsids, sysctl, sysfs] = await Promise.all([
    ipJson<Rows>(['-n', ns, '-d', 'link', 'show']),
    ipJson<Rows>(['-n', ns, 'addr', 'show']),
    ipJson<Rows>(['-n', ns, 'route', 'show', 'table', 'all']),
    ipJson<Rows>(['-n', ns, 'neigh', 'show', 'nud', 'all']),
    bridgeJson(['-n', ns, 'fdb', 'show']),
    ipJson<NsState['nsids']>(['-n', ns, 'netns', 'list-id']),
    inNs(ns, ['sysctl', '-a', '-r', '^net\\.']),
    inNs(ns, ['sh', '-c', SYSFS]),
  ]);
  const state: NsState = { links, addresses, routes, neighbours, fdb, nsids, sysctl: {}, sysfs: {} };
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
