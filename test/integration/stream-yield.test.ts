// A consumer that keeps up with routes.stream() gets its items without the event loop turning
// (each next() resolves at once); the stream makes it wait for the loop's next turn after a
// millisecond of that, so timers and I/O are not held back for a whole socket read (~1 000 routes)
// or a paused consumer's backlog.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ip, nameOf, withNamespaces } from '../helpers';
import { vethPair } from './veth-setup';

const ROUTES = 3000;

/** Busy for at least us microseconds: a consumer's own work per item. */
function work(us: number): void {
  const end = performance.now() + us / 1000;
  while (performance.now() < end) { /* busy */ }
}

test('a consumer that keeps up lets the event loop turn at least every 64 items after 1 ms', () => withNamespaces(1, async (ns) => {
  await vethPair(ns);
  const file = path.join(os.tmpdir(), `${nameOf(ns)}.batch`);
  fs.writeFileSync(file, Array.from({ length: ROUTES }, (_, i) => `route add 10.77.${i >> 8}.${i & 255}/32 via 10.0.0.2 table 100`).join('\n') + '\n');
  try { await ip(ns, ['-batch', file]); } finally { fs.rmSync(file, { force: true }); }

  // Turns of the event loop, counted by an immediate that schedules itself.
  let turn = 0;
  let done = false;
  const tick = (): void => { turn++; if (!done) setImmediate(tick); };
  setImmediate(tick);
  let seen = 0, inTurn = 0, mostInOneTurn = 0, lastTurn = -1;
  try {
    for await (const r of ns.routes.stream({ table: 100 })) {
      if (r.table !== 100) continue;
      seen++;
      if (turn !== lastTurn) { lastTurn = turn; inTurn = 0; }
      mostInOneTurn = Math.max(mostInOneTurn, ++inTurn);
      work(20);  // 64 items take over 1 ms whatever the machine
    }
  } finally {
    done = true;
  }
  expect(seen).toBe(ROUTES);
  // One socket read holds ~1 000 of these routes: without the yield they all came in one turn.
  expect(mostInOneTurn).toBeLessThanOrEqual(65);
  expect(mostInOneTurn).toBeGreaterThanOrEqual(64);
}));
