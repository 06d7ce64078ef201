// ipMasq: the reference's pkg/ip SetupIPMasq/TeardownIPMasq, as nft rules. The reference runs
// iptables (iptables-nft here): in table ip/ip6 "nat", a base chain POSTROUTING (nat hook
// postrouting, priority srcnat, policy accept) jumps from each container address to a chain
// CNI-<hash> per attachment, which accepts the container's own subnet and masquerades the rest
// but multicast. These are the same chains and rules, with nft's rule comment and masquerade where
// iptables-nft writes its xt comment match and MASQUERADE target (libnftables cannot write xt);
// but in a table of their own: iptables-nft refuses a table holding rules it cannot read
// ("table `nat' is incompatible"), native masquerade among them, and would then fail for
// everything else on the host that uses it (the portmap plugin chained after this one, kube-proxy).
import { createHash } from 'node:crypto';
import type { Namespace } from '../namespace';
import type { NftRuleset } from '../types/firewall';
import type { ParsedPrefix } from '../specs/ip';
import { ipText, networkCidr } from './ip';

type Family = 'ip' | 'ip6';
type Expr = Record<string, unknown>;
type Item = Record<string, Record<string, unknown>>;

/** The table, in families ip and ip6, that holds the masquerade chains. */
export const MASQ_TABLE = 'netns-cni';

/** pkg/utils FormatChainName: "CNI-" and the SHA-512 of name+id in hex, 28 characters in all. */
export const chainName = (network: string, containerId: string): string =>
  `CNI-${createHash('sha512').update(network + containerId).digest('hex')}`.slice(0, 28);

/** pkg/utils FormatComment: Go's %q of each (names and IDs are plain ASCII, where %q is JSON's quoting). */
export const chainComment = (network: string, containerId: string): string =>
  `name: ${JSON.stringify(network)} id: ${JSON.stringify(containerId)}`;

const familyOf = (p: ParsedPrefix): Family => (p.family === 4 ? 'ip' : 'ip6');

function addrMatch(family: Family, field: 'saddr' | 'daddr', op: '==' | '!=', cidr: string): Expr {
  const [addr, len] = cidr.split('/');
  const full = family === 'ip' ? 32 : 128;
  // A whole address is a plain value; a shorter prefix is nft's prefix object (iptables-nft writes both so).
  const right = len === undefined || Number(len) === full ? addr : { prefix: { addr, len: Number(len) } };
  return { match: { op, left: { payload: { protocol: family, field } }, right } };
}

const COUNTER: Expr = { counter: { packets: 0, bytes: 0 } };

interface RuleSpec { family: Family; chain: string; expr: Expr[] }

/** The rules for one address, in the reference's order: chain rules first, the POSTROUTING jump last. */
function rulesFor(p: ParsedPrefix, chain: string): RuleSpec[] {
  const family = familyOf(p);
  const multicast = family === 'ip' ? '224.0.0.0/4' : 'ff00::/8';
  return [
    // Packets to the attachment's own network are not touched ...
    { family, chain, expr: [addrMatch(family, 'daddr', '==', networkCidr(p)), COUNTER, { accept: null }] },
    // ... nor multicast (containers talk to each other that way); the rest leaves with the host's address.
    { family, chain, expr: [addrMatch(family, 'daddr', '!=', multicast), COUNTER, { masquerade: null }] },
    { family, chain: 'POSTROUTING', expr: [addrMatch(family, 'saddr', '==', ipText(p.bytes)), COUNTER, { jump: { target: chain } }] },
  ];
}

// A rule's identity for AppendUnique: its chain, comment and expressions without the counters' values.
const ruleKey = (family: unknown, chain: unknown, comment: unknown, expr: unknown): string =>
  JSON.stringify([family, chain, comment ?? null, (expr as Expr[]).map((e) => ('counter' in e ? 'counter' : e))]);

const ruleItems = (ruleset: NftRuleset): Array<Record<string, unknown>> =>
  ruleset.nftables.filter((i) => 'rule' in i).map((i) => i.rule as Record<string, unknown>).filter((r) => r.table === MASQ_TABLE && (r.family === 'ip' || r.family === 'ip6'));

/**
 * What tables ip/ip6 netns-cni hold (of the families asked): listed table by table, so that the
 * cost does not grow with the rest of the host's ruleset (kube-proxy's thousands of rules).
 */
