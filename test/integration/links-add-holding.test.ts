// links.add takes copies of namespace fds (the holder, released when the request settles) only
// for a spec that names a namespace: the usual spec names none and skips that machinery.
import * as heldNamespaces from '../../lib/transport/held-namespaces';
import { ipJson, nameOf, withNamespaces } from '../helpers';

test('the holder is used for a veth peer in another namespace, not for a spec naming none', async () => {
  await withNamespaces(2, async (a, b) => {
    const spy = jest.spyOn(heldNamespaces, 'holdingNamespaces');
    try {
      await a.links.add({ kind: 'bridge', name: 'br0' });
      await a.links.add({ kind: 'veth', name: 'v0', master: 'br0', peer: { name: 'v0p' } });
      expect(spy).not.toHaveBeenCalled();
      await a.links.add({ kind: 'veth', name: 'v1', peer: { name: 'v1p', namespace: b } });
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
    // What was made, as ip sees it.
    const names = (ns: typeof a) => ipJson(['-n', nameOf(ns), 'link', 'show']).then((l: any[]) => l.map((x) => x.ifname).sort());
    expect(await names(a)).toEqual(['br0', 'lo', 'v0', 'v0p', 'v1']);
    expect(await names(b)).toEqual(['lo', 'v1p']);
    const [v0] = await ipJson(['-n', nameOf(a), 'link', 'show', 'v0']);
    expect(v0.master).toBe('br0');
  });
});
