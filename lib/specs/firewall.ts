// Argument checks of ns.firewall's core methods: the ruleset given to apply(), the table delete() names.
import { invalidArgType, invalidArgValue } from '../errors';
import { Schema, oneOf, required, text } from './schema';
import type { NftRuleset } from '../types/firewall';

export const NFT_FAMILIES = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'] as const;

/** delete({ family, table }); nft's names are at most 256 bytes with the NUL (NFT_NAME_MAXLEN). */
export const tableRefSchema = new Schema('firewall.delete table', {
  family: required(oneOf(NFT_FAMILIES)),
  table: required(text(255, { min: 1 })),
});

/**
 * Does a command of this nft text start with `monitor`? It never returns, and would hold the thread
 * nft calls run on. Quoted strings and comments are skipped; commands start a line, or follow `;`.
 */
function startsMonitor(text: string): boolean {
  const bare = text.replace(/"[^"\n]*"|#[^\n]*/g, ' ');
  return /(?:^|[\n;])\s*monitor(?![\w-])/.test(bare);
}

/** What apply() hands libnftables: nft syntax as given, or the JSON object serialised. */
export function rulesetText(ruleset: unknown): { text: string; json: boolean } {
  if (typeof ruleset === 'string') {
    if (ruleset.includes('\0')) throw invalidArgValue('ruleset', ruleset, 'must not contain NUL bytes');
    if (startsMonitor(ruleset)) throw invalidArgValue('ruleset', ruleset, 'must not hold a monitor command (it runs until stopped: use ns.firewall.list(), or spawn nft monitor)');
    return { text: ruleset, json: false };
  }
  if (typeof ruleset !== 'object' || ruleset === null || Array.isArray(ruleset)) {
    throw invalidArgType('ruleset', 'a string (nft syntax) or an object ({ nftables: [...] }, nft JSON)', ruleset);
  }
  for (const key of Object.keys(ruleset)) {
    if (key !== 'nftables') throw invalidArgValue(`ruleset.${key}`, (ruleset as Record<string, unknown>)[key], 'is not a known field (known: nftables)');
  }
  const commands = Object.hasOwn(ruleset, 'nftables') ? (ruleset as NftRuleset).nftables : undefined;
  if (!Array.isArray(commands)) throw invalidArgType('ruleset.nftables', 'an array of nft JSON commands', commands);
  let text: string;
  try {
    text = JSON.stringify({ nftables: commands });
  } catch (e) {
    throw invalidArgValue('ruleset', ruleset, `cannot be serialised as JSON (${(e as Error).message})`);
  }
  if (/(?:^|[^\\])(?:\\\\)*\\u0000/.test(text)) throw invalidArgValue('ruleset', ruleset, 'must not contain NUL characters');
  return { text, json: true };
}
