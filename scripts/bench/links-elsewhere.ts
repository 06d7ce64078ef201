// npm run bench -- links-elsewhere: macvlan devices made inside a second namespace (the parent a
// veth in the first), three ways in alternating rounds: links.add({ namespace }) (one request),
// the old two-step path (links.add here, then links.set({ namespace })), and `ip -batch` with
// `netns NAME` on each line. Both namespaces are made here and removed afterwards.
import { Namespace } from '../../lib';
import { ipBatch, median, report, timeIt, uniqueBenchName, type Row } from './util';

/** Devices per round; BENCH_ELSEWHERE shortens a trial run. */
const COUNT = Number(process.env.BENCH_ELSEWHERE ?? 100);
const ROUNDS = 5;

const spec = (i: number) => ({ kind: 'macvlan', name: `mv${i}`, parent: 'up0', mode: 'bridge' } as const);

async function clear(other: Namespace): Promise<void> {
  await Promise.all((await other.links.list({ kind: 'macvlan' })).map((l) => other.links.delete(l.index)));
}

export async function run(): Promise<void> {
  const hereName = uniqueBenchName('elsewhere-a');
  const otherName = uniqueBenchName('elsewhere-b');
  const here = await Namespace.create(hereName);
  const other = await Namespace.create(otherName);
  const times: Record<'direct' | 'move' | 'batch', number[]> = { direct: [], move: [], batch: [] };
  try {
    await here.links.add({ kind: 'veth', name: 'up0', peer: { name: 'up1' } });
    const lines = Array.from({ length: COUNT }, (_, i) => `link add link up0 name mv${i} netns ${otherName} type macvlan mode bridge`);
    for (let r = 0; r < ROUNDS; r++) {
      times.direct.push(await timeIt(async () => {
        for (let i = 0; i < COUNT; i++) await here.links.add({ ...spec(i), namespace: other });
      }));
      await clear(other);
      times.move.push(await timeIt(async () => {
        for (let i = 0; i < COUNT; i++) {
          await here.links.add(spec(i));
          await here.links.set(`mv${i}`, { namespace: other });
        }
      }));
      await clear(other);
      times.batch.push(ipBatch(lines, hereName));
      const made = (await other.links.list({ kind: 'macvlan' })).length;
      if (made !== COUNT) throw new Error(`ip -batch made ${made} of ${COUNT} devices`);
      await clear(other);
    }
    const left = (await here.links.list()).map((l) => l.name).filter((n) => n.startsWith('mv'));
    if (left.length) throw new Error(`devices left in the calling namespace: ${left.join(', ')}`);
  } finally {
    await other.delete();
    await here.delete();
  }
  const rows: Row[] = [
    { what: '`ip -batch`, link add ... netns NAME', ms: median(times.batch), count: COUNT },
    { what: 'links.add({ namespace }), one request', ms: median(times.direct), count: COUNT },
    { what: 'links.add here, then links.set({ namespace })', ms: median(times.move), count: COUNT },
  ];
  report(`macvlan made in another namespace: ${COUNT} per round, median of ${ROUNDS} alternating rounds`, rows);
  console.log(`  rounds (ms): direct ${times.direct.map((t) => t.toFixed(0)).join(' ')}; move ${times.move.map((t) => t.toFixed(0)).join(' ')}; ip -batch ${times.batch.map((t) => t.toFixed(0)).join(' ')}`);
  console.log(`  one request vs create + move: ${(median(times.move) / median(times.direct)).toFixed(2)}x faster`);
}
