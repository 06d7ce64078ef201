// ns.firewall's typed helpers: check the options, add the rules in one transaction, then read back
// which rules the call added (by the comment it gave them) so that remove() can take them out.
import { randomBytes } from 'node:crypto';
import type { FirewallRuleRef } from '../types/firewall-helpers';
import { parseFilter, parseMasquerade, parsePortMap, parseRuleRefs } from './helper-options';
import {
  HELPER_TABLE, addScript, chainsListed, filterRules, masqueradeRules, portMapRules, removeScript, rulesTagged, type HelperRule, type NftJson,
} from './helper-rules';

/** Runs nft commands in the namespace (json: JSON in and out), rejecting with NftablesError. */
export type NftRunner = (operation: string, commands: string, json: boolean) => Promise<string>;

export type HelperName = 'masquerade' | 'portMap' | 'allow' | 'deny';

async function addTagged(run: NftRunner, name: HelperName, rules: readonly HelperRule[]): Promise<FirewallRuleRef[]> {
  // Unique across calls and processes: two calls at once each find their own rules only.
  const tag = `netns:${name}:${randomBytes(6).toString('hex')}`;
  const operation = `firewall.${name}`;
  const listJson = async (command: string): Promise<NftJson> => JSON.parse(await run(operation, command, true)) as NftJson;
  // Chains only, no rules: cheap however many rules the table holds.
  const existing = chainsListed(await listJson('list chains inet'));
  try {
    await run(operation, addScript(rules, tag, existing), false);
  } catch (err) {
    // A chain listed a moment ago was deleted since (ENOENT): declare every chain, once more.
    if (existing.size === 0 || (err as { code?: unknown }).code !== 'ENOENT') throw err;
    await run(operation, addScript(rules, tag), false);
  }
  // The chains it added to, one by one: a long chain it did not touch is not read.
  const chains = [...new Set(rules.map((r) => r.chain))];
  const listed = await Promise.all(chains.map((chain) => listJson(`list chain ${HELPER_TABLE} ${chain}`)));
  return rulesTagged({ nftables: listed.flatMap((l) => l.nftables) }, tag);
}

/** Builds the rules of one helper call from its options (checked first) and adds them. */
export async function addHelperRules(run: NftRunner, name: HelperName, options: unknown): Promise<FirewallRuleRef[]> {
  let rules: HelperRule[];
  switch (name) {
    case 'masquerade': rules = masqueradeRules(parseMasquerade(options)); break;
    case 'portMap': rules = portMapRules(parsePortMap(options)); break;
    case 'allow': rules = filterRules(parseFilter(options), 'accept'); break;
    case 'deny': rules = filterRules(parseFilter(options), 'drop'); break;
  }
  return addTagged(run, name, rules);
}

/** Deletes rules of table inet netns by handle, all in one transaction. */
export async function removeHelperRules(run: NftRunner, rules: unknown): Promise<void> {
  const refs = parseRuleRefs(rules);
  if (refs.length > 0) await run('firewall.remove', removeScript(refs), false);
}
