// links.add({ ..., namespace: other }): the device is created directly inside `other` in one
// request (IFLA_NET_NS_FD), never shows in the namespace the call is made on, has its parent
// looked up there and its master in `other`; and a veth's top-level mtu reaches its peer.
// Checked through ip (-n OTHER -j -d link) and a monitor on the calling namespace.
import { BatchError, Namespace, NetlinkError } from '../../lib';
import type { Link, LinkSpec } from '../../lib/types/link';
import type { MonitorEvent } from '../../lib/types/monitor';
import { NetlinkConnection } from '../../lib/transport/connection';
import { ip, ipJson, nameOf, withNamespaces } from '../helpers';
import { probeKinds } from './kind-probe';

const names = async (ns: Namespace): Promise<string[]> => (await ipJson(['-n', nameOf(ns), 'link', 'show'])).map((l: any) => l.ifname).sort();
const detail = async (ns: Namespace, dev: string): Promise<any> => (await ipJson(['-n', nameOf(ns), '-d', 'link', 'show', dev]))[0];

/**
 * Runs op while a monitor watches `here`'s links, then adds a marker device there with ip: every
 * link event up to the marker's is returned (the kernel sends them in order on one socket).
 */
async function linkEventsDuring(here: Namespace, op: () => Promise<unknown>): Promise<string[]> {
  const mon = here.monitor({ groups: ['link'] });
  try {
    const it = mon[Symbol.asyncIterator]();
    const seen: string[] = [];
    const until = (async () => {
      for (;;) {
        const r: IteratorResult<MonitorEvent> = await it.next();
        if (r.done) return;
        const name = (r.value.value as Link).name;
        if (name === 'marker0') return;
        seen.push(`${r.value.type} ${name}`);
      }
    })();
    await op();
    await ip(here, ['link', 'add', 'marker0', 'type', 'ifb']);
    await until;
    return seen;
  } finally {
    mon.close();
  }
}

/** Here a veth up0/up1 with mtu 1400, the parent of what is made elsewhere (its mtu shows whose it is). */
async function withParent(here: Namespace): Promise<number> {
  await ip(here, ['link', 'add', 'up0', 'mtu', '1400', 'type', 'veth', 'peer', 'name', 'up1', 'mtu', '1400']);
  return (await ipJson(['-n', nameOf(here), 'link', 'show', 'up0']))[0].ifindex;
}

/**
 * Makes spec inside a second namespace from the first, which has up0 (mtu 1400): the device must
 * show there only, with the mtu given (a parent's shows where it was looked up).
 */
async function bornElsewhere(kind: string, spec: LinkSpec & { name: string }, mtu: number): Promise<void> {
  await withNamespaces(2, async (here, other) => {
    const parentIndex = await withParent(here);
    const before = await names(here);
    let link: Link | undefined;
    const events = await linkEventsDuring(here, async () => { link = await here.links.add({ ...spec, namespace: other }); });
    expect(events.filter((e) => e.endsWith(` ${spec.name}`))).toEqual([]);
    expect(await names(here)).toEqual([...before, 'marker0'].sort());

    const seen = await detail(other, spec.name);
    expect(seen.linkinfo.info_kind).toBe(kind);
    expect(link).toMatchObject({ name: spec.name, kind, index: seen.ifindex, mtu });
    expect(seen.mtu).toBe(mtu);  // 1400 and 1350: the parent's, up0 here (other has none)
    if ('parent' in spec) {
      // IFLA_LINK is up0's index here, in the namespace link_netnsid names
      expect(seen.link_index).toBe(parentIndex);
      expect(seen.link_netnsid).toBeDefined();
      expect(link!.parent).toBe(parentIndex);
    }
  });
}

// Kinds this kernel may lack (vlan, ipvlan) are probed first: live where it has them, else the
// refusal is checked (and the request bytes in links-elsewhere-golden.test.ts).
const probe = probeKinds(['vlan', 'ipvlan']);

