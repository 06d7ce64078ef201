// npm run bench -- firewall [--rounds=N (default 5)] [--reps=N (default 6)]: the two ways the library
// could apply an nftables ruleset, measured side by side: binding libnftables (ns.firewall.apply,
// and libnftables called from C with its phases) against encoding nf_tables netlink by hand (a C
// batch, the cost floor of that option), with `nft -f` spawned in the namespace as users do today.
// Cases: a 1 000-rule ruleset into an empty namespace, and one rule added to that table. Every tool
// runs in a fresh process and a fresh namespace (removed after, also on failure), its result checked
// through `nft -j list ruleset`. Writes bench/results/firewall.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { intFlag, settle, uniqueBenchName } from './util';
import { listed, makeNamespace, nftIn, removeNamespace, ruleCount } from './firewall/namespace';
import { profile } from './firewall/profile';
import { CASES, markdown, printCase, type Cell } from './firewall/report';
import { oneRuleText, rulesetText, type CaseId } from './firewall/ruleset';
import { tools, type Tool } from './firewall/tools';

/** Makes a unique namespace name from a tag (uniqueBenchName here, a test's own in tests). */
export type Namer = (tag: string) => string;
const benchName: Namer = (tag) => uniqueBenchName(`fw-${tag}`);

const RESULTS = path.resolve(__dirname, '..', '..', '..', 'bench', 'results');

/** Untimed: the one-rule case starts from the whole ruleset. */
function prepare(c: CaseId, ns: string): void {
  if (c === 'one') nftIn(ns, ['-f', '-'], rulesetText());
}

/** What every tool must leave: the listing `nft -f` leaves after the same applies, in a namespace of its own. */
export function expectedListings(reps: number, name: Namer = benchName): Record<CaseId, string> {
  const ns = makeNamespace(name('ref'));
  try {
    nftIn(ns, ['-f', '-'], rulesetText());
    const ruleset = JSON.stringify(listed(ns));
    for (let rep = 0; rep < reps; rep++) nftIn(ns, ['-f', '-'], oneRuleText(rep));
    return { ruleset, one: JSON.stringify(listed(ns)) };
  } finally {
    removeNamespace(ns);
  }
}

/** One tool, one case, in a fresh namespace: its applies' ms, checked against the expected ruleset. */
export function measureOnce(tool: Tool, c: CaseId, reps: number, expected: string, name: Namer = benchName): Cell['runs'][number] {
  const ns = makeNamespace(name(c));
  try {
    prepare(c, ns);
    const run = tool.run(c, ns, reps);
    if (run.ms.length !== reps || run.ms.some((x) => !(x >= 0))) throw new Error(`reported ${JSON.stringify(run.ms)}`);
    const got = listed(ns);
    if (JSON.stringify(got) !== expected) {
      throw new Error(`nft -j list ruleset differs from nft's own result (${ruleCount(got)} rules, expected ${ruleCount(JSON.parse(expected) as [])})`);
    }
    return run;
  } finally {
    removeNamespace(ns);
  }
}

export async function run(args: string[]): Promise<void> {
  const rounds = intFlag(args, 'rounds', 5);
  const reps = intFlag(args, 'reps', 6);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-firewall-'));
  const loadAtStart = os.loadavg()[0];
  try {
    const { all, driver } = tools(tmp);
    for (const t of all) if (t.missing) console.log(`  ${t.label}: not available (${t.missing})`);
    const expected = expectedListings(reps);
    const cases = Object.fromEntries((Object.keys(CASES) as CaseId[]).map((c) => [c, all.map((tool): Cell => ({ tool, runs: [] }))])) as Record<CaseId, Cell[]>;
    for (let round = 0; round < rounds; round++) {
      for (const c of Object.keys(CASES) as CaseId[]) {
        // Rotate the order, so that no tool always runs first (or right after the heaviest one).
        const order = cases[c].map((_, i) => cases[c][(i + round) % cases[c].length]);
        for (const cell of order) {
          if (cell.tool.missing || cell.tool.notFor?.[c] || cell.error) continue;
          try {
            const r = measureOnce(cell.tool, c, reps, expected[c]);
            cell.runs.push(r);
            console.log(`  [${round + 1}/${rounds}] ${c.padEnd(7)} ${cell.tool.label.padEnd(44)} ${r.ms.map((x) => x.toFixed(2)).join(' ')}`);
          } catch (err) {
            cell.error = String((err as Error).message ?? err).split('\n')[0].slice(0, 200);
            console.log(`  [${round + 1}/${rounds}] ${c.padEnd(7)} ${cell.tool.label.padEnd(44)} FAILED: ${cell.error}`);
            process.exitCode = 1;
          }
          // The kernel frees a deleted namespace (and its ruleset) later: not on the next tool's clock.
          await settle();
        }
      }
    }
    let noProfile: string | undefined = driver ? undefined : 'the C driver did not build';
    const prof = driver ? profile(tmp, driver, (why) => { noProfile = why; }) : undefined;
    for (const c of Object.keys(CASES) as CaseId[]) printCase(c, cases[c]);
    const info = {
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, Linux ${os.release()}, Node ${process.version}`,
      rounds, reps, load: [loadAtStart, os.loadavg()[0]] as [number, number], nice: os.getPriority(),
    };
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, 'firewall.md'), markdown(info, cases, prof, noProfile) + '\n');
    console.log(`\n  wrote ${path.relative(process.cwd(), path.join(RESULTS, 'firewall.md'))}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
