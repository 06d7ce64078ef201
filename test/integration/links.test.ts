// ns.links list/get/add/set/delete against the real kernel, checked with `ip -j -n NS link show`.
import { Namespace, NetlinkError } from '../../lib';
import { ip, ipJson, nameOf, withNamespaces } from '../helpers';

const show = async (ns: Namespace, dev: string): Promise<any> => (await ipJson(['-n', nameOf(ns), '-d', 'link', 'show', 'dev', dev]))[0];
const names = async (ns: Namespace): Promise<string[]> => (await ipJson(['-n', nameOf(ns), 'link', 'show'])).map((l: any) => l.ifname).sort();

test('set: up, mtu, address, alias, txqueuelen, then down and a rename', async () => {
  await withNamespaces(1, async (ns) => {
    await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    await ns.links.set('v1', { up: true });
    await ns.links.set('v0', { up: true, mtu: 1400, address: '02:00:00:00:00:aa', alias: 'uplink', txqueuelen: 500 });
    const shown = await show(ns, 'v0');
    expect(shown).toMatchObject({ mtu: 1400, address: '02:00:00:00:00:aa', ifalias: 'uplink', txqlen: 500 });
    expect(shown.flags).toContain('UP');
    const got = await ns.links.get('v0');
    expect(got).toMatchObject({ up: true, mtu: 1400, address: '02:00:00:00:00:aa', alias: 'uplink', txqueuelen: 500, index: shown.ifindex });
    expect(got.flags).toContain('UP');
    // Both ends up: carrier, and the 64-bit counters are there.
    expect(got.operState).toBe('up');
    expect(typeof got.stats?.rxBytes).toBe('number');
    await ns.links.set(got.index, { up: false, alias: null });
    expect((await show(ns, 'v0')).flags).not.toContain('UP');
    expect((await show(ns, 'v0')).ifalias).toBeUndefined();
    await ns.links.set('v0', { name: 'uplink0' });
    expect(await names(ns)).toEqual(['lo', 'uplink0', 'v1']);
    expect((await ns.links.get('uplink0')).index).toBe(got.index);
  });
});

test('set master: enslave to a bridge, list its ports, release with null', async () => {
  await withNamespaces(1, async (ns) => {
    const br = await ns.links.add({ kind: 'bridge', name: 'br0' });
    await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    await ns.links.set('v0', { master: 'br0' });
    expect((await show(ns, 'v0')).master).toBe('br0');
    const port = await ns.links.get('v0');
    expect(port.master).toBe(br.index);
    expect(port.portKind).toBe('bridge');
    expect((await ns.links.list({ master: 'br0' })).map((l) => l.name)).toEqual(['v0']);
    await ns.links.set('v0', { master: null });
    expect((await show(ns, 'v0')).master).toBeUndefined();
    expect(await ns.links.list({ master: 'br0' })).toEqual([]);
    // Common options on creation: enslaved and up from the start.
    const v2 = await ns.links.add({ kind: 'veth', name: 'v2', peer: { name: 'v3' }, master: 'br0', up: true, address: '02:00:00:00:00:02' });
    const shown = await show(ns, 'v2');
    expect(shown).toMatchObject({ master: 'br0', address: '02:00:00:00:00:02' });
    expect(shown.flags).toContain('UP');
    expect(v2).toMatchObject({ master: br.index, up: true, address: '02:00:00:00:00:02' });
  });
});

test('list and get agree with ip link show; a kind filter', async () => {
  await withNamespaces(1, async (ns) => {
    await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    await ns.links.add({ kind: 'bridge', name: 'br0' });
    const listed = await ns.links.list();
    const shown = await ipJson(['-n', nameOf(ns), 'link', 'show']);
    expect(listed.map((l) => [l.index, l.name, l.mtu])).toEqual(shown.map((l: any) => [l.ifindex, l.ifname, l.mtu]));
    expect((await ns.links.list({ kind: 'veth' })).map((l) => l.name).sort()).toEqual(['v0', 'v1']);
    const lo = await ns.links.get(1);
    expect(lo).toMatchObject({ name: 'lo', flags: expect.arrayContaining(['LOOPBACK']) });
    expect(lo.kind).toBeUndefined();
    // Attributes without a decoder are kept, by number.
    expect(Object.keys(lo.raw).length).toBeGreaterThan(0);
    expect(lo.raw[26 /* IFLA_AF_SPEC */]).toBeInstanceOf(Buffer);
  });
});

