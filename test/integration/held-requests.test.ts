// An atomic batch's held requests once the batch is dropped: an operation that sends a request
// later (after awaiting something else) is refused, not sent straight to the kernel.
import { HeldRequests } from '../../lib/transport/held-requests';
import { heldView } from '../../lib/collections/batch-view';
import { contextOf } from '../../lib/collections/context';
import { ipJson, nameOf, withNamespaces } from '../helpers';

test('after drop(), request() and ready() reject with the reason and nothing is made', async () => {
  await withNamespaces(1, async (ns) => {
    const held = new HeldRequests(() => ns.netlink());
    const view = heldView(contextOf(ns), held);
    const reason = Object.assign(new Error('batch not sent'), { code: 'ERR_NETNS_BATCH_ABORTED' });
    held.drop(reason);
    expect(held.released).toBe(false);
    await expect(held.ready()).rejects.toBe(reason);
    await expect(view.links.add({ kind: 'dummy', name: 'late0' })).rejects.toBe(reason);
    await expect(view.addresses.add('lo', '10.77.0.1/32')).rejects.toBe(reason);
    // The kernel's view: no late0, and lo has only its own addresses.
    const names = (await ipJson(['-n', nameOf(ns), 'link', 'show'])).map((l: any) => l.ifname);
    expect(names).toEqual(['lo']);
    const [lo] = await ipJson(['-n', nameOf(ns), 'addr', 'show', 'lo']);
    expect(lo.addr_info.map((a: any) => a.local)).not.toContain('10.77.0.1');
  });
});
