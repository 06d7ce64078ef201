// ns.firewall's typed helpers: check the options, add the rules in one transaction, and take the
// handles of the rules the call added (by the comment it gave them) from what nft echoes, so that
// remove() can take them out.
import { randomBytes } from 'node:crypto';
import type { FirewallRuleRef } from '../types/firewall-helpers';
import { parseFilter, parseMasquerade, parsePortMap, parseRuleRefs } from './helper-options';
import {
  addScript, chainsListed, filterRules, masqueradeRules, portMapRules, removeScript, rulesTagged, type HelperRule, type NftJson,
} from './helper-rules';

/** How nft commands go in and what comes out: nft syntax, nothing; JSON, JSON; nft syntax, what it added as JSON. */
export type NftMode = 'nft' | 'json' | 'echo';

/** Runs nft commands in the namespace, rejecting with NftablesError. */
export type NftRunner = (operation: string, commands: string, mode: NftMode) => Promise<string>;

export type HelperName = 'masquerade' | 'portMap' | 'allow' | 'deny';

async function addTagged(run: NftRunner, name: HelperName, rules: readonly HelperRule[]): Promise<FirewallRuleRef[]> {
  // Unique across calls and processes: two calls at once each find their own rules only.
  const tag = `netns:${name}:${randomBytes(6).toString('hex')}`;
  const operation = `firewall.${name}`;
  // Chains only, no rules: cheap however many rules the table holds.
  const existing = chainsListed(JSON.parse(await run(operation, 'list chains inet', 'json')) as NftJson);
  let echoed: string;
  try {
    echoed = await run(operation, addScript(rules, tag, existing), 'echo');
  } catch (err) {
    // A chain listed a moment ago was deleted since (ENOENT): declare every chain, once more.
    if (existing.size === 0 || (err as { code?: unknown }).code !== 'ENOENT') throw err;
    echoed = await run(operation, addScript(rules, tag), 'echo');
  }
  // nft echoes what the transaction added, with the kernel's handles ({ add: { rule } } items):
  // nothing has to be read back, however long the chains are.
  const added = (JSON.parse(echoed) as NftJson).nftables.map((item) => (Object.hasOwn(item, 'add') ? item.add as Record<string, unknown> : item));
  return rulesTagged({ nftables: added }, tag);
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
  if (refs.length > 0) await run('firewall.remove', removeScript(refs), 'nft');
}
