// The fresh namespace each measured run gets (made with ip, as a user's script would find it: a
// veth v0 up with 10.0.0.1/24, so 10.0.0.2 is an on-link gateway), and the checks against the
// kernel after a run, each through ip rather than through the tool measured.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { ipBatch, uniqueBenchName } from '../util';
import { GATEWAY, TABLE, routePrefix } from './workloads';

export const IFNAME = 'v0';

function ip(args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A new named namespace holding the veth; deleted by `remove`, also when setting it up fails. */
export function makeNamespace(tag: string): string {
  const name = uniqueBenchName(`peers-${tag}`);
  ip(['netns', 'add', name]);
  try {
    ip(['-n', name, 'link', 'add', IFNAME, 'type', 'veth', 'peer', 'name', 'v1']);
    ip(['-n', name, 'link', 'set', IFNAME, 'up']);
    ip(['-n', name, 'link', 'set', 'v1', 'up']);
    ip(['-n', name, 'addr', 'add', '10.0.0.1/24', 'dev', IFNAME]);
  } catch (err) {
    removeNamespace(name);
    throw err;
  }
  return name;
}

/**
 * Deletes the namespace. Its veth goes first: that removes the routes through it right away, where
 * the kernel's deferred namespace cleanup would spend the next run's time on 100 000 of them.
 */
export function removeNamespace(name: string): void {
  if (!fs.existsSync(`/run/netns/${name}`)) return;
  spawnSync('ip', ['-n', name, 'link', 'delete', IFNAME], { stdio: 'ignore' });
  ip(['netns', 'delete', name]);
}

/** Fills table 100 with `count` routes (for the dump), untimed. */
export function fillRoutes(name: string, count: number): void {
  ipBatch(Array.from({ length: count }, (_, i) => `route add ${routePrefix(i)} via ${GATEWAY} table ${TABLE}`), name);
}

/** `ip -n NS -4 route show table 100 | wc -l` */
export function routeCount(name: string): number {
  const r = spawnSync('ip', ['-n', name, '-4', 'route', 'show', 'table', String(TABLE)], { maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`ip route show failed: ${r.stderr.toString()}`);
  const text = r.stdout.toString();
  return text.length === 0 ? 0 : text.trimEnd().split('\n').length;
}

/** The mtu `ip -j link show` reports for v0. */
export function linkMtu(name: string): number {
  const [link] = JSON.parse(ip(['-j', '-n', name, 'link', 'show', IFNAME])) as { mtu: number }[];
  return link.mtu;
}

/** Names under /run/netns starting with prefix (what a create+delete run left behind). */
export function namesLeft(prefix: string): string[] {
  return fs.existsSync('/run/netns') ? fs.readdirSync('/run/netns').filter((n) => n.startsWith(prefix)) : [];
}

/** Deletes whatever a failed create+delete run left under the prefix. */
export function removeNamesLeft(prefix: string): void {
  for (const n of namesLeft(prefix)) removeNamespace(n);
}
