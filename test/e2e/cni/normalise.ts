// Makes two setups comparable: what differs by chance (MACs and everything derived from them, the
// random host veth names, ifindexes, NSIDs, the namespaces' names, running timers, nft handles and
// counters) becomes a label naming what it belongs to, so that every other field can be compared as is.
import type { NsState } from './snapshot';
import { nftTables } from './nft';

/** The namespaces of one setup, by role, with their names. */
export interface World {
  host: NsState;
  container: NsState;
  names: { host: string; container: string };
  /** Further containers on the same host (a second ADD), by role ('container2', ...). */
  more?: Record<string, { name: string; state: NsState }>;
}

type Role = string;
const roles = (w: World): Role[] => ['host', 'container', ...Object.keys(w.more ?? {})];
const stateOf = (w: World, role: Role): NsState => role === 'host' ? w.host : role === 'container' ? w.container : w.more![role].state;
const nameIn = (w: World, role: Role): string => role === 'host' || role === 'container' ? w.names[role] : w.more![role].name;
/** The plugin's host-side veth name (ip.RandomVethName); the typed steps draw theirs the same way. */
const RANDOM_VETH = /^veth[0-9a-f]{8}$/;

function hex(n: number): string {
  return n.toString(16);
}

/** The strings the kernel derives from a MAC, each mapped to a label for the device owning it. */
function macTokens(mac: string, label: string, out: Map<string, string>): void {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  out.set(mac, `MAC(${label})`);
  out.set(b.map(hex).join(':'), `MAC(${label})`);  // ip prints bridge ids without leading zeros
  out.set(`fe80::${hex(((b[0] ^ 2) << 8) | b[1])}:${hex((b[2] << 8) | 0xff)}:${hex(0xfe00 | b[3])}:${hex((b[4] << 8) | b[5])}`, `LL(${label})`);
  out.set(`ff02::1:ff${b[3].toString(16).padStart(2, '0')}:${hex((b[4] << 8) | b[5])}`, `SNM(${label})`);
  out.set(`33:33:ff:${mac.split(':').slice(3).join(':')}`, `SNMMAC(${label})`);
}

