// npm run bench -- links: 2000 `links.set(mtu)` round trips and 1000 veth add+delete pairs, this
// library against `ip` spawned per operation and against `ip -batch`, in the same run. Everything
// happens inside one namespace made here (both veth ends included) and removed afterwards.
import { Namespace } from '../../lib';
import { linkSetRequest } from '../../lib/codecs/link-request';
import type { KindEncodeContext } from '../../lib/link-kinds';
import { ip, ipBatch, report, runCReference, timeIt, uniqueBenchName, type Row } from './util';

/** The floor measurement names its link by name: nothing to resolve. */
const NO_NAMES: KindEncodeContext = {
  linkIndex: () => { throw new Error('no link names to resolve here'); },
  namespaceFd: () => { throw new Error('no namespaces here'); },
};

const SETS = 2000;
/** veth add+delete is kernel-bound (~16 ms a pair here); BENCH_PAIRS shortens a trial run. */
const PAIRS = Number(process.env.BENCH_PAIRS ?? 1000);
/** Spawning ip costs milliseconds: fewer operations give the same per-operation figure. */
const SPAWNED = 200;

/** Best of ROUNDS runs, for every contender alike: the steady state, less the noise of a shared machine. */
const ROUNDS = 3;
async function best(fn: () => Promise<number> | number): Promise<number> {
  let min = Infinity;
  for (let r = 0; r < ROUNDS; r++) min = Math.min(min, await fn());
  return min;
}

async function benchSet(ns: Namespace, name: string): Promise<void> {
  const rows: Row[] = [];
  const mtu = (i: number): number => (i & 1 ? 1400 : 1500);
  const spawnedMs = await timeIt(() => {
    for (let i = 0; i < SPAWNED; i++) ip(['-n', name, 'link', 'set', 'bv0', 'mtu', String(mtu(i))]);
  });
  rows.push({ what: '`ip link set mtu` spawned per operation', ms: spawnedMs, count: SPAWNED });
  const batchLines = Array.from({ length: SETS }, (_, i) => `link set bv0 mtu ${mtu(i)}`);
  const batchMs = await best(() => ipBatch(batchLines, name));
  rows.push({ what: '`ip -batch` (one line per operation)', ms: batchMs, count: SETS });
  // Warm up (JIT) to measure the steady state, as a long-running program sees it.
  for (let i = 0; i < SETS; i++) await ns.links.set('bv0', { mtu: mtu(i) });
  const seqMs = await best(() => timeIt(async () => {
    for (let i = 0; i < SETS; i++) await ns.links.set('bv0', { mtu: mtu(i) });
  }));
  rows.push({ what: 'netns links.set, sequential, awaited', ms: seqMs, count: SETS });
  // The floor under it: the same request through the same socket, without the Links layer
  // (validation, spec handling); what remains is the kernel's work inside sendmsg.
  const conn = ns.netlink();
  const floorMs = await best(() => timeIt(async () => {
    for (let i = 0; i < SETS; i++) await conn.request(linkSetRequest({ name: 'bv0' }, { mtu: mtu(i) }, NO_NAMES));
  }));
  rows.push({ what: '  floor: bare request + ack on the same socket', ms: floorMs, count: SETS });
  // The same round trip from a plain C program with a blocking socket: the reference.
  const cRuns = runCReference('link_set_mtu', [ns.path, 'bv0', String(SETS)], ROUNDS);
  const cMs = cRuns === undefined ? undefined : Math.min(...cRuns.map(Number));
  if (cMs !== undefined) rows.push({ what: '  plain C: blocking send + recv of the ack', ms: cMs, count: SETS });
  // What reading the link back after each change would cost (set + get, both awaited).
  const backMs = await best(() => timeIt(async () => {
    for (let i = 0; i < SETS; i++) { await ns.links.set('bv0', { mtu: mtu(i) }); await ns.links.get('bv0'); }
  }));
  rows.push({ what: 'netns links.set then links.get, sequential', ms: backMs, count: SETS });
  const pipeMs = await best(() => timeIt(async () => {
    await Promise.all(Array.from({ length: SETS }, (_, i) => ns.links.set('bv0', { mtu: mtu(i) })));
  }));
  rows.push({ what: 'netns links.set, all issued at once', ms: pipeMs, count: SETS });
  const link = await ns.links.get('bv0');
  if (link.mtu !== mtu(SETS - 1)) throw new Error(`mtu is ${link.mtu} after the run, expected ${mtu(SETS - 1)}`);
  report(`links.set(mtu): ${SETS} operations, best of ${ROUNDS} (ip spawned: ${SPAWNED}, once)`, rows);
  console.log(`  sequential links.set vs one ip -batch line: ${((batchMs / SETS) / (seqMs / SETS)).toFixed(2)}x faster (target >= 2x)`);
  console.log(`  sequential links.set vs ip spawned:         ${((spawnedMs / SPAWNED) / (seqMs / SETS)).toFixed(0)}x faster (target >= 100x)`);
  if (cMs !== undefined) console.log(`  sequential links.set vs plain C round trip:  ${(seqMs / cMs).toFixed(2)}x the C time (target about 1.5x)`);
  console.log(`  bare request + ack vs one ip -batch line:   ${((batchMs / SETS) / (floorMs / SETS)).toFixed(2)}x (the most any library could reach here)`);
}

async function benchVeth(ns: Namespace, name: string): Promise<void> {
  const rows: Row[] = [];
  const spawnedMs = await timeIt(() => {
    for (let i = 0; i < SPAWNED / 2; i++) {
      ip(['-n', name, 'link', 'add', `sa${i}`, 'type', 'veth', 'peer', 'name', `sb${i}`]);
      ip(['-n', name, 'link', 'del', `sa${i}`]);
    }
  });
  rows.push({ what: '`ip link add veth` + `ip link del` spawned', ms: spawnedMs, count: SPAWNED / 2 });
  const lines: string[] = [];
  for (let i = 0; i < PAIRS; i++) lines.push(`link add ba${i} type veth peer name bb${i}`, `link del ba${i}`);
  const batchMs = ipBatch(lines, name);
  rows.push({ what: '`ip -batch` add + del lines', ms: batchMs, count: PAIRS });
  const seqMs = await timeIt(async () => {
    for (let i = 0; i < PAIRS; i++) {
      await ns.links.add({ kind: 'veth', name: `la${i}`, peer: { name: `lb${i}` } });
      await ns.links.delete(`la${i}`);
    }
  });
  rows.push({ what: 'netns links.add + delete, sequential, awaited', ms: seqMs, count: PAIRS });
  const left = (await ns.links.list({ kind: 'veth' })).filter((l) => l.name !== 'bv0' && l.name !== 'bv1');
  if (left.length) throw new Error(`veth pairs left after the run: ${left.map((l) => l.name).join(', ')}`);
  report(`veth add + delete: ${PAIRS} pairs (ip spawned: ${SPAWNED / 2})`, rows);
  console.log(`  sequential add+delete vs ip -batch: ${((batchMs / PAIRS) / (seqMs / PAIRS)).toFixed(2)}x faster`);
}

export async function run(): Promise<void> {
  const name = uniqueBenchName('links');
  const ns = await Namespace.create(name);
  try {
    await ns.links.add({ kind: 'veth', name: 'bv0', peer: { name: 'bv1' } });
    await benchSet(ns, name);
    await benchVeth(ns, name);
  } finally {
    await ns.delete();
  }
}
