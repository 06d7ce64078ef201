// Link.flags as iproute2's print_link_flags makes them, from the flag word alone and with the
// parent's flags for M-DOWN (the live comparison with ip is test/integration/link-flags.test.ts).
import { ipFlagNames, markParentDown, parentToCheck } from '../../lib/codecs/link-flags';
import { IFF } from '../../lib/uapi/if';

test('RUNNING is never named; NO-CARRIER comes first when up without it; ip order otherwise', () => {
  expect(ipFlagNames(IFF.UP | IFF.RUNNING | IFF.LOWER_UP | IFF.BROADCAST | IFF.MULTICAST)).toEqual(['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP']);
  expect(ipFlagNames(IFF.UP | IFF.BROADCAST)).toEqual(['NO-CARRIER', 'BROADCAST', 'UP']);
  expect(ipFlagNames(IFF.RUNNING)).toEqual([]);  // down: no NO-CARRIER, and RUNNING unnamed
  expect(ipFlagNames(IFF.PROMISC | IFF.ALLMULTI | IFF.NOARP | IFF.LOOPBACK)).toEqual(['LOOPBACK', 'NOARP', 'ALLMULTI', 'PROMISC']);
});

test('bits without a name are one hex string, as ip -j prints them', () => {
  expect(ipFlagNames(IFF.UP | IFF.RUNNING | 0x80000 | 0x100000)).toEqual(['UP', '180000']);
  expect(ipFlagNames(0x80000000)).toEqual(['80000000']);
});

test('M-DOWN only for a parent in the same namespace that is down or unknown', () => {
  const link = (extra: object) => ({ flags: ['BROADCAST'], ...extra });
  expect(parentToCheck(link({}))).toBeUndefined();
  expect(parentToCheck(link({ parent: 4 }))).toBe(4);
  expect(parentToCheck(link({ parent: 4, namespaceId: 0 }))).toBeUndefined();
  // Inherited fields do not count (a polluted Object.prototype.parent names no parent).
  expect(parentToCheck(Object.create({ parent: 4 }) as { flags: string[] })).toBeUndefined();
  const down = link({ parent: 4 });
  markParentDown(down, IFF.BROADCAST);
  expect(down.flags).toEqual(['BROADCAST', 'M-DOWN']);
  const gone = link({ parent: 4 });
  markParentDown(gone, undefined);
  expect(gone.flags).toEqual(['BROADCAST', 'M-DOWN']);
  const up = link({ parent: 4 });
  markParentDown(up, IFF.UP);
  expect(up.flags).toEqual(['BROADCAST']);
});