async function listMasqTables(host: Namespace, families: ReadonlyArray<'ip' | 'ip6'>): Promise<NftRuleset> {
  const items: NftRuleset['nftables'] = [];
  for (const family of families) {
    try {
      items.push(...(await host.firewall.list({ family, table: MASQ_TABLE })).nftables);
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'ENOENT') throw err;  // no such table yet
    }
  }
  return { nftables: items };
}

/** SetupIPMasq for every address, in one transaction; a rule already there is not added twice. */
export async function setupIpMasq(host: Namespace, network: string, containerId: string, addresses: ParsedPrefix[]): Promise<void> {
  const chain = chainName(network, containerId);
  const comment = chainComment(network, containerId);
  const ruleset = await listMasqTables(host, [...new Set(addresses.map(familyOf))]);
  const present = new Set(ruleItems(ruleset).map((r) => ruleKey(r.family, r.chain, r.comment, r.expr)));
  // The table and chains there already are not added again: re-adding the POSTROUTING base chain
  // (its hook) makes the kernel wait some 15 ms per transaction, for a no-op.
  const made = new Set<string>();
  for (const i of ruleset.nftables) {
    const t = i.table as Record<string, unknown> | undefined;
    const c = i.chain as Record<string, unknown> | undefined;
    if (t?.name === MASQ_TABLE) made.add(`${String(t.family)} table`);
    if (c?.table === MASQ_TABLE) made.add(`${String(c.family)} chain ${String(c.name)}`);
  }
  const commands: Item[] = [];
  const ensure = (key: string, item: Item) => {
    if (made.has(key)) return;
    made.add(key);
    commands.push(item);
  };
  // In the reference's order, so that tables, chains and rules list (and number) as its do: per
  // address, the table and the attachment's chain, its rules, then POSTROUTING and the jump.
  for (const p of addresses) {
    const family = familyOf(p);
    ensure(`${family} table`, { add: { table: { family, name: MASQ_TABLE } } });
    ensure(`${family} chain ${chain}`, { add: { chain: { family, table: MASQ_TABLE, name: chain } } });
    for (const rule of rulesFor(p, chain)) {
      if (rule.chain === 'POSTROUTING') {
        ensure(`${family} chain POSTROUTING`, { add: { chain: { family, table: MASQ_TABLE, name: 'POSTROUTING', type: 'nat', hook: 'postrouting', prio: 100, policy: 'accept' } } });
      }
      const key = ruleKey(rule.family, rule.chain, comment, rule.expr);
      if (present.has(key)) continue;
      present.add(key);
      commands.push({ add: { rule: { family: rule.family, table: MASQ_TABLE, chain: rule.chain, expr: rule.expr, comment } } });
    }
  }
  if (commands.length) await host.firewall.apply({ nftables: commands });
}

/**
 * TeardownIPMasq: the POSTROUTING jumps to the attachment's chain, then the chain; the table and
 * POSTROUTING stay, as the reference leaves them. Found by the chain's name, not by the addresses,
 * so that a DEL after the container's namespace is gone still removes them. Nothing there: no-op.
 */
export async function teardownIpMasq(host: Namespace, network: string, containerId: string): Promise<void> {
  const chain = chainName(network, containerId);
  const ruleset = await listMasqTables(host, ['ip', 'ip6']);
  const commands: Item[] = [];
  for (const r of ruleItems(ruleset)) {
    const jumps = (r.expr as Expr[]).some((e) => (e.jump as { target?: string } | undefined)?.target === chain);
    if (r.chain === 'POSTROUTING' && jumps) commands.push({ delete: { rule: { family: r.family, table: MASQ_TABLE, chain: 'POSTROUTING', handle: r.handle } } });
  }
  for (const item of ruleset.nftables) {
    const c = item.chain as { family?: string; table?: string; name?: string } | undefined;
    if (c && c.table === MASQ_TABLE && c.name === chain && (c.family === 'ip' || c.family === 'ip6')) {
      commands.push({ flush: { chain: { family: c.family, table: MASQ_TABLE, name: chain } } }, { delete: { chain: { family: c.family, table: MASQ_TABLE, name: chain } } });
    }
  }
  if (commands.length) await host.firewall.apply({ nftables: commands });
}
