// The figures of `npm run bench -- firewall`: per case and tool the first apply (median over the
// fresh processes) and the warm median (every later apply), each against the hand-encoded floor and
// against `nft -f` spawned through nsenter; libnftables' phases; the profile. Printed and written
// as markdown.
import { median } from '../util';
import { PROFILE_REPS, type Profile } from './profile';
import { RULES, type CaseId } from './ruleset';
import type { Phases, Run, Tool } from './tools';

export interface Cell {
  tool: Tool;
  runs: Run[];
  error?: string;
}

export interface Figures {
  first?: number;
  warm?: number;
}

export const CASES: Record<CaseId, string> = {
  ruleset: `${RULES.toLocaleString('en-US').replace(/,/g, ' ')}-rule ruleset into an empty namespace (table inet bench, chain input)`,
  one: `one rule added to that table (add rule inet bench input ...), ${RULES} rules already in it`,
};

export function figures(cell: Cell): Figures {
  if (cell.error || cell.runs.length === 0) return {};
  const warm = cell.runs.flatMap((r) => r.ms.slice(1));
  return { first: median(cell.runs.map((r) => r.ms[0])), warm: warm.length ? median(warm) : undefined };
}

const ms = (x: number | undefined): string => (x === undefined ? '-' : x < 1 ? x.toFixed(2) : x < 10 ? x.toFixed(1) : x.toFixed(0));
const times = (x: number | undefined, ref: number | undefined): string =>
  x === undefined || ref === undefined ? '-' : `${(x / ref).toFixed(x / ref < 10 ? 2 : 1)}x`;

function status(cell: Cell, c: CaseId): string | undefined {
  if (cell.tool.missing) return `not available (${cell.tool.missing})`;
  if (cell.tool.notFor?.[c]) return `not applicable (${cell.tool.notFor[c]})`;
  if (cell.error) return `failed (${cell.error})`;
  return undefined;
}

/** A case's row of a tool: why it has no figures, or its figures and their ratios to the floor and to nft. */
export type CaseRow = { label: string; status: string } | { label: string; first: string; warm: string; floor: string; nft: string };

export function rows(c: CaseId, cells: Cell[]): CaseRow[] {
  const byId = (id: string): Figures => figures(cells.find((x) => x.tool.id === id) ?? { tool: cells[0].tool, runs: [] });
  const floor = byId('c-netlink');
  const nft = byId('nft-nsenter');
  return cells.map((cell) => {
    const label = cell.tool.label;
    const s = status(cell, c);
    if (s) return { label, status: s };
    const f = figures(cell);
    return { label, first: ms(f.first), warm: ms(f.warm), floor: `${times(f.first, floor.first)} / ${times(f.warm, floor.warm)}`,
      nft: `${times(f.first, nft.first)} / ${times(f.warm, nft.warm)}` };
  });
}

const cellsOf = (r: CaseRow): string[] => ('status' in r ? [r.label, r.status, '', '', ''] : [r.label, r.first, r.warm, r.floor, r.nft]);

const PHASES: Array<[keyof Phases, string]> = [
  ['load', 'dlopen'], ['ctx', 'nft_ctx_new'], ['parse', 'parse'], ['cache', 'cache fetch'], ['cacheSys', '(of which syscalls)'],
  ['eval', 'evaluate + linearise'], ['kernel', 'kernel: transaction + replies'], ['tail', 'after the replies'], ['free', 'nft_ctx_free'],
  ['total', 'total'],
];

/** Median of each phase over the first applies and over the warm ones of a libnftables-from-C cell. */
export function phaseRows(cell: Cell): string[][] {
  const all = cell.runs.map((r) => r.phases ?? []);
  const firsts = all.map((p) => p[0]).filter(Boolean);
  const warm = all.flatMap((p) => p.slice(1));
  if (!firsts.length) return [];
  return PHASES.map(([key, label]) => [label, ms(median(firsts.map((p) => p[key]))), warm.length ? ms(median(warm.map((p) => p[key]))) : '-']);
}

function table(head: string[], body: string[][], right: number[]): string[] {
  const align = head.map((_, i) => (right.includes(i) ? '---:' : '---'));
  return [`| ${head.join(' | ')} |`, `| ${align.join(' | ')} |`, ...body.map((r) => `| ${r.map((x) => x.replace(/\|/g, '\\|')).join(' | ')} |`)];
}