describe('links.add with namespace: created there in one request', () => {
  test.each([
    ['macvlan', { kind: 'macvlan', name: 'eth0', parent: 'up0', mode: 'bridge' }, 1400],
    ['vxlan', { kind: 'vxlan', name: 'vx0', vni: 42, port: 4789, dev: 'up0' }, 1350],
    ['bridge', { kind: 'bridge', name: 'br0', stp: false }, 1500],
    ['ifb', { kind: 'ifb', name: 'ifb0' }, 1500],
  ] as const)('%s: in other only, parent looked up here, read back from other', (kind, spec, mtu) => bornElsewhere(kind, spec, mtu));

  const probed = [
    ['vlan', { kind: 'vlan', name: 'eth0.10', parent: 'up0', id: 10 }],
    ['ipvlan', { kind: 'ipvlan', name: 'ipv0', parent: 'up0', mode: 'l2' }],
  ] as const;
  for (const [kind, spec] of probed) {
    const p = probe[kind];
    if (p.has) {
      test(`${kind}: in other only, parent looked up here, read back from other`, () => bornElsewhere(kind, spec, 1400));
      continue;
    }
    test.skip(`${kind}: in other only, parent looked up here [skipped: ${p.reason}]`, () => bornElsewhere(kind, spec, 1400));
    test(`${kind}: refused by this kernel (${p.reason}): NetlinkError, nothing made in either namespace`, async () => {
      await withNamespaces(2, async (here, other) => {
        await withParent(here);
        const err = await here.links.add({ ...spec, namespace: other }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(NetlinkError);
        expect(err).toMatchObject({ operation: 'RTM_NEWLINK' });
        expect(await names(here)).toEqual(['lo', 'up0', 'up1']);
        expect(await names(other)).toEqual(['lo']);
      });
    });
  }

  test('veth with both ends elsewhere: one end in other, the peer in a third, none here', async () => {
    await withNamespaces(3, async (here, other, third) => {
      const before = await names(here);
      const events = await linkEventsDuring(here, () => here.links.add({ kind: 'veth', name: 'e0', namespace: other, peer: { name: 'e1', namespace: third } }));
      expect(events).toEqual([]);
      expect(await names(here)).toEqual([...before, 'marker0'].sort());
      expect(await names(other)).toEqual(['e0', 'lo']);
      expect(await names(third)).toEqual(['e1', 'lo']);
    });
  });

  test('a veth peer without a namespace of its own goes with the link (the kernel alone would leave it here)', async () => {
    await withNamespaces(2, async (here, other) => {
      const link = await here.links.add({ kind: 'veth', name: 'e0', namespace: other, peer: { name: 'e1' } });
      expect(await names(here)).toEqual(['lo']);
      expect(await names(other)).toEqual(['e0', 'e1', 'lo']);
      expect(link.peerIndex).toBe((await detail(other, 'e1')).ifindex);
    });
  });

  test('master is looked up in other, where the device is enslaved (a bridge of the same name here is not it)', async () => {
    await withNamespaces(2, async (here, other) => {
      await ip(here, ['link', 'add', 'br0', 'type', 'bridge']);
      await ip(here, ['link', 'add', 'pad0', 'type', 'ifb']);  // indexes here and there differ
      await ip(other, ['link', 'add', 'br0', 'type', 'bridge']);
      const link = await here.links.add({ kind: 'ifb', name: 'ifb0', master: 'br0', namespace: other });
      expect((await detail(other, 'ifb0')).master).toBe('br0');
      expect(link.master).toBe((await detail(other, 'br0')).ifindex);
      expect(await ipJson(['-n', nameOf(here), 'link', 'show', 'master', 'br0'])).toEqual([]);
    });
  });

  test('tap: made inside other by its own means, options applied there', async () => {
    await withNamespaces(2, async (here, other) => {
      const link = await here.links.add({ kind: 'tap', name: 'tap0', mtu: 1400, namespace: other });
      expect(await names(here)).toEqual(['lo']);
      expect(link).toMatchObject({ name: 'tap0', mtu: 1400 });
      expect((await detail(other, 'tap0')).mtu).toBe(1400);
    });
  });

  test('a name taken in other: EEXIST, and nothing made here', async () => {
    await withNamespaces(2, async (here, other) => {
      await ip(other, ['link', 'add', 'ifb0', 'type', 'ifb']);
      const err = await here.links.add({ kind: 'ifb', name: 'ifb0', namespace: other }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NetlinkError);
      expect(err).toMatchObject({ code: 'EEXIST', operation: 'RTM_NEWLINK' });
      expect(await names(here)).toEqual(['lo']);
    });
  });

  test('an atomic batch that fails undoes the add there, and leaves the device of the same name here', async () => {
    await withNamespaces(2, async (here, other) => {
      await ip(here, ['link', 'add', 'ifb0', 'type', 'ifb']);
      const err = await here.batch((b) => {
        b.links.add({ kind: 'ifb', name: 'ifb0', namespace: other });
        b.links.add({ kind: 'ifb', name: 'ifb0' });  // EEXIST here
      }, { atomic: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BatchError);
      expect((err as BatchError).undoErrors).toEqual([]);
      expect(await names(here)).toEqual(['ifb0', 'lo']);
      expect(await names(other)).toEqual(['lo']);
    });
  });

  test('a closed other: ERR_INVALID_ARG_VALUE through the promise, before any request', async () => {
    await withNamespaces(1, async (here) => {
      const other = await Namespace.create();
      other.close();
      const spy = jest.spyOn(NetlinkConnection.prototype, 'request');
      try {
        const p = here.links.add({ kind: 'ifb', name: 'ifb0', namespace: other });
        await expect(p).rejects.toMatchObject({ name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });
        expect(spy).not.toHaveBeenCalled();
      } finally {
        spy.mockRestore();
      }
      expect(await names(here)).toEqual(['lo']);
    });
  });
});

describe('veth mtu', () => {
  test('mtu at the top applies to the peer unless the peer gives its own', async () => {
    await withNamespaces(2, async (here, other) => {
      await here.links.add({ kind: 'veth', name: 'm0', mtu: 1400, peer: { name: 'm1' } });
      await here.links.add({ kind: 'veth', name: 'n0', mtu: 1400, peer: { name: 'n1', mtu: 1300 } });
      await here.links.add({ kind: 'veth', name: 'o0', mtu: 1280, peer: { name: 'o1', namespace: other } });
      const mtus = async (ns: Namespace) => Object.fromEntries((await ipJson(['-n', nameOf(ns), 'link', 'show'])).map((l: any) => [l.ifname, l.mtu]));
      expect(await mtus(here)).toMatchObject({ m0: 1400, m1: 1400, n0: 1400, n1: 1300, o0: 1280 });
      expect((await mtus(other)).o1).toBe(1280);
    });
  });
});
