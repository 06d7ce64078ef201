// npm run bench -- firewall: the first apply is the median of each run's first, warm the median of
// all later ones; ratios are a tool's time over the floor's and over spawned nft's; a missing tool,
// a case a tool does not do and a failed tool are reported with their reason, never dropped.
import { markdown, rows, type Cell } from '../../scripts/bench/firewall/report';
import type { Tool } from '../../scripts/bench/firewall/tools';

const tool = (id: string, extra: Partial<Tool> = {}): Tool => ({ id, label: id, run: () => ({ ms: [] }), ...extra });

const cells = (): Cell[] => [
  { tool: tool('nft-nsenter'), runs: [{ ms: [40, 20, 22] }, { ms: [44, 24, 26] }] },
  { tool: tool('c-netlink'), runs: [{ ms: [2, 1, 1] }, { ms: [4, 1, 3] }] },
  { tool: tool('slow'), runs: [{ ms: [8, 4, 4] }] },
  { tool: tool('absent', { missing: 'cc: not installed (ENOENT)' }), runs: [] },
  { tool: tool('per-rule', { notFor: { ruleset: 'a transaction per rule' } }), runs: [] },
  { tool: tool('broken'), runs: [], error: 'exited 1' },
];

test('figures are medians of the first applies and of the later ones, ratios against the floor and nft', () => {
  const [nft, floor, slow] = rows('ruleset', cells());
  // firsts 40, 44 -> upper middle 44; warm 20 22 24 26 -> 24
  expect(nft).toEqual({ label: 'nft-nsenter', first: '44', warm: '24', floor: '11.0x / 24.0x', nft: '1.00x / 1.00x' });
  expect(floor).toMatchObject({ first: '4.0', warm: '1.0', floor: '1.00x / 1.00x' });
  expect(slow).toMatchObject({ first: '8.0', warm: '4.0', floor: '2.00x / 4.00x', nft: '0.18x / 0.17x' });
});

test('a missing tool, a case it does not do and a failure keep their row with the reason', () => {
  const r = rows('ruleset', cells()).slice(3);
  expect(r).toEqual([
    { label: 'absent', status: 'not available (cc: not installed (ENOENT))' },
    { label: 'per-rule', status: 'not applicable (a transaction per rule)' },
    { label: 'broken', status: 'failed (exited 1)' },
  ]);
  // The one-rule case is one it does: no runs yet shows dashes, not a reason.
  expect(rows('one', cells())[4]).toEqual({ label: 'per-rule', first: '-', warm: '-', floor: '- / -', nft: '- / -' });
  const md = markdown({ date: 'd', machine: 'm', rounds: 2, reps: 3, load: [1, 2], nice: 0 }, { ruleset: cells(), one: cells() }, undefined, 'perf: not permitted');
  expect(md).toContain('| absent | not available (cc: not installed (ENOENT)) |  |  |  |');
  expect(md).toContain('| per-rule | not applicable (a transaction per rule) |  |  |  |');
  expect(md).toContain('No profile: perf: not permitted.');
});
