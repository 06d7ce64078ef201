// This library's side of `npm run bench -- firewall`: REPS applies of one case through
// ns.firewall.apply in a fresh process, inside a namespace the runner made. Opening the namespace
// is not timed; the first apply includes loading libnftables. Between reps of the whole ruleset the
// table is deleted, untimed. Prints one JSON line: {"ms": [each apply's ms]}.
// Usage: netns-worker NS text|json ruleset|one REPS
import { Namespace } from '../../../lib';
import { input, type CaseId, type Syntax } from './ruleset';

export async function main(args: string[]): Promise<void> {
  const [name, syntax, which, repsArg] = args as [string, Syntax, CaseId, string];
  const reps = Number(repsArg);
  if (!['text', 'json'].includes(syntax) || !['ruleset', 'one'].includes(which) || !(reps >= 1)) {
    throw new RangeError('usage: netns-worker NS text|json ruleset|one REPS');
  }
  const ns = await Namespace.open(name);
  const ms: number[] = [];
  try {
    for (let rep = 0; rep < reps; rep++) {
      const ruleset = input(which, syntax, rep);
      const t0 = performance.now();
      await ns.firewall.apply(ruleset);
      ms.push(performance.now() - t0);
      if (which === 'ruleset' && rep < reps - 1) await ns.firewall.delete({ family: 'inet', table: 'bench' });
    }
  } finally {
    ns.close();
  }
  console.log(JSON.stringify({ ms }));
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
