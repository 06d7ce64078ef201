// npm run bench -- tc-filters: u32 filters (match ip src PREFIX flowid 1:10) added to an htb qdisc
// and removed, three ways in alternating rounds: filters.add awaited one at a time, all at once
// (pipelined on the namespace's socket), and `tc -batch`. The namespace is made here and removed.
import { Namespace } from '../../lib';
import { ipBatch, median, report, timeIt, uniqueBenchName, type Row } from './util';

/** Filters per round; BENCH_TC_FILTERS shortens a trial run. */
const COUNT = Number(process.env.BENCH_TC_FILTERS ?? 500);
const ROUNDS = 5;

const prefix = (i: number): string => `10.${i >> 8}.${i & 255}.0/24`;
const spec = (i: number) => ({ dev: 'v0', parent: '1:', protocol: 'ip', prio: 1, kind: 'u32', match: [{ src: prefix(i) }], classid: '1:10' } as const);

export async function run(): Promise<void> {
  const name = uniqueBenchName('tc-filters');
  const ns = await Namespace.create(name);
  const times: Record<'serial' | 'parallel' | 'batch', number[]> = { serial: [], parallel: [], batch: [] };
  const lines = Array.from({ length: COUNT }, (_, i) => `filter add dev v0 parent 1: protocol ip prio 1 u32 match ip src ${prefix(i)} flowid 1:10`);
  // Each way must leave exactly COUNT key nodes, then the next round starts from none.
  const check = async (way: string): Promise<void> => {
    const keys = (await ns.tc.filters.list({ dev: 'v0', parent: '1:' })).filter((f) => f.match).length;
    if (keys !== COUNT) throw new Error(`${way} made ${keys} of ${COUNT} filters`);
    await ns.tc.filters.delete({ dev: 'v0', parent: '1:' });
  };
  try {
    await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    await ns.tc.qdiscs.add({ dev: 'v0', parent: 'root', handle: '1:', kind: 'htb' });
    for (let r = 0; r < ROUNDS; r++) {
      times.serial.push(await timeIt(async () => {
        for (let i = 0; i < COUNT; i++) await ns.tc.filters.add(spec(i));
      }));
      await check('filters.add, one at a time');
      times.parallel.push(await timeIt(async () => {
        await Promise.all(Array.from({ length: COUNT }, (_, i) => ns.tc.filters.add(spec(i))));
      }));
      await check('filters.add, all at once');
      times.batch.push(ipBatch(lines, name, false, 'tc'));
      await check('tc -batch');
    }
  } finally {
    await ns.delete();
  }
  const rows: Row[] = [
    { what: '`tc -batch`, filter add ... u32', ms: median(times.batch), count: COUNT },
    { what: 'filters.add, awaited one at a time', ms: median(times.serial), count: COUNT },
    { what: 'filters.add, all at once (Promise.all)', ms: median(times.parallel), count: COUNT },
  ];
  report(`u32 filters on an htb qdisc: ${COUNT} per round, median of ${ROUNDS} alternating rounds`, rows);
  console.log(`  rounds (ms): serial ${times.serial.map((t) => t.toFixed(0)).join(' ')}; all at once ${times.parallel.map((t) => t.toFixed(0)).join(' ')}; tc -batch ${times.batch.map((t) => t.toFixed(0)).join(' ')}`);
}
