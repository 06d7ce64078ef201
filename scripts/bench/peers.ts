// npm run bench -- peers [--reps=N (default 5)] [--quick]: the five workloads of the peers table (route adds,
// route adds in a fresh process, awaited link set cold and warm, a route dump, named namespace
// create + delete) for this library and its peers: ip -batch, Go vishvananda/netlink, pyroute2 and
// plain C. Every run is a fresh process in a fresh namespace (deleted after, also on failure); the
// tools' order rotates between repetitions; every result is checked against the kernel through ip.
// Writes bench/results/peers.md and bench/results/peers.svg.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { intFlag, uniqueBenchName } from './util';
import { chart } from './peers/chart';
import {
  fillRoutes, linkMtu, makeNamespace, namesLeft, removeNamesLeft, removeNamespace, routeCount,
} from './peers/fresh-namespace';
import { markdown } from './peers/markdown';
import { formatFigure, type Cell, type Row } from './peers/summary';
import { Tools, type Measured, type Plan } from './peers/tools';
import { mtuAt, workloads, type Workload } from './peers/workloads';

const RESULTS = path.resolve(__dirname, '..', '..', '..', 'bench', 'results');

/** The run's result must match the kernel's view, or it is an error instead of a figure. */
function verify(w: Workload, ns: string, m: Measured): void {
  if (m.count !== w.count) throw new Error(`reported ${m.count} operations, expected ${w.count}`);
  if (w.id === 'add100k' || w.id === 'add10k' || w.id === 'dump') {
    const listed = routeCount(ns);
    if (listed !== w.count) throw new Error(`ip route show table 100 lists ${listed} routes, expected ${w.count}`);
  } else if (w.id === 'mtu' || w.id === 'mtuWarm') {
    const want = mtuAt(w.warm + w.count - 1);
    const got = linkMtu(ns);
    if (got !== want) throw new Error(`ip link show v0 reports mtu ${got}, the last set was ${want}`);
  }
}

/** One run of a column: its own fresh namespace (or name prefix), checked and cleaned up. */
function measureOnce(w: Workload, run: Extract<Plan, { run: unknown }>['run']): Measured {
  if (w.id === 'netns') {
    const prefix = uniqueBenchName('peers-nn');
    try {
      const m = run(w, { ns: '', prefix });
      verify(w, '', m);
      const left = namesLeft(prefix);
      if (left.length) throw new Error(`names left under /run/netns after delete: ${left.slice(0, 3).join(', ')}`);
      return m;
    } finally {
      removeNamesLeft(prefix);
    }
  }
  const ns = makeNamespace(w.id);
  try {
    if (w.id === 'dump') {
      fillRoutes(ns, w.count);
      if (routeCount(ns) !== w.count) throw new Error('the table was not filled for the dump');
    }
    const m = run(w, { ns, prefix: '' });
    verify(w, ns, m);
    return m;
  } finally {
    removeNamespace(ns);
  }
}

function describe(w: Workload, cell: Cell, m: Measured): string {
  const figure = formatFigure(w.show(m.ms / m.count, m.count), w.unit);
  const loop = m.gap === undefined ? '' : `  loop p99 ${m.samples ? (m.p99 ?? 0).toFixed(1) : '-'} ms, gap ${m.gap.toFixed(1)} ms`;
  return `${cell.column.label.padEnd(22)} ${figure} ${w.unit}${loop}`;
}

/** The runner waits for each measured child process in turn, so nothing else runs meanwhile. */
export function run(args: string[]): Promise<void> {
  return new Promise((resolve) => {
    runAll(args);
    resolve();
  });
}

function runAll(args: string[]): void {
  const reps = intFlag(args, 'reps', 5);
  const quick = args.includes('--quick');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-peers-'));
  // Ctrl-C stops the child being measured; the runner then stops too, after its cleanup.
  const stay = (): void => undefined;
  process.on('SIGINT', stay);
  try {
    const tools = new Tools(tmp);
    for (const [tool, a] of Object.entries(tools.available)) if (!a.ok) console.log(`  ${tool}: not available (${a.reason})`);
    const rows: Row[] = workloads(quick).map((workload) => ({ workload, cells: tools.cells(workload.id) }));
    for (let rep = 0; rep < reps; rep++) {
      for (const row of rows) {
        const w = row.workload;
        console.log(`\n[${rep + 1}/${reps}] ${w.title}`);
        // Rotate the order, so that no tool always runs first (or right after the heaviest one).
        const order = row.cells.map((_, i) => row.cells[(i + rep) % row.cells.length]);
        for (const cell of order) {
          const plan = tools.plan(cell.column, w.id)!;
          if (cell.notAvailable || cell.error || !('run' in plan)) continue;
          try {
            const m = measureOnce(w, plan.run);
            cell.runs.push(m);
            console.log(`  ${describe(w, cell, m)}`);
          } catch (err) {
            if ((err as { signal?: unknown }).signal === 'SIGINT') throw err;
            cell.error = String((err as Error).message ?? err).split('\n')[0].slice(0, 200);
            console.log(`  ${cell.column.label.padEnd(22)} FAILED: ${cell.error}`);
            process.exitCode = 1;
          }
        }
      }
    }
    const date = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
    const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
    const info = {
      date, reps, quick,
      machine: `${os.cpus().length} × ${cpu}, Linux ${os.release()}, Node ${process.version}`,
      notes: [
        'Every figure is one fresh process in a fresh namespace (a veth v0 up with 10.0.0.1/24); process start, loading and opening the namespace are not timed, except for ip -batch (its run includes the spawn of ip, about 1-2 ms) and the ip -j dump (spawn + JSON.parse, as a script does it).',
        'Routes: 198.18.x.y/32 via 10.0.0.2 table 100. C adds many routes per sendmsg with NLM_F_ACK on the last of each 64 KiB datagram; Go calls RouteAdd per route on a NewHandleAt handle; pyroute2 calls route("add") per route after setns; the library awaits each add, issues all with Promise.all, or uses one ns.batch().',
        'Link set: the mtu alternates 1500/1400 on v0; "warm" runs the warm-up operations first in the same process, untimed. Every tool waits for each ack.',
        'Dump: the library builds Route objects (list() or stream()), Go netlink.Route (RouteListFiltered by table), pyroute2 messages (get_routes(table=100)), ip -j route show + JSON.parse, C structs.',
        'Namespaces: create + delete of a name under /run/netns (ip netns add/del in one ip -batch; Go netns.NewNamed + DeleteNamed, with the thread moved back after each; pyroute2 netns.create/remove; C unshare on a thread + bind mount). Go\'s NewNamed skips what ip and the C program do on every create: flock /run/netns and make it a shared mount.',
        'Checked after each run through ip: the route count of table 100, the mtu read back, the dump count against the table, no name left under /run/netns.',
        'Loop delay (library only): p99 of perf_hooks.monitorEventLoopDelay (1 ms resolution) over the timed part, and the longest gap between ticks of a 1 ms setInterval; "no sample" means the loop never turned during the run, and the gap is then the whole run.',
      ],
    };
    const md = markdown(rows, info);
    console.log(`\n${md}`);
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, 'peers.md'), md);
    fs.writeFileSync(path.join(RESULTS, 'peers.svg'), chart(rows, `netns and its peers: speed relative to the best peer (${date})`));
    console.log(`wrote ${path.relative(process.cwd(), RESULTS)}/peers.md and peers.svg`);
  } finally {
    process.off('SIGINT', stay);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
