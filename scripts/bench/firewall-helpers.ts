// npm run bench -- firewall-helpers: what one call of ns.firewall's typed helpers costs, beside the
// same rules added by an `nft` process (ip netns exec NS nft -f -, the way before ns.firewall) and by
// ns.firewall.apply() (the same text, without the helper's chain listing and echoed handles), median
// of --runs=N (default 20) calls each, interleaved; once with an empty table, once with 1000 rules in
// chain input (which a deny adds to: what nft evaluates against grows with the chain).
import { spawnSync } from 'node:child_process';
import { Namespace } from '../../lib';
import { addScript, filterRules } from '../../lib/firewall/helper-rules';
import { parseFilter } from '../../lib/firewall/helper-options';
import { intFlag, median, now, uniqueBenchName } from './util';

function nftProcess(netns: string, text: string): number {
  const t0 = now();
  const r = spawnSync('ip', ['netns', 'exec', netns, 'nft', '-f', '-'], { input: text, stdio: ['pipe', 'ignore', 'pipe'] });
  const ms = now() - t0;
  if (r.status !== 0) throw new Error(`nft failed: ${r.stderr.toString().slice(0, 300)}`);
  return ms;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = now();
  await fn();
  return now() - t0;
}

export async function run(args: string[]): Promise<void> {
  const runs = intFlag(args, 'runs', 20);
  const name = uniqueBenchName('fwh');
  const ns = await Namespace.create(name);
  try {
    let port = 1;
    // The same two rules deny({ protocol: 'tcp', port }) adds, as the transaction it sends.
    const denyText = (p: number): string => addScript(filterRules(parseFilter({ protocol: 'tcp', port: p }), 'drop'), `bench-${p}`);
    await ns.firewall.deny({ protocol: 'tcp', port: port++ });  // the table and its chains exist from here on
    for (const [label, extra] of [['empty table', 0], ['1000 rules in chain input', 1000]] as const) {
      if (extra > 0) {
        let big = '';
        for (let i = 0; i < extra; i++) big += `add rule inet netns input tcp dport ${20000 + i} drop\n`;
        await ns.firewall.apply(big);
      }
      const proc: number[] = [], apply: number[] = [], deny: number[] = [];
      for (let i = 0; i < runs; i++) {
        proc.push(nftProcess(name, denyText(port++)));
        apply.push(await timed(() => ns.firewall.apply(denyText(port++))));
        deny.push(await timed(() => ns.firewall.deny({ protocol: 'tcp', port: port++ })));
      }
      const ref = median(proc);
      console.log(`\ndeny({ protocol: 'tcp', port }): two rules, ${label}, median of ${runs}`);
      for (const [what, ms] of [['nft -f - (a process)', ref], ['ns.firewall.apply(same text)', median(apply)], ['ns.firewall.deny(), handles echoed', median(deny)]] as const) {
        console.log(`  ${what.padEnd(36)} ${ms.toFixed(2).padStart(8)} ms  ${ms === ref ? 'reference' : ms <= ref ? `${(ref / ms).toFixed(2)}x faster` : `${(ms / ref).toFixed(2)}x slower`}`);
      }
    }
  } finally {
    await ns.delete();
  }
}
