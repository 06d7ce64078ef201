// npm run bench -- peers: a tool that is not installed is reported in the table and the chart as
// not available with its reason (never skipped), and the ratios to the best peer are the best
// peer's time over each tool's time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chart } from '../../scripts/bench/peers/chart';
import { markdown } from '../../scripts/bench/peers/markdown';
import { bestPeer, ratioToBest, type Row } from '../../scripts/bench/peers/summary';
import { COLUMNS, Tools, type Measured } from '../../scripts/bench/peers/tools';
import { workloads } from '../../scripts/bench/peers/workloads';

const OVERRIDES = ['PEERS_IP', 'PEERS_GO', 'PEERS_PYTHON', 'PEERS_CC'];
const INFO = { date: '2026-01-01 00:00 UTC', machine: 'test', reps: 3, quick: true, notes: [] };

let tmp: string;
const saved = new Map<string, string | undefined>();
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-peers-test-'));
  for (const name of OVERRIDES) saved.set(name, process.env[name]);
});
afterEach(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('peers whose binaries are missing are reported not available, with the reason, in every workload', () => {
  for (const name of OVERRIDES) process.env[name] = path.join(tmp, 'missing', name.toLowerCase());
  const tools = new Tools(tmp);
  for (const tool of ['ip', 'go', 'py', 'c'] as const) {
    expect(tools.available[tool]).toMatchObject({ ok: false, reason: expect.stringContaining('ENOENT') });
  }
  expect(tools.available.netns.ok).toBe(true);
  const rows: Row[] = workloads(true).map((workload) => ({ workload, cells: tools.cells(workload.id) }));
  for (const row of rows) {
    const peers = row.cells.filter((c) => c.column.peer);
    // Every peer column is in every row: missing tools are reported, not dropped.
    expect(peers.map((c) => c.column.id)).toEqual(['ip', 'go', 'py', 'c']);
    for (const cell of peers) expect(cell.notAvailable).toMatch(/ENOENT/);
    for (const cell of row.cells.filter((c) => !c.column.peer)) expect(cell.notAvailable).toBeUndefined();
  }
  const md = markdown(rows, INFO);
  const addRow = md.split('\n').find((l) => l.startsWith('| 10 000 route adds, routes/s'))!;
  expect(addRow.match(/not available \([^)]*ENOENT/g)).toHaveLength(4);
  const svg = chart(rows, 'test');
  expect(svg.match(/>not available</g)).toHaveLength(rows.length * 4);
});

test('an installed tool is found (ip from PATH, the C references build)', () => {
  for (const name of OVERRIDES) delete process.env[name];
  process.env.PEERS_GO = path.join(tmp, 'missing', 'go');   // keep the test fast: no Go build
  const tools = new Tools(tmp);
  expect(tools.available.ip).toMatchObject({ ok: true });
  expect(tools.available.c).toMatchObject({ ok: true });
  for (const name of ['route_add_peer', 'link_set_mtu', 'route_dump', 'netns_create_delete']) {
    expect(fs.statSync(path.join(tmp, name)).mode & 0o111).not.toBe(0);
  }
  const c = COLUMNS.find((col) => col.id === 'c')!;
  expect(tools.unavailable(c, 'dump')).toBeUndefined();
  const [warm] = tools.cells('mtuWarm');
  expect(warm).toMatchObject({ column: { id: 'ip' }, notAvailable: 'every ip -batch is a new process: nothing stays warm' });
  expect(markdown([{ workload: workloads(true)[3], cells: tools.cells('mtuWarm') }], INFO))
    .toContain('| not available (every ip -batch is a new process: nothing stays warm) | not available (go build: not installed (ENOENT)) |');
});

test('ratios: the best peer\'s time per operation over each tool\'s, whatever the unit', () => {
  const run = (ms: number, count: number): Measured => ({ ms, count });
  const [add] = workloads(false);
  const dump = workloads(false).find((w) => w.id === 'dump')!;
  const column = (id: string) => COLUMNS.find((c) => c.id === id)!;
  const rowOf = (workload: typeof add, figures: Record<string, Measured[]>): Row => ({
    workload,
    cells: Object.entries(figures).map(([id, runs]) => ({ column: column(id), runs })),
  });
  // Medians: ip 1000 ms, Go 500 ms (best peer), the library 250 ms (twice as fast), C missing.
  const addRow = rowOf(add, {
    ip: [run(1000, 100_000), run(1100, 100_000), run(900, 100_000)],
    go: [run(500, 100_000), run(400, 100_000), run(9000, 100_000)],
    'netns-batch': [run(250, 100_000), run(260, 100_000), run(240, 100_000)],
  });
  addRow.cells.push({ column: column('c'), runs: [], notAvailable: 'no cc' });
  expect(bestPeer(addRow)?.cell.column.id).toBe('go');
  expect(addRow.cells.map((c) => ratioToBest(addRow, c))).toEqual([0.5, 1, 2, undefined]);
  const dumpRow = rowOf(dump, { c: [run(50, 100_000)], 'netns-list': [run(190, 100_000)] });
  const md = markdown([addRow, dumpRow], INFO).split('\n');
  expect(md.find((l) => l.startsWith('| 100 000 route adds, routes/s'))).toBe(
    '| 100 000 route adds, routes/s | 100 000 | 200 000 |  | not available (no cc) | batch() 400 000 |');
  expect(md.find((l) => l.startsWith('| dump 100 000 routes into objects, s'))).toContain('| 0.050 |');
  expect(md.find((l) => l.startsWith('| dump 100 000 routes into objects |'))).toContain('0.26x');
  const svg = chart([addRow, dumpRow], 'test');
  expect(svg).toContain('2.00x');
  expect(svg.match(/<rect x=/g)).toHaveLength(5);   // one bar per figure, none for the missing C
});
