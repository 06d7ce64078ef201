// The namespaces `npm run bench -- firewall` measures in (one per tool run, made and removed here),
// and the independent view of their ruleset: `nft -j list ruleset` run in them through nsenter.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export const nsPath = (name: string): string => `/run/netns/${name}`;

/** Makes the namespace `name` (a unique name: uniqueBenchName's, or a test's). */
export function makeNamespace(name: string): string {
  execFileSync('ip', ['netns', 'add', name], { stdio: ['ignore', 'ignore', 'pipe'] });
  return name;
}

export function removeNamespace(name: string): void {
  if (fs.existsSync(nsPath(name))) execFileSync('ip', ['netns', 'delete', name], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** `nft ARGS` inside the namespace (untimed set-up and checks); its stdout. */
export function nftIn(name: string, args: string[], stdin?: string): string {
  return execFileSync('nsenter', [`--net=${nsPath(name)}`, 'nft', ...args],
    { input: stdin, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['pipe', 'pipe', 'pipe'] });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Handles number objects in creation order; a table deleted and made again gets a new one. */
function withoutHandles(x: Json): Json {
  if (Array.isArray(x)) return x.map(withoutHandles);
  if (x === null || typeof x !== 'object') return x;
  return Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'handle').map(([k, v]) => [k, withoutHandles(v)]));
}

/** The namespace's ruleset as `nft -j list ruleset` prints it, without metainfo and handles. */
export function listed(name: string): Json[] {
  const { nftables } = JSON.parse(nftIn(name, ['-j', 'list', 'ruleset'])) as { nftables: Json[] };
  return nftables.filter((o) => !(o !== null && typeof o === 'object' && 'metainfo' in o)).map(withoutHandles);
}

/** Rules in a listing. */
export function ruleCount(listing: Json[]): number {
  return listing.filter((o) => o !== null && typeof o === 'object' && 'rule' in o).length;
}
