// The nft commands behind ns.firewall's helpers: pure functions from checked options to nft syntax.
// Every rule goes to table `inet netns`, which the helpers' own transaction creates with the base
// chains it needs (`add` leaves an existing table or chain, and a policy set on it, as it is), and
// carries a comment naming the call, by which the call finds the handles of what it added.
import type { ParsedAddress, ParsedPrefix } from '../specs/ip';
import type { PortRange } from '../types/rule';
import type { FirewallRuleRef } from '../types/firewall-helpers';
import type { FilterSpec, HelperChain, MasqueradeSpec, PortMapSpec } from './helper-options';

/** The library's table, family inet: one table for IPv4 and IPv6. */
export const HELPER_TABLE = 'inet netns';

/**
 * The base chains, created when a rule first needs them: filtering at the filter priority of input
 * and forward (traffic to the namespace and traffic it forwards), NAT at the usual priorities, and
 * `hairpin`, which marks portMap's hairpinned connections before any filtering of forward.
 */
const CHAINS: Readonly<Record<HelperChain, { type: 'filter' | 'nat'; hook: string; prio: number; text: string }>> = {
  input: { type: 'filter', hook: 'input', prio: 0, text: 'type filter hook input priority filter;' },
  forward: { type: 'filter', hook: 'forward', prio: 0, text: 'type filter hook forward priority filter;' },
  prerouting: { type: 'nat', hook: 'prerouting', prio: -100, text: 'type nat hook prerouting priority dstnat;' },
  nat_output: { type: 'nat', hook: 'output', prio: -100, text: 'type nat hook output priority -100;' },
  postrouting: { type: 'nat', hook: 'postrouting', prio: 100, text: 'type nat hook postrouting priority srcnat;' },
  hairpin: { type: 'filter', hook: 'forward', prio: -150, text: 'type filter hook forward priority mangle;' },
};

/**
 * The packet mark bit by which `hairpin` tells `postrouting` to masquerade a connection: set on
 * its first packet only (NAT chains see no other) and cleared again when it is masqueraded.
 */
export const HAIRPIN_MARK = 0x01000000;

/** What nft prints for a list command with JSON output. */
export interface NftJson {
  readonly nftables: ReadonlyArray<Record<string, unknown>>;
}

/** One rule to add: its chain and its text after `add rule inet netns CHAIN`, without comment. */
export interface HelperRule {
  readonly chain: HelperChain;
  readonly text: string;
}

const ipOf = (a: ParsedAddress): string => (a.family === 4 ? 'ip' : 'ip6');
const nfproto = (family: 4 | 6): string => `meta nfproto ipv${family}`;

function prefixMatch(dir: 'saddr' | 'daddr', p: ParsedPrefix): string {
  const full = p.prefixLength === (p.family === 4 ? 32 : 128);
  return `${ipOf(p)} ${dir} ${p.text}${full ? '' : `/${p.prefixLength}`}`;
}

const portText = (r: PortRange): string => (r.start === r.end ? String(r.start) : `${r.start}-${r.end}`);

/** Interface names are checked to hold only [A-Za-z0-9_.@+-]: they go between quotes as they are. */
const ifMatch = (key: 'iifname' | 'oifname', name: string): string => `${key} "${name}"`;

const join = (parts: ReadonlyArray<string | undefined | false>): string => parts.filter((p) => typeof p === 'string' && p !== '').join(' ');

/** allow (accept) or deny (drop): in input, unless an oif says forwarded only, and in forward. */
export function filterRules(spec: FilterSpec, verdict: 'accept' | 'drop'): HelperRule[] {
  const protocol = spec.port !== undefined
    ? `${spec.protocol} dport ${portText(spec.port)}`
    : spec.protocol !== undefined && `meta l4proto ${spec.protocol === 'icmpv6' ? 'ipv6-icmp' : spec.protocol}`;
  // The family alone (no address, no ICMP protocol pins it) is never given: both families then.
  const text = join([
    spec.iif !== undefined && ifMatch('iifname', spec.iif), spec.oif !== undefined && ifMatch('oifname', spec.oif),
    spec.from && prefixMatch('saddr', spec.from), spec.to && prefixMatch('daddr', spec.to), protocol, verdict,
  ]);
  const chains: HelperChain[] = spec.oif === undefined ? ['input', 'forward'] : ['forward'];
  return chains.map((chain) => ({ chain, text }));
}

/** Source NAT to the address of the interface a packet leaves on. */
export function masqueradeRules(spec: MasqueradeSpec): HelperRule[] {
  const text = join([spec.from && prefixMatch('saddr', spec.from), spec.out !== undefined && ifMatch('oifname', spec.out), 'masquerade']);
  return [{ chain: 'postrouting', text }];
}

function addressText(a: ParsedAddress, port: number | undefined): string {
  if (port === undefined) return a.text;
  return a.family === 4 ? `${a.text}:${port}` : `[${a.text}]:${port}`;
}

