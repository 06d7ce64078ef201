// npm run bench -- sockets: what opening a socket inside a foreign namespace costs the caller and
// the event loop. Each workload runs N times with a 1 ms interval timer going and prints the
// cost per operation beside the event-loop delay p99 (perf_hooks.monitorEventLoopDelay):
//   - new NetlinkConnection(fd) + close: synchronous, so the time is what the JS thread is held
//     (the loop yields to the event loop between operations, so the delay shows one of them);
//   - ns.listen() + close, awaited;
//   - a route stream opened on its own socket and read to its end, awaited.
// Beside p99, the longest gap between ticks of the 1 ms timer: a workload that never yields to the
// event loop leaves the histogram (nearly) without samples, and shows there.
import { Namespace } from '../../lib';
import { NetlinkConnection } from '../../lib/transport/connection';
import { now, uniqueBenchName } from './util';
import { measuringLoopDelay, type LoopDelay } from './peers/loop-delay';

const N = 2000;

interface Figure { what: string; usPerOp: number; delay: LoopDelay }

async function measure(what: string, op: (i: number) => Promise<number>): Promise<Figure> {
  const { result: ms, delay } = await measuringLoopDelay(async () => {
    let total = 0;
    for (let i = 0; i < N; i++) total += await op(i);
    return total;
  });
  return { what, usPerOp: (ms * 1000) / N, delay };
}

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

export async function run(): Promise<void> {
  const ns = await Namespace.create(uniqueBenchName('sock'));
  try {
    const fd = ns.fd;
    // Warm up every path once (the addon's namespace thread starts on first use).
    new NetlinkConnection(fd).close();
    await new Promise<void>((r) => void ns.listen().then((s) => s.close(() => r())));
    for await (const _ of ns.routes.stream()) { /* empty table */ }

    const figures: Figure[] = [];
    figures.push(await measure('new NetlinkConnection(fd) + close (sync)', async () => {
      await yieldToLoop();
      const t0 = now();
      new NetlinkConnection(fd).close();
      return now() - t0;
    }));
    figures.push(await measure('ns.listen() + close (awaited)', async () => {
      const t0 = now();
      const server = await ns.listen();
      await new Promise<void>((r) => server.close(() => r()));
      return now() - t0;
    }));
    figures.push(await measure('ns.routes.stream() opened and read (awaited)', async () => {
      const t0 = now();
      for await (const _ of ns.routes.stream()) { /* a fresh namespace: no routes */ }
      return now() - t0;
    }));

    console.log(`\nsockets inside a foreign namespace, ${N} each, a 1 ms timer running`);
    for (const f of figures) {
      console.log(`  ${f.what.padEnd(48)} ${f.usPerOp.toFixed(1).padStart(7)} µs/op   event-loop delay p99 ${f.delay.p99.toFixed(2)} ms` +
        ` (${f.delay.samples} samples), longest gap between 1 ms ticks ${f.delay.gap.toFixed(1)} ms`);
    }
  } finally {
    await ns.delete();
  }
}
