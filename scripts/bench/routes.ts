// npm run bench -- routes [--count=N]: install N (default 100 000) IPv4 /32 routes into one table,
// dump them, delete them; this library (one awaited add at a time, and all adds issued at once)
// against `ip -batch` in the same run, in a namespace of its own. Also measures the dump into
// typed Route objects (list and stream) against `ip -j route show` + JSON.parse, and the extra
// memory stream() needs.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Namespace } from '../../lib';
import type { Route } from '../../lib/types/route';
import { compareCodecs } from './codec-choice';
import { measuringLoopDelay } from './peers/loop-delay';
import { ipBatch, median, now, report, runCReference, timeIt, uniqueBenchName, type Row } from './util';

const TABLE = 100;
const GATEWAY = '10.0.0.2';
const MiB = 1024 * 1024;

/** N distinct /32s in 198.18.0.0/15, the benchmarking range (RFC 2544). */
function prefixes(count: number): string[] {
  if (count > 131072) throw new RangeError('at most 131072 routes fit in 198.18.0.0/15');
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(`198.${18 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32`);
  return out;
}

/**
 * Peak memory of one dump in a fresh process (nothing else on its heap): rss and heapUsed above
 * the level right before the dump, sampled every 1024 routes and at the end.
 */
function memoryInFreshProcess(ns: string, how: 'list' | 'stream'): { rss: number; heap: number; count: number } {
  const libPath = path.resolve(__dirname, '..', '..', 'lib');
  const script = `
    const { Namespace } = require(${JSON.stringify(libPath)});
    (async () => {
      const ns = await Namespace.open(${JSON.stringify(ns)});
      await ns.routes.list({ table: 1 });            // load and warm the code paths
      global.gc();
      const base = process.memoryUsage();
      let rss = 0, heap = 0, count = 0;
      const sample = () => { const m = process.memoryUsage(); rss = Math.max(rss, m.rss - base.rss); heap = Math.max(heap, m.heapUsed - base.heapUsed); };
      if (${JSON.stringify(how)} === 'list') { const all = await ns.routes.list({ table: ${TABLE} }); count = all.length; sample(); }
      else for await (const r of ns.routes.stream({ table: ${TABLE} })) { if ((++count & 1023) === 0) sample(); }
      sample();
      ns.close();
      console.log(JSON.stringify({ rss, heap, count }));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const out = execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { rss: number; heap: number; count: number };
}

function ipRouteCount(ns: string): number {
  const r = spawnSync('ip', ['-n', ns, '-4', 'route', 'show', 'table', String(TABLE)], { maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`ip route show failed: ${r.stderr.toString()}`);
  const text = r.stdout.toString();
  return text.length === 0 ? 0 : text.trimEnd().split('\n').length;
}

function expectCount(ns: string, want: number, after: string): void {
  const got = ipRouteCount(ns);
  if (got !== want) throw new Error(`after ${after}: ip route show table ${TABLE} lists ${got} routes, expected ${want}`);
}

/** `ip -j route show table T` + JSON.parse, spawn included, as a script would do it. */
function ipJsonDump(ns: string): { ms: number; count: number } {
  const t0 = now();
  const r = spawnSync('ip', ['-n', ns, '-j', 'route', 'show', 'table', String(TABLE)], { maxBuffer: 1 << 30 });
  const routes = JSON.parse(r.stdout.toString()) as unknown[];
  return { ms: now() - t0, count: routes.length };
}

/** A first dump in a fresh process (the peers benchmark's worker): ms, count and event-loop delay. */
interface FreshDump { ms: number; count: number; p99: number; gap: number }
function freshDump(ns: string, how: 'list' | 'stream'): FreshDump {
  const worker = path.resolve(__dirname, 'peers', 'netns-worker.js');
  const out = execFileSync(process.execPath, [worker, 'dump', ns, String(TABLE), how], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as FreshDump;
}

/** scripts/bench/c/route_dump.c: the same dump into C structs (ms), or undefined without a compiler. */
function cDump(ns: string, count: number): number | undefined {
  const out = runCReference('route_dump', [`/run/netns/${ns}`, String(TABLE)]);
  if (!out) return undefined;
  const [ms, got] = out[0].split(' ').map(Number);
  if (got !== count) throw new Error(`route_dump listed ${got} routes, expected ${count}`);
  return ms;
}

/** Fresh-process runs: the C reference, list() and stream(), alternated so load drifts hit all alike. */
const FRESH_RUNS = 5;

interface MemoryPeak { rss: number; heap: number }

/** Drives fn while sampling memory; returns the peak growth over the level before it started. */
async function withPeakMemory(fn: (sample: () => void) => Promise<void>): Promise<MemoryPeak> {
  const base = process.memoryUsage();
  const peak = { rss: 0, heap: 0 };
  const sample = (): void => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss - base.rss);
    peak.heap = Math.max(peak.heap, m.heapUsed - base.heapUsed);
  };
  await fn(sample);
  sample();
  return peak;
}

// A full collection between phases, so one phase's garbage is not billed to the next and memory
// is measured from a clean baseline (the same as running node --expose-gc).
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;
function gc(): void {
  collect();
}

/** Dumps are repeated (they change nothing); the median run is reported, for each side alike. */
const DUMP_RUNS = 5;

export async function run(args: string[]): Promise<void> {
  const countArg = args.find((a) => a.startsWith('--count='));
  const count = countArg ? Number(countArg.slice('--count='.length)) : 100_000;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`bad --count: ${countArg}`);
  const name = uniqueBenchName('routes');
  const dsts = prefixes(count);
  const ns = await Namespace.create(name);
  const install: Row[] = [];
  const dump: Row[] = [];
  const remove: Row[] = [];
  const notes: string[] = [];
  try {
    // A link with an on-link gateway, inside the benchmark's own namespace only.
    const sh = (a: string[]): void => { execFileSync('ip', ['-n', name, ...a], { stdio: 'inherit' }); };
    sh(['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
    sh(['link', 'set', 'v0', 'up']);
    sh(['link', 'set', 'v1', 'up']);
    sh(['addr', 'add', '10.0.0.1/24', 'dev', 'v0']);
    console.log(`namespace ${name}: ${count} routes "198.18.x.y/32 via ${GATEWAY} table ${TABLE}"; node ${process.version}`);

    // Warm up both sides (page cache for ip, JIT for us) on a small set.
    const warm = dsts.slice(0, 1000);
    ipBatch(warm.map((d) => `route add ${d} via ${GATEWAY} table ${TABLE}`), name);
    ipBatch(warm.map((d) => `route del ${d} table ${TABLE}`), name);
    await Promise.all(warm.map((dst) => ns.routes.add({ dst, via: GATEWAY, table: TABLE })));
    await ns.routes.list({ table: TABLE });
    await Promise.all(warm.map((dst) => ns.routes.delete({ dst, table: TABLE })));
    expectCount(name, 0, 'warm-up');

    // ---- ip -batch ----
    install.push({ what: 'ip -batch route add', count, ms: ipBatch(dsts.map((d) => `route add ${d} via ${GATEWAY} table ${TABLE}`), name) });
    expectCount(name, count, 'ip -batch add');
    const ipDumpMs: number[] = [];
    for (let i = 0; i < DUMP_RUNS; i++) {
      gc();
      const ipDump = ipJsonDump(name);
      if (ipDump.count !== count) throw new Error(`ip -j listed ${ipDump.count} routes`);
      ipDumpMs.push(ipDump.ms);
    }
    dump.push({ what: `ip -j route show + JSON.parse (median of ${DUMP_RUNS})`, count, ms: median(ipDumpMs) });
    remove.push({ what: 'ip -batch route del', count, ms: ipBatch(dsts.map((d) => `route del ${d} table ${TABLE}`), name) });
    expectCount(name, 0, 'ip -batch del');

    // ---- this library, one awaited add at a time ----
    gc();
    install.push({
      what: 'routes.add, awaited one by one', count,
      ms: await timeIt(async () => { for (const dst of dsts) await ns.routes.add({ dst, via: GATEWAY, table: TABLE }); }),
    });
    expectCount(name, count, 'awaited adds');

    // dump into typed Route objects
    const cMs: number[] = [];
    const firstList: FreshDump[] = [];
    const firstStream: FreshDump[] = [];
    for (let i = 0; i < FRESH_RUNS; i++) {
      const c = cDump(name, count);
      if (c !== undefined) cMs.push(c);
      for (const [how, runs] of [['list', firstList], ['stream', firstStream]] as const) {
        const r = freshDump(name, how);
        if (r.count !== count) throw new Error(`a fresh ${how}() saw ${r.count} routes`);
        runs.push(r);
      }
    }
    const listMs: number[] = [];
    const streamMs: number[] = [];
    const listP99: number[] = [];
    const streamP99: number[] = [];
    let listMem: MemoryPeak = { rss: 0, heap: 0 };
    let streamMem: MemoryPeak = { rss: 0, heap: 0 };
    for (let i = 0; i < DUMP_RUNS; i++) {
      gc();
      let listed: Route[] = [];
      const mem = await withPeakMemory(async (sample) => {
        const { result: ms, delay } = await measuringLoopDelay(() => timeIt(async () => { listed = await ns.routes.list({ table: TABLE }); }));
        listMs.push(ms);
        listP99.push(delay.p99);
        sample();
        if (listed.length !== count) throw new Error(`list returned ${listed.length} routes`);
        if (listed.some((r) => r.via !== GATEWAY || r.table !== TABLE || r.dstLength !== 32)) throw new Error('list returned a route that is not ours');
      });
      listed = [];
      listMem = { rss: Math.max(listMem.rss, mem.rss), heap: Math.max(listMem.heap, mem.heap) };
    }
    // The list rounds, then the stream rounds: both build their objects at one allocation site,
    // which V8 allocates in the old generation once most of them survive (list) and in the young
    // one again once most die (stream), recompiling the decoder each time; alternating would time
    // those switches, not either way of reading.
    for (let i = 0; i < DUMP_RUNS; i++) {
      gc();
      let streamed = 0;
      const smem = await withPeakMemory(async (sample) => {
        const { result: ms, delay } = await measuringLoopDelay(() => timeIt(async () => {
          for await (const r of ns.routes.stream({ table: TABLE })) {
            if (r.via === GATEWAY) streamed++;
            if ((streamed & 1023) === 0) sample();
          }
        }));
        streamMs.push(ms);
        streamP99.push(delay.p99);
      });
      if (streamed !== count) throw new Error(`stream yielded ${streamed} routes`);
      streamMem = { rss: Math.max(streamMem.rss, smem.rss), heap: Math.max(streamMem.heap, smem.heap) };
    }
    dump.push({ what: `routes.list -> Route[] (median of ${DUMP_RUNS})`, count, ms: median(listMs) });
    dump.push({ what: `routes.stream, for await (median of ${DUMP_RUNS})`, count, ms: median(streamMs) });
    const freshMs = (runs: FreshDump[]): number => median(runs.map((r) => r.ms));
    dump.push({ what: `routes.list, fresh process (median of ${FRESH_RUNS})`, count, ms: freshMs(firstList) });
    dump.push({ what: `routes.stream, fresh process (median of ${FRESH_RUNS})`, count, ms: freshMs(firstStream) });
    if (cMs.length) dump.push({ what: `C, into structs, fresh process (median of ${FRESH_RUNS})`, count, ms: median(cMs) });
    const p99 = (xs: number[]): string => `${median(xs).toFixed(1)} (worst ${Math.max(...xs).toFixed(1)})`;
    notes.push(`fresh-process runs (ms): list ${firstList.map((r) => r.ms.toFixed(0)).join('/')}, stream ${firstStream.map((r) => r.ms.toFixed(0)).join('/')}, C ${cMs.map((x) => x.toFixed(0)).join('/')}`);
    notes.push(`event-loop delay p99 during the dump, ms (median of runs): list ${p99(listP99)}, stream ${p99(streamP99)}; ` +
      `fresh process: list ${p99(firstList.map((r) => r.p99))}, stream ${p99(firstStream.map((r) => r.p99))}`);
    notes.push(`dump runs (ms): ip -j ${ipDumpMs.map((x) => x.toFixed(0)).join('/')}, list ${listMs.map((x) => x.toFixed(0)).join('/')}, stream ${streamMs.map((x) => x.toFixed(0)).join('/')}`);
    notes.push(`peak memory above the level before the dump, in this process: list() rss +${(listMem.rss / MiB).toFixed(1)} MiB, heap +${(listMem.heap / MiB).toFixed(1)} MiB; ` +
      `stream() rss +${(streamMem.rss / MiB).toFixed(1)} MiB, heap +${(streamMem.heap / MiB).toFixed(1)} MiB (heapUsed counts garbage not yet collected)`);
    const freshList = memoryInFreshProcess(name, 'list');
    const freshStream = memoryInFreshProcess(name, 'stream');
    if (freshList.count !== count || freshStream.count !== count) throw new Error(`fresh-process dumps saw ${freshList.count}/${freshStream.count} routes`);
    notes.push(`peak memory in a fresh process (node --expose-gc, baseline after gc): list() rss +${(freshList.rss / MiB).toFixed(1)} MiB, heap +${(freshList.heap / MiB).toFixed(1)} MiB; ` +
      `stream() rss +${(freshStream.rss / MiB).toFixed(1)} MiB, heap +${(freshStream.heap / MiB).toFixed(1)} MiB`);
    // The target is judged in the fresh process: in this one, heapUsed also counts the garbage of
    // earlier phases and of the dump that V8 has not collected yet, and rss the heap it keeps.
    streamMem = { rss: freshStream.rss, heap: freshStream.heap };

    gc();
    const codecVerdict = await compareCodecs(ns, dsts, GATEWAY, TABLE);

    gc();
    remove.push({
      what: 'routes.delete, all issued at once', count,
      ms: await timeIt(async () => { await Promise.all(dsts.map((dst) => ns.routes.delete({ dst, table: TABLE }))); }),
    });
    expectCount(name, 0, 'concurrent deletes');

    // ---- this library, every add issued without awaiting each ----
    gc();
    install.push({
      what: 'routes.add, all issued at once (Promise.all)', count,
      ms: await timeIt(async () => { await Promise.all(dsts.map((dst) => ns.routes.add({ dst, via: GATEWAY, table: TABLE }))); }),
    });
    expectCount(name, count, 'concurrent adds');
    gc();
    remove.push({
      what: 'routes.delete, awaited one by one', count,
      ms: await timeIt(async () => { for (const dst of dsts) await ns.routes.delete({ dst, table: TABLE }); }),
    });
    expectCount(name, 0, 'awaited deletes');

    report(`install ${count} IPv4 /32 routes (table ${TABLE})`, install);
    report(`dump ${count} routes`, dump);
    report(`delete ${count} routes`, remove);
    console.log('');
    for (const n of notes) console.log(`  ${n}`);
    const per = (r: Row): number => r.ms / r.count;
    const concurrentRatio = per(install[0]) / per(install[2]);
    const listRatio = per(dump[0]) / per(dump[1]);
    const streamRatio = per(dump[0]) / per(dump[2]);
    console.log('\ntargets');
    console.log(`  concurrent add >= 2x ip -batch:            ${concurrentRatio.toFixed(2)}x  ${concurrentRatio >= 2 ? 'met' : 'MISSED'}`);
    console.log(`  typed dump (list) >= 2x ip -j + JSON.parse: ${listRatio.toFixed(2)}x  ${listRatio >= 2 ? 'met' : 'MISSED'}`);
    console.log(`  typed dump (stream) vs ip -j + JSON.parse:  ${streamRatio.toFixed(2)}x`);
    if (cMs.length) {
      const c = median(cMs);
      const vsC = (what: string, ms: number): void => {
        console.log(`  ${what} <= 2.5x C (${c.toFixed(0)} ms):`.padEnd(46) + ` ${(ms / c).toFixed(2)}x  ${ms <= 2.5 * c ? 'met' : 'MISSED'}`);
      };
      vsC('list(), fresh process', freshMs(firstList));
      vsC('list(), warm', median(listMs));
    }
    const streamVsList = median(streamMs) / median(listMs);
    console.log(`  stream() within 10% of list() (warm):         ${streamVsList.toFixed(2)}x  ${streamVsList <= 1.1 ? 'met' : 'MISSED'}`);
    const worstP99 = Math.max(median(listP99), median(streamP99), ...[...firstList, ...firstStream].map((r) => r.p99));
    console.log(`  event-loop delay p99 < 5 ms during dumps:     ${worstP99.toFixed(1)} ms  ${worstP99 < 5 ? 'met' : 'MISSED'}`);
    const worst = Math.max(streamMem.rss, streamMem.heap);
    console.log(`  stream extra memory < 50 MiB (fresh process, worst of rss/heap): +${(worst / MiB).toFixed(1)} MiB  ${worst < 50 * MiB ? 'met' : 'MISSED'}`);
    console.log(`  codec in TypeScript, not C++ (docs/design.md): ${codecVerdict}`);
  } finally {
    await ns.delete();
  }
}