/** The MAC an EUI-64 link-local address was made from, or undefined. */
function eui64Mac(addr: unknown): string | undefined {
  const g = /^fe80::([0-9a-f]{1,4}):([0-9a-f]{1,4}):([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(String(addr))?.slice(1).map((x) => parseInt(x, 16));
  if (!g || (g[1] & 0xff) !== 0xff || g[2] >> 8 !== 0xfe) return undefined;
  return [(g[0] >> 8) ^ 2, g[0] & 0xff, g[1] >> 8, g[2] & 0xff, g[3] >> 8, g[3] & 0xff].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** A random veth name's label (VETH, VETH2, ... in the order the host made them); other names as they are. */
function deviceName(name: string, map: Map<string, string>): string {
  return RANDOM_VETH.test(name) ? map.get(name) ?? 'VETH' : name;
}

/** Labels for every chance value of a world. */
function labels(w: World): Map<string, string> {
  const out = new Map<string, string>();
  for (const role of roles(w)) {
    const veths = stateOf(w, role).links.filter((l) => RANDOM_VETH.test(l.ifname as string));
    veths.sort((a, b) => (a.ifindex as number) - (b.ifindex as number));
    veths.forEach((l, i) => out.set(l.ifname as string, i ? `VETH${i + 1}` : 'VETH'));
  }
  for (const role of roles(w)) {
    out.set(nameIn(w, role), role.toUpperCase());
    out.set(`/run/netns/${nameIn(w, role)}`, `/run/netns/${role.toUpperCase()}`);
    for (const l of stateOf(w, role).links) {
      const mac = l.address as string | undefined;
      if (mac && mac !== '00:00:00:00:00:00') macTokens(mac, `${role}/${deviceName(l.ifname as string, out)}`, out);
    }
  }
  // MACs no device has now: a bridge's link-local keeps the MAC it was born with after it takes its
  // port's, and a neighbour entry outlives a deleted container's device.
  for (const role of roles(w)) {
    for (const a of stateOf(w, role).addresses) {
      for (const info of a.addr_info as Record<string, unknown>[]) {
        const mac = eui64Mac(info.local);
        if (mac && !out.has(mac)) macTokens(mac, `${role}/${deviceName(a.ifname as string, out)} at birth`, out);
      }
    }
    for (const n of stateOf(w, role).neighbours) {
      const mac = (n.lladdr as string | undefined) ?? eui64Mac(n.dst);
      if (mac && !out.has(mac) && !(parseInt(mac, 16) & 1)) macTokens(mac, 'gone', out);
    }
  }
  return out;
}

function replaceValue(v: string, map: Map<string, string>): string {
  const whole = map.get(v);
  if (whole !== undefined) return whole;
  const id = /^([0-9a-f]{4})\.(.+)$/.exec(v);  // bridge_id / root_id: priority.mac
  if (id && map.has(id[2])) return `${id[1]}.${map.get(id[2])}`;
  return v;
}

/** Deep copy with labels for chance values and without running timers. */
function relabel(v: unknown, map: Map<string, string>): unknown {
  if (typeof v === 'string') return replaceValue(v, map);
  if (Array.isArray(v)) return v.map((x) => relabel(x, map));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!k.endsWith('_timer')) out[k] = relabel(x, map);
    return out;
  }
  return v;
}

/** ifindex dropped (the name is the key), link_index and link_netnsid as what they point at. */
function linkRefs(w: World, role: Role, obj: Record<string, unknown>, map: Map<string, string>): Record<string, unknown> {
  const out = { ...obj };
  delete out.ifindex;
  let where: Role = role;
  if (out.link_netnsid !== undefined) {
    const peer = stateOf(w, role).nsids.find((n) => n.nsid === out.link_netnsid)?.name;
    where = roles(w).find((r) => r !== role && nameIn(w, r) === peer) ?? role;
    out.link_netnsid = where === role ? `unknown nsid ${String(obj.link_netnsid)}` : where;
  }
  if (out.link_index !== undefined) {
    const target = stateOf(w, where).links.find((l) => l.ifindex === out.link_index);
    out.link_index = target ? `${where}/${deviceName(target.ifname as string, map)}` : `unknown ifindex ${String(obj.link_index)}`;
  }
  return out;
}

/**
 * A multicast neighbour entry (NOARP, its lladdr derived from the group): the kernel caches one
 * whenever it sends to a group (IGMP/MLD reports, DAD probes) and drops them all when the device
 * changes MAC or loses carrier, so which ones exist depends on when those timers fired, not on
 * any step taken. Every other entry is compared.
 */
function multicastCache(n: Record<string, unknown>): boolean {
  const dst = String(n.dst);
  const multicast = /^ff/i.test(dst) || (Number(dst.split('.')[0]) >= 224 && Number(dst.split('.')[0]) <= 239);
  return multicast && JSON.stringify(n.state) === '["NOARP"]';
}

/** Sysctls that count live traffic (conntrack entries of the DAD/MLD packets that happened to pass), not state set up. */
const RUNNING_COUNTS = new Set(['net.netfilter.nf_conntrack_count']);

const json = (v: unknown) => JSON.stringify(v);
const byJson = (a: unknown, b: unknown) => (json(a) < json(b) ? -1 : json(a) > json(b) ? 1 : 0);

/** One namespace's state, comparable across setups; arrays in a stable order. */
function normaliseNs(w: World, role: Role, map: Map<string, string>): Record<string, unknown> {
  const s = stateOf(w, role);
  const keyed = <T>(items: Record<string, unknown>[], key: (x: Record<string, unknown>) => string, f: (x: Record<string, unknown>) => T) =>
    Object.fromEntries(items.map((x) => [deviceName(key(x), map), f(x)]));
  return relabel({
    links: keyed(s.links, (l) => l.ifname as string, (l) => linkRefs(w, role, l, map)),
    addresses: keyed(s.addresses, (a) => a.ifname as string, (a) => a.addr_info),
    routes: s.routes,
    neighbours: s.neighbours.filter((n) => !multicastCache(n)),
    fdb: s.fdb,
    sysctl: Object.fromEntries(Object.entries(s.sysctl).filter(([k]) => !RUNNING_COUNTS.has(k)).map(([k, v]) => [k.split('.').map((x) => deviceName(x, map)).join('.'), v])),
    sysfs: keyed(Object.entries(s.sysfs).map(([dev, v]) => ({ dev, ...v })), (x) => x.dev as string, ({ dev: _dev, ...v }) => v),
    nft: nftTables(s.nft, s.xtComments),
  }, map) as Record<string, unknown>;
}

/** Every namespace of a world, normalised (routes, neighbours and FDB sorted after relabelling). */
export function normalise(w: World): Record<Role, Record<string, unknown>> {
  const map = labels(w);
  const out = Object.fromEntries(roles(w).map((role) => [role, normaliseNs(w, role, map)]));
  for (const role of roles(w)) for (const k of ['routes', 'neighbours', 'fdb']) (out[role][k] as unknown[]).sort(byJson);
  return out;
}

/** A CNI result with the same labels as the world it was printed for. */
export function normaliseResult(w: World, result: unknown): unknown {
  return relabel(result, labels(w));
}

/** Entries of a missing from b, counting repeats. */
function missing(a: unknown[], b: unknown[]): string[] {
  const left = b.map(json);
  return a.map(json).filter((x) => {
    const i = left.indexOf(x);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

/**
 * Every path at which a and b differ, as 'path: plugin=... typed=...' lines (`sides` names a and b);
 * arrays as multisets.
 */
export function diff(a: unknown, b: unknown, path = '', sides: [string, string] = ['plugin', 'typed']): string[] {
  const [sa, sb] = sides;
  if (json(a) === json(b)) return [];
  if (Array.isArray(a) && Array.isArray(b)) {
    const onlyA = missing(a, b).map((x) => `${path}[]: only ${sa} ${x}`);
    const onlyB = missing(b, a).map((x) => `${path}[]: only ${sb} ${x}`);
    return onlyA.length + onlyB.length ? [...onlyA, ...onlyB] : [`${path}: order ${sa}=${json(a)} ${sb}=${json(b)}`];
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => diff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, sides));
  }
  return [`${path || '.'}: ${sa}=${json(a)} ${sb}=${json(b)}`];
}
