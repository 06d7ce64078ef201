// Smoke test of `npm run bench -- firewall-helpers` (no timing asserted): both cases print their
// three figures, and the benchmark's namespace is gone afterwards.
import fs from 'node:fs';
import { run } from '../../scripts/bench/firewall-helpers';

test('both cases print nft spawned, apply() and deny(); no namespace is left', async () => {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { lines.push(a.join(' ')); });
  try {
    await run(['--runs=2']);
  } finally {
    log.mockRestore();
  }
  const figures = lines.flatMap((l) => l.split('\n')).filter((l) => / ms {2}/.test(l));
  expect(figures.map((l) => l.trim().split(/\s{2,}/)[0])).toEqual([
    'nft -f - (a process)', 'ns.firewall.apply(same text)', 'ns.firewall.deny(), handles echoed',
    'nft -f - (a process)', 'ns.firewall.apply(same text)', 'ns.firewall.deny(), handles echoed',
  ]);
  expect(fs.readdirSync('/run/netns').filter((n) => n.startsWith(`nsbench-fwh-${process.pid}-`))).toEqual([]);
}, 120_000);
