// A program awaiting one request after another must let the event loop turn: the kernel answers
// inside sendmsg, so without care every promise settles in the same run of microtasks and timers,
// sockets and immediates wait for the whole loop of requests.
import { withNamespaces } from '../helpers';

test('an immediate queued before 2 000 awaited links.set runs while they are still going', async () => {
  await withNamespaces(1, async (a) => {
    await a.links.add({ kind: 'veth', name: 'el0', peer: { name: 'el1' } });
    let i = 0;
    let ranAt = -1;
    setImmediate(() => { ranAt = i; });
    for (; i < 2000; i++) await a.links.set('el0', { mtu: i & 1 ? 1400 : 1500 });
    // Before the change the immediate ran only once the loop was over (ranAt === 2000).
    expect(ranAt).toBeGreaterThanOrEqual(0);
    expect(ranAt).toBeLessThan(2000);
  });
});
