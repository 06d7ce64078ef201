// npm run bench -- namespaces: create + delete of named namespaces, this library against
// `ip netns add/delete` spawned per namespace and against a plain C program, in the same run.
// Library and C alternate over several rounds (medians; the order rotated, each phase started once
// the kernel has freed the namespaces of the one before), each round a fresh C process; the
// library is measured warm (in this process, after a warm-up) and cold (a fresh node process
// that starts timing at its first create, as a short-lived program sees it).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Namespace } from '../../lib';
import { ip, median, report, runCReference, settle, timeIt, uniqueBenchName, type Row } from './util';

const COUNT = 200;
const ROUNDS = 5;
const TARGET = 1.15;

function leftovers(prefix: string): string[] {
  return fs.existsSync('/run/netns') ? fs.readdirSync('/run/netns').filter((n) => n.startsWith(prefix)) : [];
}

async function libraryLoop(prefix: string): Promise<number> {
  return timeIt(async () => {
    for (let i = 0; i < COUNT; i++) {
      const ns = await Namespace.create(`${prefix}-${i}`);
      await ns.delete();
    }
  });
}

// A fresh node process: loads the library, then times its first create+delete and the whole loop.
function coldRun(prefix: string): { firstMs: number; ms: number } {
  const lib = path.resolve(__dirname, '..', '..', 'lib');
  const script = `
    const { Namespace } = require(${JSON.stringify(lib)});
    (async () => {
      const now = () => Number(process.hrtime.bigint()) / 1e6;
      const t0 = now();
      let first;
      for (let i = 0; i < ${COUNT}; i++) {
        const ns = await Namespace.create(${JSON.stringify(prefix)} + '-' + i);
        await ns.delete();
        if (i === 0) first = now() - t0;
      }
      console.log(JSON.stringify({ firstMs: first, ms: now() - t0 }));
    })().catch((e) => { console.error(e); process.exitCode = 1; });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { firstMs: number; ms: number };
}

export async function run(): Promise<void> {
  const prefix = uniqueBenchName('ns');
  try {
    // Warm up: first use pays for loading the addon, starting its thread, preparing /run/netns.
    for (let i = 0; i < 10; i++) await (await Namespace.create(`${prefix}-warm-${i}`)).delete();

    const c: number[] = [];
    const warm: number[] = [];
    const cold: number[] = [];
    const first: number[] = [];
    const phases: (() => Promise<void> | void)[] = [
      () => {
        const cOut = runCReference('netns_create_delete', [`${prefix}-c${c.length}`, String(COUNT)]);
        if (cOut !== undefined) c.push(Number(cOut[0]));
      },
      async () => { warm.push(await libraryLoop(`${prefix}-lib${warm.length}`)); },
      () => {
        const coldOut = coldRun(`${prefix}-cold${cold.length}`);
        cold.push(coldOut.ms);
        first.push(coldOut.firstMs);
      },
    ];
    for (let r = 0; r < ROUNDS; r++) {
      // Rotated, so that no tool always follows the same one.
      for (let k = 0; k < phases.length; k++) {
        await settle();
        await phases[(r + k) % phases.length]();
      }
    }

    const ipMs = await timeIt(() => {
      for (let i = 0; i < COUNT; i++) {
        ip(['netns', 'add', `${prefix}-ip-${i}`]);
        ip(['netns', 'delete', `${prefix}-ip-${i}`]);
      }
    });

    const rows: Row[] = [];
    if (c.length) rows.push({ what: 'plain C (unshare + bind mount, umount + unlink)', ms: median(c), count: COUNT });
    rows.push({ what: 'netns create + delete, warm (awaited)', ms: median(warm), count: COUNT });
    rows.push({ what: 'netns create + delete, fresh process', ms: median(cold), count: COUNT });
    // The same without its first create + delete, which also loads the handle's modules.
    rows.push({ what: '  the same after its first create + delete', ms: median(cold.map((ms, i) => ms - first[i])), count: COUNT - 1 });
    rows.push({ what: '`ip netns add` + `ip netns delete` spawned', ms: ipMs, count: COUNT });
    report(`create + delete of ${COUNT} named namespaces (per create+delete; medians of ${ROUNDS} rounds)`, rows);
    console.log(`  fresh process, first create + delete: ${median(first).toFixed(2)} ms (after require: the first handle loads its modules and starts the namespace thread)`);
    const fmt = (xs: number[]): string => xs.map((x) => (x / COUNT * 1000).toFixed(0)).join(' ');
    console.log(`  rounds, µs/op: C ${fmt(c)} | warm ${fmt(warm)} | fresh ${fmt(cold)}`);
    if (c.length) {
      const ratio = (xs: number[]): string => (median(xs) / median(c)).toFixed(2);
      console.log(`  netns / C = ${ratio(warm)}x warm, ${ratio(cold)}x fresh process (target: within ${TARGET}x)`);
    }
    console.log(`  ip spawned / netns = ${(ipMs / median(warm)).toFixed(1)}x`);
  } finally {
    for (const n of leftovers(prefix)) execFileSync('ip', ['netns', 'delete', n]);
  }
}
