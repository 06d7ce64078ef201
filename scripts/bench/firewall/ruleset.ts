// The one ruleset every tool of `npm run bench -- firewall` applies, in nft syntax and in nft JSON:
// table inet bench, chain input (filter hook input priority 0), RULES rules "ip saddr A tcp dport
// P accept"; and the one-rule case, rule ONE_FIRST + rep added to that chain. Rule i matches
// 10.0.0.0 + 1 + i and port 1024 + i % 64000, the formula scripts/bench/c/nft_netlink.c encodes.

/** Rules of the whole-ruleset case; BENCH_FIREWALL_RULES shortens a trial run. */
export const RULES = Number(process.env.BENCH_FIREWALL_RULES ?? 1000);
/** The index of the first rule the one-rule case adds (distinct from the ruleset's). */
export const ONE_FIRST = 100_000;

export type Syntax = 'text' | 'json';
export type CaseId = 'ruleset' | 'one';

function saddr(i: number): string {
  const a = (10 * 2 ** 24 + 1 + i) >>> 0;
  return [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join('.');
}
const dport = (i: number): number => 1024 + (i % 64000);

const ruleText = (i: number): string => `ip saddr ${saddr(i)} tcp dport ${dport(i)} accept`;

function ruleJson(i: number): Record<string, unknown> {
  return {
    rule: {
      family: 'inet', table: 'bench', chain: 'input',
      expr: [
        { match: { op: '==', left: { payload: { protocol: 'ip', field: 'saddr' } }, right: saddr(i) } },
        { match: { op: '==', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: dport(i) } },
        { accept: null },
      ],
    },
  };
}

/** The whole ruleset, as `nft -f` reads it. */
export function rulesetText(rules = RULES): string {
  const lines = Array.from({ length: rules }, (_, i) => `    ${ruleText(i)}`);
  return ['table inet bench {', '  chain input {', '    type filter hook input priority 0;', ...lines, '  }', '}', ''].join('\n');
}

/** The whole ruleset in nft JSON, as `nft -j -f` reads it. */
export function rulesetJson(rules = RULES): { nftables: Array<Record<string, unknown>> } {
  return {
    nftables: [
      { add: { table: { family: 'inet', name: 'bench' } } },
      { add: { chain: { family: 'inet', table: 'bench', name: 'input', type: 'filter', hook: 'input', prio: 0, policy: 'accept' } } },
      ...Array.from({ length: rules }, (_, i) => ({ add: ruleJson(i) })),
    ],
  };
}

/** The one-rule case's rep-th command: `add rule inet bench input ...`. */
export function oneRuleText(rep: number): string {
  return `add rule inet bench input ${ruleText(ONE_FIRST + rep)}\n`;
}

export function oneRuleJson(rep: number): { nftables: Array<Record<string, unknown>> } {
  return { nftables: [{ add: ruleJson(ONE_FIRST + rep) }] };
}

/** What a case's rep-th apply hands a tool, in the syntax asked for. */
export function input(c: CaseId, syntax: Syntax, rep: number): string | { nftables: Array<Record<string, unknown>> } {
  if (c === 'ruleset') return syntax === 'text' ? rulesetText() : rulesetJson();
  return syntax === 'text' ? oneRuleText(rep) : oneRuleJson(rep);
}

/** The same as a file's content. */
export function inputFile(c: CaseId, syntax: Syntax, rep: number): string {
  const x = input(c, syntax, rep);
  return typeof x === 'string' ? x : JSON.stringify(x);
}