test('kernel refusals: ENODEV for a missing link, EEXIST for a taken name, the extended ack in the message', async () => {
  await withNamespaces(1, async (ns) => {
    await ns.links.add({ kind: 'ifb', name: 'ifb0' });
    for (const op of [() => ns.links.delete('nope0'), () => ns.links.set('nope0', { mtu: 1500 }), () => ns.links.get('nope0'),
      () => ns.links.delete(9999), () => ns.links.set(9999, { up: true })]) {
      const err = await op().catch((e) => e);
      expect(err).toBeInstanceOf(NetlinkError);
      expect(err).toMatchObject({ code: 'ENODEV', errno: 19 });
    }
    const exists = await ns.links.add({ kind: 'ifb', name: 'ifb0' }).catch((e) => e);
    expect(exists).toBeInstanceOf(NetlinkError);
    expect(exists).toMatchObject({ code: 'EEXIST', operation: 'RTM_NEWLINK' });
    // Within what this library checks, beyond what a veth takes (65535): the kernel's refusal.
    await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    const tooBig = await ns.links.set('v0', { mtu: 70000 }).catch((e) => e);
    expect(tooBig).toBeInstanceOf(NetlinkError);
    expect(tooBig.code).toBe('EINVAL');
    expect(tooBig.message).toContain(tooBig.extack.message);
    const unknown = await ns.links.add({ kind: 'nosuchkind', name: 'x0' }).catch((e) => e);
    expect(unknown.message).toContain('Unknown device type');
  });
});

test('argument errors are typed and thrown before any system call', async () => {
  await withNamespaces(2, async (ns, other) => {
    await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    const closed = await Namespace.create();
    closed.close();
    const conn = ns.netlink();
    const spy = jest.spyOn(conn, 'request');
    const cases: Array<[() => Promise<unknown>, string, ErrorConstructor]> = [
      [() => ns.links.add({ kind: 'veth', name: 'v2', peer: { name: 'v3', namespace: closed } }), 'ERR_INVALID_ARG_VALUE', TypeError],
      [() => ns.links.add({ kind: 'veth', name: 'v2', peer: { name: 'v3', namespace: 'red' as never } }), 'ERR_INVALID_ARG_TYPE', TypeError],
      [() => ns.links.set('v0', { mtu: 10 }), 'ERR_OUT_OF_RANGE', RangeError],
      [() => ns.links.set('v0', { mtu: 2 ** 31 }), 'ERR_OUT_OF_RANGE', RangeError],
      [() => ns.links.set('v0', { mtu: 1500.5 }), 'ERR_OUT_OF_RANGE', RangeError],
      [() => ns.links.set('v0', { mtu: '1500' as never }), 'ERR_INVALID_ARG_TYPE', TypeError],
      [() => ns.links.set('v0', { address: '02:00:00:00:00' }), 'ERR_INVALID_ARG_VALUE', TypeError],
      [() => ns.links.set('v0', { address: '02:00:00:00:00:00:01' }), 'ERR_INVALID_ARG_VALUE', TypeError],
      [() => ns.links.set('v0', { name: 'a-name-of-16-byt' }), 'ERR_OUT_OF_RANGE', RangeError],
      [() => ns.links.add({ kind: 'ifb', name: 'a-name-of-16-byt' }), 'ERR_OUT_OF_RANGE', RangeError],
      [() => ns.links.add({ kind: 'veth', name: 'v2', peer: { name: 'x'.repeat(16) } }), 'ERR_OUT_OF_RANGE', RangeError],
      [() => ns.links.add({ kind: 'veth', name: 'v2', peer: { name: 'v3', mtu: 2 ** 31 } }), 'ERR_OUT_OF_RANGE', RangeError],
      [() => ns.links.add({ kind: 'veth', name: 'v2', peer: { name: 'v3', address: '02:00' } }), 'ERR_INVALID_ARG_VALUE', TypeError],
      [() => ns.links.set('v0', { namespace: closed }), 'ERR_INVALID_ARG_VALUE', TypeError],
      [() => ns.links.set('v0', { mtuu: 1500 } as never), 'ERR_INVALID_ARG_VALUE', TypeError],
      [() => ns.links.add({ kind: 'vxlan', name: 'vx0', vni: 2 ** 24 } as never), 'ERR_OUT_OF_RANGE', RangeError],
      [() => ns.links.add({ kind: 'vxlan', name: 'vx0', vni: 1, remote: '10.0.0.300' }), 'ERR_INVALID_ARG_VALUE', TypeError],
      [() => ns.links.add({ kind: 'macvlan', name: 'mv0', parent: 'v0', mode: 'bridged' as never }), 'ERR_INVALID_ARG_VALUE', TypeError],
      [() => ns.links.add({ kind: 'vlan', name: 'v0.5000', parent: 'v0', id: 5000 }), 'ERR_OUT_OF_RANGE', RangeError],
      [() => ns.links.add({ kind: 'bridge', name: 'br0', stp: 'no' as never }), 'ERR_INVALID_ARG_TYPE', TypeError],
      [() => ns.links.delete(''), 'ERR_INVALID_ARG_VALUE', TypeError],
      [() => ns.links.delete(-1), 'ERR_OUT_OF_RANGE', RangeError],
    ];
    for (const [op, code, Ctor] of cases) {
      let err: unknown;
      try { await op(); } catch (e) { err = e; }
      expect({ code: (err as { code?: string })?.code, isType: err instanceof Ctor, msg: String(err) }).toMatchObject({ code, isType: true });
    }
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    // Nothing was created anywhere.
    expect(await names(ns)).toEqual(['lo', 'v0', 'v1']);
    expect(await names(other)).toEqual(['lo']);
  });
});

