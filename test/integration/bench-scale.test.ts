// Smoke test of `npm run bench -- scale`: its phases for all three tools on 20 namespaces (no timing
// asserted), the library's child run from the TypeScript sources (not a stale dist/).
import fs from 'node:fs';
import path from 'node:path';
import { runTools, type Launch } from '../../scripts/bench/scale';
import { PHASES } from '../../scripts/bench/scale/types';
import { uniqueName } from '../helpers';
import { runChild } from '../ts-child';

const COUNT = 20;
const CHILD = path.resolve(__dirname, '..', '..', 'scripts', 'bench', 'scale', 'netns-child.ts');

const launchFromSource: Launch = async ([prefix, count, width]) => {
  const r = await runChild(
    `const report = await require(${JSON.stringify(CHILD)}).main(${JSON.stringify(prefix)}, ${Number(count)}, ${width === undefined ? 'Infinity' : Number(width)});
     console.log(JSON.stringify(report));`,
    { nodeArgs: ['--expose-gc'] });
  if (r.code !== 0) throw new Error(`netns child exited ${r.code ?? r.signal}: ${r.stderr}`);
  return r.stdout;
};

const namesLeft = (prefix: string): string[] => fs.readdirSync('/run/netns').filter((n) => n.startsWith(prefix));

test('every tool goes through the four phases on every namespace, and nothing of the run is left', async () => {
  const prefix = uniqueName('scale');
  const run = await runTools(prefix, COUNT, { launch: launchFromSource });
  expect(run.errors).toEqual({});
  expect(run.tools.map((t) => t.tool)).toEqual(['netns', 'ip -batch', 'C']);
  for (const t of run.tools) {
    expect(Object.keys(t.ms).sort()).toEqual([...PHASES].sort());
    for (const p of PHASES) expect(t.ms[p]).toBeGreaterThan(0);
    expect(t.linksPerNamespace).toEqual({ 3: COUNT });
  }
  // The child held one fd per handle while idle, and gave every one back after the deletes.
  const n = run.netns!;
  expect(n.idle.fds - n.baseline.fds).toBeGreaterThanOrEqual(COUNT);
  expect(n.after.fds).toBe(n.baseline.fds);
  expect(n.fdsLeft).toEqual([]);
  expect(run.left).toEqual([]);
  expect(namesLeft(prefix)).toEqual([]);
}, 90_000);  // 7-9 s on a quiet machine; several times that beside a 10 000-namespace benchmark

test('a tool that fails is reported, and the names it made are deleted', async () => {
  const prefix = uniqueName('scale');
  // A child that makes its namespaces (as the library would) and then dies.
  const failing: Launch = ([names, count]) => {
    for (let i = 0; i < Number(count); i++) fs.closeSync(fs.openSync(`/run/netns/${names}-${i}`, 'w'));
    return Promise.reject(new Error('child died'));
  };
  const run = await runTools(prefix, 2, { launch: failing });
  expect(run.errors.netns).toBe('child died');
  expect(run.left.sort()).toEqual([`${prefix}-n-0`, `${prefix}-n-1`]);
  expect(run.tools.map((t) => t.tool)).toEqual(['ip -batch', 'C']);
  expect(namesLeft(prefix)).toEqual([]);
});
