// ns.firewall: the namespace's nftables ruleset, through the system's libnftables (loaded at first
// use, run on a native thread that has joined the namespace): no nft process per call.
import type { NamespaceContext } from './context';
import { native } from '../native';
import { NftablesError, nftablesMissing } from '../firewall/errors';
import { rulesetText, tableRefSchema } from '../specs/firewall';
import type { NftRuleset, NftTableRef } from '../types/firewall';
import type { FirewallFilterOptions, FirewallRuleRef, MasqueradeOptions, PortMapOptions } from '../types/firewall-helpers';
import { addHelperRules, removeHelperRules, type NftMode, type NftRunner } from '../firewall/helpers';

// The addon's modes: nft syntax in and nothing out; JSON in and out; nft syntax in, what it added out.
const NFT_MODES: Record<NftMode, number> = { nft: 0, json: 1, echo: 2 };

/**
 * Runs nft commands in the namespace behind ctx; rejects with NftablesError when nft refuses them.
 * The addon takes its own copy of the namespace fd at once and runs the calls one at a time in call
 * order (libnftables keeps process-wide state), so a call made before close() still completes.
 */
export async function runNft(ctx: NamespaceContext, operation: string, commands: string, mode: NftMode): Promise<string> {
  const outcome = await native.nftables(ctx.enterFd(), commands, NFT_MODES[mode]);
  if (outcome.missing !== undefined) throw nftablesMissing(outcome.missing);
  if (outcome.rc !== 0) throw new NftablesError(operation, outcome.error, outcome.errno);
  return outcome.output;
}

const runnerOf = (ctx: NamespaceContext): NftRunner => (operation, commands, mode) => runNft(ctx, operation, commands, mode);

/** The namespace's nftables firewall; `ns.firewall`. */
export class Firewall {
  /** Made by the namespace's `firewall` getter. @internal */
  constructor(private readonly ns: NamespaceContext) {}

  /**
   * Applies a ruleset in one transaction, all or nothing: nft syntax as `nft -f` reads it (a
   * string), or nft's JSON schema (`{ nftables: [...] }`). A refusal rejects with NftablesError
   * carrying nft's message and, for nft syntax, the line it points at.
   */
  async apply(ruleset: string | NftRuleset): Promise<void> {
    const { text, json } = rulesetText(ruleset);
    await runNft(this.ns, 'firewall.apply', text, json ? 'json' : 'nft');
  }

  /**
   * The whole ruleset as nft JSON, as `nft -j list ruleset` in the namespace prints it; given a
   * table, that table only (`nft -j list table FAMILY NAME`; ENOENT if it does not exist), which
   * costs what that table holds rather than the whole ruleset.
   */
  async list(table?: NftTableRef): Promise<NftRuleset> {
    if (table === undefined) return JSON.parse(await runNft(this.ns, 'firewall.list', 'list ruleset', 'json')) as NftRuleset;
    const { family, table: name } = tableRefSchema.parse(table) as unknown as NftTableRef;
    const command = { nftables: [{ list: { table: { family, name } } }] };
    return JSON.parse(await runNft(this.ns, 'firewall.list', JSON.stringify(command), 'json')) as NftRuleset;
  }

  /** Removes every table, chain, set and rule of the namespace (`nft flush ruleset`). */
  async flush(): Promise<void> {
    await runNft(this.ns, 'firewall.flush', 'flush ruleset', 'nft');
  }

  /** Removes one table with everything in it (`nft delete table FAMILY NAME`); ENOENT if absent. */
  async delete(table: NftTableRef): Promise<void> {
    const { family, table: name } = tableRefSchema.parse(table) as unknown as NftTableRef;
    const command = { nftables: [{ delete: { table: { family, name } } }] };
    await runNft(this.ns, 'firewall.delete', JSON.stringify(command), 'json');
  }

  // ---- typed helpers: ordinary rules in table inet netns, made with the chains they need ----

  /**
   * Masquerades what leaves this namespace: source NAT to the address of the interface a packet
   * leaves on (`masquerade` in chain postrouting), for sources in `from` leaving by `out` (each
   * default: any). Resolves to the rule added.
   */
  async masquerade(options: MasqueradeOptions): Promise<FirewallRuleRef[]> {
    return addHelperRules(runnerOf(this.ns), 'masquerade', options);
  }

  /**
   * Maps a port of this namespace to an address behind it (DNAT): connections to one of its own
   * addresses (or to `dst`) arriving from outside, and those the namespace makes to them itself,
   * go to `to`. Hairpin: a connection from the target's own side (a host in its subnet) is also
   * masqueraded, so the target answers through this namespace; bit 0x01000000 of the packet mark
   * carries that from chain hairpin to postrouting. Reaching an address beyond the namespace needs
   * forwarding on (net.ipv4.ip_forward, net.ipv6.conf.all.forwarding). Resolves to the rules added.
   */
  async portMap(options: PortMapOptions): Promise<FirewallRuleRef[]> {
    return addHelperRules(runnerOf(this.ns), 'portMap', options);
  }

  /**
   * Accepts what matches, in chains input (traffic to this namespace; not with an `oif`) and
   * forward (traffic it routes), after the rules added before: in table netns the first rule that
   * matches decides, as with `iptables -A`. Another table's chains still see what this accepts.
   * Forward sees addresses after portMap's DNAT. Resolves to the rules added.
   */
  async allow(options: FirewallFilterOptions): Promise<FirewallRuleRef[]> {
    return addHelperRules(runnerOf(this.ns), 'allow', options);
  }

  /**
   * Drops what matches, in chains input and forward as allow() adds to them: every packet,
   * also of connections accepted before. Resolves to the rules added.
   */
  async deny(options: FirewallFilterOptions): Promise<FirewallRuleRef[]> {
    return addHelperRules(runnerOf(this.ns), 'deny', options);
  }

  /**
   * Deletes rules the helpers returned, in one transaction: all of them, or none if one is gone
   * (NftablesError ENOENT). `delete({ family: 'inet', table: 'netns' })` removes every one.
   */
  async remove(rules: readonly FirewallRuleRef[]): Promise<void> {
    await removeHelperRules(runnerOf(this.ns), rules);
  }
}