test('a device moved across three namespaces and back, read back in each', async () => {
  await withNamespaces(4, async (a, b, c, peerNs) => {
    // The peer stays in a fourth namespace: a veth never points into one the test did not make.
    const made = await a.links.add({ kind: 'veth', name: 'mv0', peer: { name: 'mv1', namespace: peerNs } });
    let here = made;
    const path: Array<[Namespace, Namespace]> = [[a, b], [b, c], [c, a]];
    for (const [from, to] of path) {
      const moved = await from.links.set(here.index, { namespace: to });
      expect(moved.name).toBe('mv0');
      expect(await names(from)).not.toContain('mv0');
      const shown = await show(to, 'mv0');
      expect(moved.index).toBe(shown.ifindex);
      // The peer (in peerNs) is named by the NSID that `to` uses for peerNs.
      expect(moved.namespaceId).toBe(await to.id(peerNs));
      expect(moved.peerIndex).toBe((await peerNs.links.get('mv1')).index);
      here = moved;
    }
    // Move and rename and bring up in one request.
    const last = await a.links.set('mv0', { namespace: b, name: 'moved0', up: true });
    expect(last.name).toBe('moved0');
    expect(await names(b)).toContain('moved0');
    expect(await names(a)).not.toContain('mv0');
    expect((await show(b, 'moved0')).flags).toContain('UP');
  });
});

test('delete by name and by index; a persistent tap too', async () => {
  await withNamespaces(1, async (ns) => {
    await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    const ifb = await ns.links.add({ kind: 'ifb', name: 'ifb0' });
    await ns.links.add({ kind: 'tap', name: 'tap0' });
    await ns.links.delete('v0');
    await ns.links.delete(ifb.index);
    await ns.links.delete('tap0');
    expect(await names(ns)).toEqual(['lo']);
    await ip(ns, ['link', 'add', 'v5', 'type', 'veth', 'peer', 'name', 'v6']);
    await ns.links.delete('v6');
    expect(await names(ns)).toEqual(['lo']);
  });
});
