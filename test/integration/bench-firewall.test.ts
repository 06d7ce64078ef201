// Smoke test of `npm run bench -- firewall` (no timing asserted): every tool, the hand-encoded C
// batch included, leaves exactly the ruleset `nft -f` leaves (`nft -j list ruleset`, handles aside)
// in both cases (the library's worker, run from the TypeScript sources, in one case per syntax); a tool that leaves another
// ruleset fails the check; every namespace made is removed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectedListings, measureOnce } from '../../scripts/bench/firewall';
import { nftIn } from '../../scripts/bench/firewall/namespace';
import { RULES, rulesetText } from '../../scripts/bench/firewall/ruleset';
import { tools, type Launch, type Tool } from '../../scripts/bench/firewall/tools';
import { TEST_PREFIX, uniqueName } from '../helpers';
import { HOOK } from '../ts-child';

const WORKER = path.resolve(__dirname, '..', '..', 'scripts', 'bench', 'firewall', 'netns-worker.ts');
const fromSource: Launch = (args) => [process.execPath, '-e',
  `${HOOK}\nrequire(${JSON.stringify(WORKER)}).main(${JSON.stringify(args)}).catch((e) => { console.error(e); process.exitCode = 1; });`];

const tag = `fw${process.pid}`;
const name = (what: string): string => uniqueName(`${tag}-${what}`);
const left = (): string[] => fs.readdirSync('/run/netns').filter((n) => n.startsWith(`${TEST_PREFIX}${tag}-`));

let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-fw-bench-test-')); });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const REPS = 2;

test('every tool leaves the ruleset nft -f leaves, for the whole ruleset and for one rule added', () => {
  const { all, driver } = tools(tmp, fromSource);
  expect(driver).toBeDefined();
  expect(all.filter((t) => t.missing)).toEqual([]);
  const expected = expectedListings(REPS, name);
  expect((JSON.parse(expected.ruleset) as unknown[]).filter((o) => 'rule' in (o as object))).toHaveLength(RULES);
  expect((JSON.parse(expected.one) as unknown[]).filter((o) => 'rule' in (o as object))).toHaveLength(RULES + REPS);
  for (const tool of all) {
    // The library's worker compiles lib/ from source in each child (seconds): one case per syntax.
    const cases = tool.id === 'netns-text' ? ['ruleset'] as const : tool.id === 'netns-json' ? ['one'] as const : ['ruleset', 'one'] as const;
    for (const c of cases.filter((x) => !tool.notFor?.[x])) {
      const run = measureOnce(tool, c, REPS, expected[c], name);
      expect(run.ms).toHaveLength(REPS);
      for (const ms of run.ms) expect(ms).toBeGreaterThan(0);
      if (tool.id.startsWith('libnftables-')) {
        // The phases add up to the call, and the transaction reached the kernel after a cache fetch.
        for (const p of run.phases!) {
          expect(p.kernel).toBeGreaterThan(0);
          expect(p.cache).toBeGreaterThan(0);
          expect(p.parse + p.cache + p.eval + p.kernel + p.tail).toBeCloseTo(p.run, 1);
        }
      }
    }
  }
  expect(left()).toEqual([]);
}, 240_000);  // 30 s run alone, 75 s in the whole suite, both beside other runs (load average 12-15)

test('a tool that leaves another ruleset fails the check, and its namespace is removed', () => {
  const expected = expectedListings(REPS, name);
  const short: Tool = {
    id: 'short', label: 'ten rules only',
    run: (_c, ns) => {
      nftIn(ns, ['-f', '-'], rulesetText(10));
      return { ms: [1, 1] };
    },
  };
  expect(() => measureOnce(short, 'ruleset', REPS, expected.ruleset, name))
    .toThrow(`nft -j list ruleset differs from nft's own result (10 rules, expected ${RULES})`);
  expect(left()).toEqual([]);
});
