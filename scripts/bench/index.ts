// npm run bench [-- NAME ...]: runs the named benchmarks (all when none is named).
// Each benchmark is scripts/bench/NAME.ts exporting run(args), and compares this library with
// iproute2 in the same run, printing ratios.
import fs from 'node:fs';
import path from 'node:path';

interface Bench { run(args: string[]): Promise<void> }

async function main(): Promise<void> {
  const available = fs.readdirSync(__dirname)
    .filter((f) => f.endsWith('.js') && !['index.js', 'util.js'].includes(f))
    .map((f) => f.slice(0, -3)).sort();
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('-'));
  const flags = args.filter((a) => a.startsWith('-'));
  const chosen = names.length ? names : available;
  for (const name of chosen) {
    if (!available.includes(name)) throw new Error(`no benchmark "${name}"; have: ${available.join(', ')}`);
  }
  for (const name of chosen) {
    console.log(`\n== ${name} ==`);
    const bench = require(path.join(__dirname, name)) as Bench;
    await bench.run(flags);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