export const HEAD = ['tool', 'first, ms', 'warm median, ms', '× floor (first / warm)', '× nft spawned (first / warm)'];

export interface RunInfo {
  date: string;
  machine: string;
  rounds: number;
  reps: number;
  /** The 1-minute load average when the run started and when it ended (other work on the machine). */
  load: [number, number];
  /** The run's nice value (os.getPriority()); a negative one gives it the CPU before other work. */
  nice: number;
}

export function markdown(info: RunInfo, cases: Record<CaseId, Cell[]>, profile: Profile | undefined, noProfile: string | undefined): string {
  const out = [
    `# Firewall apply: libnftables, nft spawned, and nf_tables netlink encoded by hand`,
    '',
    `Measured ${info.date} on ${info.machine} (load average ${info.load.map((x) => x.toFixed(1)).join(' at the start, ')} at the end${info.nice ? `, run at nice ${info.nice}` : ''});`,
    `\`npm run bench -- firewall\`. ${info.rounds} rounds; in each, every tool runs`,
    `once per case in a fresh process and a fresh namespace (order rotating between rounds) and applies ${info.reps} times:`,
    `"first" is the median over the rounds of the first apply (into a namespace nothing has used, libnftables not yet`,
    `loaded), "warm" the median of all later applies. Every run's final ruleset is checked against the one \`nft -f\``,
    `makes, through \`nft -j list ruleset\` in the namespace (same rules, same order, handles aside). "× floor" and`,
    `"× nft spawned": the tool's time over the hand-encoded batch's and over \`nsenter ... nft -f\`'s (above 1 is slower).`,
    `Spawned nft is timed from spawn to exit; the others from the call to its return (process start and opening the`,
    `namespace not timed). nft sends its transaction without asking for acks and reads the errors the kernel queued;`,
    `the C batch asks for an ack on its last message.`,
  ];
  for (const c of Object.keys(CASES) as CaseId[]) {
    out.push('', `## ${CASES[c]}`, '', ...table(HEAD, rows(c, cases[c]).map(cellsOf), [1, 2, 3, 4]));
  }
  out.push('', '## What a libnftables call is made of', '',
    'libnftables from C (scripts/bench/c/nft_lib_phases.c: dlopen, nft_ctx_new, nft_run_cmd_from_buffer, nft_ctx_free),',
    'split at its netlink system calls (interposed and timestamped): parse until the first message, the cache fetch',
    '(generation id and dumps of tables, chains, sets, flowtables, objects, and building objects from them), evaluation',
    'and linearisation until the transaction is sent, the kernel running the whole batch inside that sendmsg and the',
    'replies. Median ms, first apply / warm.', '');
  for (const c of Object.keys(CASES) as CaseId[]) {
    for (const cell of cases[c].filter((x) => x.tool.id.startsWith('libnftables-'))) {
      const body = phaseRows(cell);
      if (!body.length) continue;
      out.push(`**${cell.tool.label}, ${c === 'ruleset' ? `${RULES} rules` : 'one rule'}**`, '', ...table(['phase', 'first', 'warm'], body, [1, 2]), '');
    }
  }
  if (profile) {
    out.push(`perf record of that driver applying the ${RULES}-rule ruleset (nft syntax) ${PROFILE_REPS} times, ${profile.samples} samples:`, '',
      ...table(['share', 'object'], profile.byObject.map((s) => [`${s.percent.toFixed(1)}%`, s.what]), [0]), '',
      ...table(['share', 'object  symbol'], profile.bySymbol.map((s) => [`${s.percent.toFixed(1)}%`, s.what]), [0]), '');
  } else {
    out.push(`No profile: ${noProfile ?? 'perf not run'}.`, '');
  }
  return out.join('\n');
}

/** The console form of one case's table. */
export function printCase(c: CaseId, cells: Cell[]): void {
  console.log(`\n${CASES[c]}`);
  console.log(`  ${'tool'.padEnd(44)} ${'first'.padStart(8)} ${'warm'.padStart(8)}  × floor         × nft spawned (ms; first / warm)`);
  for (const r of rows(c, cells)) {
    if ('status' in r) console.log(`  ${r.label.padEnd(44)} ${r.status}`);
    else console.log(`  ${r.label.padEnd(44)} ${r.first.padStart(8)} ${r.warm.padStart(8)}  ${r.floor.padEnd(15)} ${r.nft}`);
  }
}
