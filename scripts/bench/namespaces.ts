// npm run bench -- namespaces: create + delete of named namespaces, this library against
// `ip netns add/delete` spawned per namespace and against a plain C program, in the same run.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { Namespace } from '../../lib';
import { ip, report, runCReference, timeIt, uniqueBenchName, type Row } from './util';

const COUNT = 200;

function leftovers(prefix: string): string[] {
  return fs.existsSync('/run/netns') ? fs.readdirSync('/run/netns').filter((n) => n.startsWith(prefix)) : [];
}

export async function run(): Promise<void> {
  const prefix = uniqueBenchName('ns');
  const rows: Row[] = [];
  try {
    // Warm up: first use pays for loading the addon and making /run/netns a mount point.
    for (let i = 0; i < 10; i++) await (await Namespace.create(`${prefix}-warm-${i}`)).delete();

    const cOut = runCReference('netns_create_delete', [`${prefix}-c`, String(COUNT)]);
    if (cOut !== undefined) rows.push({ what: 'plain C (unshare + bind mount, umount + unlink)', ms: Number(cOut[0]), count: COUNT });

    const libMs = await timeIt(async () => {
      for (let i = 0; i < COUNT; i++) {
        const ns = await Namespace.create(`${prefix}-lib-${i}`);
        await ns.delete();
      }
    });
    rows.push({ what: 'netns Namespace.create + delete (awaited)', ms: libMs, count: COUNT });

    const ipMs = await timeIt(() => {
      for (let i = 0; i < COUNT; i++) {
        ip(['netns', 'add', `${prefix}-ip-${i}`]);
        ip(['netns', 'delete', `${prefix}-ip-${i}`]);
      }
    });
    rows.push({ what: '`ip netns add` + `ip netns delete` spawned', ms: ipMs, count: COUNT });

    report(`create + delete of ${COUNT} named namespaces (per create+delete)`, rows);
    const c = rows.find((r) => r.what.startsWith('plain C'));
    if (c) console.log(`  netns / C = ${(libMs / c.ms).toFixed(2)}x (target: within 1.3x)`);
    console.log(`  ip spawned / netns = ${(ipMs / libMs).toFixed(1)}x`);
  } finally {
    for (const n of leftovers(prefix)) execFileSync('ip', ['netns', 'delete', n]);
  }
}