/**
 * DNAT of the port in prerouting (connections arriving) and in nat_output (connections the
 * namespace makes to its own address, not to loopback, which cannot be routed elsewhere), and the
 * hairpin: a connection from the target's own side (its route out is the one it came in by) is
 * marked in `hairpin` and masqueraded in postrouting, so that the target answers through this
 * namespace, which undoes the DNAT, rather than straight to the client, which would not know it.
 */
export function portMapRules(spec: PortMapSpec): HelperRule[] {
  const { family, protocol, to } = spec;
  const dport = `${protocol} dport ${portText(spec.port)}`;
  const dnat = `dnat ${ipOf(to.address)} to ${addressText(to.address, to.port)}`;
  const from = spec.from && prefixMatch('saddr', spec.from);
  const dst = spec.dst && `${ipOf(spec.dst)} daddr ${spec.dst.text}`;
  const pinned = from !== undefined || dst !== undefined;
  const rules: HelperRule[] = [{
    chain: 'prerouting',
    text: join([spec.iif !== undefined && ifMatch('iifname', spec.iif), !pinned && nfproto(family), from, dst ?? 'fib daddr type local', dport, dnat]),
  }];
  if (spec.iif === undefined) {
    const notLoopback = family === 4 ? 'ip daddr != 127.0.0.0/8' : 'ip6 daddr != ::1';
    rules.push({ chain: 'nat_output', text: join([from, dst ?? join([notLoopback, 'fib daddr type local']), dport, dnat]) });
  }
  const target = join([`${ipOf(to.address)} daddr ${to.address.text}`, `${protocol} dport ${to.port ?? portText(spec.port)}`]);
  const mark = `0x${HAIRPIN_MARK.toString(16).padStart(8, '0')}`;
  const unmark = `0x${(~HAIRPIN_MARK >>> 0).toString(16).padStart(8, '0')}`;
  rules.push(
    { chain: 'hairpin', text: `ct state new ct status dnat ${target} fib daddr . iif oif exists meta mark set meta mark or ${mark}` },
    { chain: 'postrouting', text: `meta mark and ${mark} == ${mark} ${target} meta mark set meta mark and ${unmark} masquerade` },
  );
  return rules;
}

/**
 * The transaction adding rules: the table, the chains they use but `existing` lacks, then the
 * rules, each tagged. An `add chain` of a chain that exists changes nothing but costs the kernel
 * about 15 ms (measured; a new rule costs under 1), so chains known to exist are left out.
 */
export function addScript(rules: readonly HelperRule[], tag: string, existing: ReadonlySet<string> = new Set()): string {
  const lines = [`add table ${HELPER_TABLE}`];
  for (const chain of new Set(rules.map((r) => r.chain))) {
    if (!existing.has(chain)) lines.push(`add chain ${HELPER_TABLE} ${chain} { ${CHAINS[chain].text} }`);
  }
  for (const r of rules) lines.push(`add rule ${HELPER_TABLE} ${r.chain} ${r.text} comment "${tag}"`);
  return lines.join('\n') + '\n';
}

/** The transaction removing rules by handle: all of them, or none if one is gone. */
export function removeScript(rules: readonly FirewallRuleRef[]): string {
  return rules.map((r) => `delete rule ${HELPER_TABLE} ${r.chain} handle ${r.handle}\n`).join('');
}

/**
 * The helpers' chains that exist in table inet netns as the base chains they declare (type, hook,
 * priority), in nft JSON (`list chains inet`). A chain of the same name made otherwise is not one:
 * the helpers declare it, and nft refuses (EEXIST) rather than adding a rule to it.
 */
export function chainsListed(ruleset: NftJson): Set<string> {
  const names = new Set<string>();
  for (const item of ruleset.nftables) {
    const chain = Object.hasOwn(item, 'chain') ? (item.chain as Record<string, unknown>) : undefined;
    if (chain?.family !== 'inet' || chain.table !== 'netns' || typeof chain.name !== 'string' || !Object.hasOwn(CHAINS, chain.name)) continue;
    const want = CHAINS[chain.name as HelperChain];
    if (chain.type === want.type && chain.hook === want.hook && chain.prio === want.prio) names.add(chain.name);
  }
  return names;
}

/** The rules of table inet netns that carry tag (in nft JSON), in the order they were added (by handle). */
export function rulesTagged(ruleset: NftJson, tag: string): FirewallRuleRef[] {
  const found: FirewallRuleRef[] = [];
  for (const item of ruleset.nftables) {
    const rule = Object.hasOwn(item, 'rule') ? (item.rule as Record<string, unknown>) : undefined;
    if (rule?.family !== 'inet' || rule.table !== 'netns' || rule.comment !== tag) continue;
    found.push({ family: 'inet', table: 'netns', chain: rule.chain as string, handle: rule.handle as number });
  }
  return found.sort((a, b) => a.handle - b.handle);
}
