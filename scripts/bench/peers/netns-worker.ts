// This library's side of `npm run bench -- peers`: one workload per fresh process, inside a
// namespace the runner made. Loading the library and opening the namespace are not timed; the
// clock runs from the first operation to the last reply, with the event-loop delay measured over
// the same span. Prints one JSON line {"ms", "count", "p99", "gap", "samples"}.
// Usage: add NS COUNT awaited|all|batch | mtu NS IFNAME COUNT WARM | dump NS TABLE list|stream
//        | netns PREFIX COUNT
import { Namespace, type BatchBuilder } from '../../../lib';
import { measuringLoopDelay } from './loop-delay';
import { GATEWAY, TABLE, mtuAt as mtu, routePrefix as prefix } from './workloads';

const now = (): number => performance.now();

function int(s: string | undefined): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a count: ${s}`);
  return n;
}

function addRoutes(ns: Namespace, count: number, how: string): () => Promise<number> {
  const dsts = Array.from({ length: count }, (_, i) => prefix(i));
  const routes = ns.routes;
  if (how === 'awaited') {
    return async () => {
      for (const dst of dsts) await routes.add({ dst, via: GATEWAY, table: TABLE });
      return count;
    };
  }
  if (how === 'all') {
    return async () => {
      await Promise.all(dsts.map((dst) => routes.add({ dst, via: GATEWAY, table: TABLE })));
      return count;
    };
  }
  if (how === 'batch') {
    const build = (b: BatchBuilder): void => {
      for (const dst of dsts) b.routes.add({ dst, via: GATEWAY, table: TABLE });
    };
    // The compact result: a count and only the failures, nothing built per successful add.
    return async () => {
      const { ok, failed } = await ns.batch(build, { compact: true });
      if (failed.length) throw new Error(`${failed.length} of ${count} batched adds failed, the first: ${failed[0].error.message}`);
      return ok;
    };
  }
  throw new RangeError(`no add mode ${how}`);
}

async function setMtu(ns: Namespace, ifname: string, count: number, warm: number): Promise<() => Promise<number>> {
  const links = ns.links;
  for (let i = 0; i < warm; i++) await links.set(ifname, { mtu: mtu(i) });
  return async () => {
    for (let i = warm; i < warm + count; i++) await links.set(ifname, { mtu: mtu(i) });
    return count;
  };
}

function dumpRoutes(ns: Namespace, table: number, how: string): () => Promise<number> {
  if (how === 'list') return async () => (await ns.routes.list({ table })).length;
  if (how === 'stream') {
    return async () => {
      let n = 0;
      for await (const _route of ns.routes.stream({ table })) n++;
      return n;
    };
  }
  throw new RangeError(`no dump mode ${how}`);
}

function createDelete(prefixName: string, count: number): () => Promise<number> {
  return async () => {
    for (let i = 0; i < count; i++) await (await Namespace.create(`${prefixName}-${i}`)).delete();
    return count;
  };
}

async function main(argv: string[]): Promise<void> {
  const [what, target] = argv;
  let ns: Namespace | undefined;
  let section: () => Promise<number>;
  if (what === 'netns') {
    section = createDelete(target, int(argv[2]));
  } else {
    ns = await Namespace.open(target);
    if (what === 'add') section = addRoutes(ns, int(argv[2]), argv[3]);
    else if (what === 'mtu') section = await setMtu(ns, argv[2], int(argv[3]), int(argv[4]));
    else if (what === 'dump') section = dumpRoutes(ns, int(argv[2]), argv[3]);
    else throw new RangeError(`unknown workload ${what}`);
  }
  try {
    const t0 = now();
    const { result: count, delay } = await measuringLoopDelay(section);
    const ms = now() - t0;
    console.log(JSON.stringify({ ms, count, ...delay }));
  } finally {
    ns?.close();
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
