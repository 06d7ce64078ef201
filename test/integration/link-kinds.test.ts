// Each link kind, created with ns.links.add and checked against `ip -j -n NS -d link show`. Kinds
// this kernel lacks are probed first and reported as skipped (with the reason); their request
// bytes are covered by test/unit/links-golden.test.ts.
import { Namespace, NetlinkError } from '../../lib';
import { ipJson, nameOf, withNamespaces } from '../helpers';
import { probeKinds } from './kind-probe';

const show = async (ns: Namespace, dev: string): Promise<any> => (await ipJson(['-n', nameOf(ns), '-d', 'link', 'show', 'dev', dev]))[0];

test('veth with its peer in another namespace, with peer options', async () => {
  await withNamespaces(2, async (a, b) => {
    const link = await a.links.add({ kind: 'veth', name: 'v0', mtu: 1450, peer: { name: 'v1', namespace: b, mtu: 1400, address: '02:00:00:00:00:bb' } });
    const mine = await show(a, 'v0');
    const peer = await show(b, 'v1');
    expect(mine.linkinfo.info_kind).toBe('veth');
    expect(link).toMatchObject({ name: 'v0', kind: 'veth', mtu: 1450, index: mine.ifindex });
    expect(mine.mtu).toBe(1450);
    expect(peer).toMatchObject({ mtu: 1400, address: '02:00:00:00:00:bb' });
    // The peer is named by its index in the other namespace and that namespace's NSID.
    expect(link.peerIndex).toBe(peer.ifindex);
    expect(link.namespaceId).toBe(mine.link_netnsid);
    expect(link.namespaceId).toBe(await a.id(b));
  });
});

test('bridge: stp, forward delay, priority', async () => {
  await withNamespaces(1, async (ns) => {
    const br = await ns.links.add({ kind: 'bridge', name: 'br0', stp: false, forwardDelay: 400, priority: 4096 });
    const d = (await show(ns, 'br0')).linkinfo.info_data;
    expect(d).toMatchObject({ stp_state: 0, forward_delay: 400, priority: 4096 });
    expect(br.info).toMatchObject({ stp: false, forwardDelay: 400, priority: 4096, vlanFiltering: false });
    const stp = await ns.links.add({ kind: 'bridge', name: 'br1', stp: true });
    expect((await show(ns, 'br1')).linkinfo.info_data.stp_state).not.toBe(0);
    expect(stp.info.stp).toBe(true);
  });
});

test('vxlan: local + dev + ttl + nolearning, multicast group, unicast remote', async () => {
  await withNamespaces(1, async (ns) => {
    await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    const v0 = await ns.links.get('v0');
    const a = await ns.links.add({ kind: 'vxlan', name: 'vx0', vni: 42, port: 4789, local: '10.0.0.1', dev: 'v0', ttl: 64, learning: false });
    expect((await show(ns, 'vx0')).linkinfo.info_data).toMatchObject({ id: 42, local: '10.0.0.1', link: 'v0', port: 4789, ttl: 64, learning: false });
    expect(a.info).toMatchObject({ vni: 42, local: '10.0.0.1', dev: v0.index, port: 4789, ttl: 64, learning: false });
    const g = await ns.links.add({ kind: 'vxlan', name: 'vx1', vni: 43, group: '239.1.1.1', dev: 'v0', port: 4789 });
    expect((await show(ns, 'vx1')).linkinfo.info_data).toMatchObject({ id: 43, group: '239.1.1.1', learning: true });
    expect(g.info).toMatchObject({ vni: 43, group: '239.1.1.1', learning: true });
    const r = await ns.links.add({ kind: 'vxlan', name: 'vx2', vni: 44, remote: '2001:db8::2', local: '2001:db8::1', port: 4790 });
    expect((await show(ns, 'vx2')).linkinfo.info_data).toMatchObject({ id: 44, remote6: '2001:db8::2', local6: '2001:db8::1', port: 4790 });
    expect(r.info).toMatchObject({ vni: 44, remote: '2001:db8::2', local: '2001:db8::1', port: 4790 });
  });
});

test.each(['private', 'vepa', 'bridge', 'passthru'] as const)('macvlan mode %s on a veth parent', async (mode) => {
  await withNamespaces(1, async (ns) => {
    await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    const link = await ns.links.add({ kind: 'macvlan', name: 'mv0', parent: 'v0', mode });
    const shown = await show(ns, 'mv0');
    expect(shown.linkinfo).toMatchObject({ info_kind: 'macvlan', info_data: { mode } });
    expect(shown.link).toBe('v0');
    expect(link.parent).toBe((await ns.links.get('v0')).index);
    expect(link.info.mode).toBe(mode);
  });
});

test('ifb', async () => {
  await withNamespaces(1, async (ns) => {
    const link = await ns.links.add({ kind: 'ifb', name: 'ifb0', txqueuelen: 64 });
    const shown = await show(ns, 'ifb0');
    expect(shown.linkinfo.info_kind).toBe('ifb');
    expect(shown.txqlen).toBe(64);
    expect(link).toMatchObject({ kind: 'ifb', txqueuelen: 64, index: shown.ifindex });
  });
});

test('tun and tap through /dev/net/tun: persistent, owner, multi-queue, common options, deleted over netlink', async () => {
  await withNamespaces(1, async (ns) => {
    const tap = await ns.links.add({ kind: 'tap', name: 'tap0', multiQueue: true, owner: 1234, group: 99, mtu: 1400, up: true });
    const shown = await show(ns, 'tap0');
    expect(shown.linkinfo).toMatchObject({ info_kind: 'tun', info_data: { type: 'tap', multi_queue: true, persist: true, pi: false, user: 1234, group: 99 } });
    expect(shown.mtu).toBe(1400);
    expect(shown.flags).toContain('UP');
    expect(tap.info).toMatchObject({ type: 'tap', multiQueue: true, persist: true, owner: 1234, group: 99 });
    const tun = await ns.links.add({ kind: 'tun', name: 'tun0', packetInfo: true });
    expect((await show(ns, 'tun0')).linkinfo.info_data).toMatchObject({ type: 'tun', pi: true, multi_queue: false });
    expect(tun.info).toMatchObject({ type: 'tun', packetInfo: true });
    // The name is taken: same error as every other kind.
    await expect(ns.links.add({ kind: 'tun', name: 'tap0' })).rejects.toMatchObject({ code: 'EEXIST' });
    await ns.links.delete('tap0');
    await ns.links.delete('tun0');
    expect((await ns.links.list()).map((l) => l.name)).toEqual(['lo']);
  });
});

// Kinds missing from this kernel: live tests run where the probe finds them, and are reported as
// skipped with the probe's reason where it does not.
const probe = probeKinds(['bridge-vlan-filtering', 'macvtap', 'vrf', 'dummy', 'vlan', 'bond', 'ipvlan', 'gre', 'gretap', 'geneve', 'wireguard']);
const live = (kind: string, what: string, fn: () => Promise<void>): void => {
  const p = probe[kind];
  (p.has ? test : test.skip)(p.has ? `${kind}: ${what}` : `${kind}: ${what} [skipped: ${p.reason}]`, fn);
};

live('bridge-vlan-filtering', 'a bridge made with vlan filtering on reads it back', async () => {
  await withNamespaces(1, async (ns) => {
    const vf = await ns.links.add({ kind: 'bridge', name: 'br2', vlanFiltering: true });
    expect(vf.info.vlanFiltering).toBe(true);
    expect((await show(ns, 'br2')).linkinfo.info_data.vlan_filtering).toBe(1);
  });
});

// Where the kernel lacks bridge vlan filtering, its refusal reaches the caller typed, and nothing is made.
(probe['bridge-vlan-filtering'].has ? test.skip : test)('bridge vlan filtering refused by this kernel: NetlinkError ENOTSUP, no device left', async () => {
  await withNamespaces(1, async (ns) => {
    const err = await ns.links.add({ kind: 'bridge', name: 'br2', vlanFiltering: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err).toMatchObject({ code: 'ENOTSUP', operation: expect.any(String) });
    await expect(show(ns, 'br2')).rejects.toThrow();
  });
});

live('macvtap', 'a kind with no typed spec, raw IFLA_INFO_DATA (mode bridge), unknown attributes kept raw', async () => {
  await withNamespaces(1, async (ns) => {
    await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    const mode = Buffer.alloc(4);
    mode.writeUInt32LE(4);  // MACVLAN_MODE_BRIDGE
    const link = await ns.links.add({ kind: 'macvtap', name: 'mt0', parent: 'v0', data: [{ type: 1, value: mode }] });
    expect((await show(ns, 'mt0')).linkinfo).toMatchObject({ info_kind: 'macvtap', info_data: { mode: 'bridge' } });
    expect(link.kind).toBe('macvtap');
    expect((link.info.raw as Record<number, Buffer>)[1]).toEqual(mode);
  });
});

live('vrf', 'table, enslaving a link', async () => {
  await withNamespaces(1, async (ns) => {
    const vrf = await ns.links.add({ kind: 'vrf', name: 'vrf-blue', table: 10 });
    expect((await show(ns, 'vrf-blue')).linkinfo.info_data.table).toBe(10);
    expect(vrf.info.table).toBe(10);
    await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    await ns.links.set('v0', { master: 'vrf-blue' });
    expect((await show(ns, 'v0')).master).toBe('vrf-blue');
  });
});

live('dummy', 'creation', async () => {
  await withNamespaces(1, async (ns) => {
    const d = await ns.links.add({ kind: 'dummy', name: 'dum0' });
    expect((await show(ns, 'dum0')).linkinfo.info_kind).toBe('dummy');
    expect(d.kind).toBe('dummy');
  });
});

live('vlan', '802.1Q and 802.1ad on a parent', async () => {
  await withNamespaces(1, async (ns) => {
    await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    const a = await ns.links.add({ kind: 'vlan', name: 'v0.10', parent: 'v0', id: 10 });
    const b = await ns.links.add({ kind: 'vlan', name: 'v0.20', parent: 'v0', id: 20, protocol: '802.1ad' });
    expect((await show(ns, 'v0.10')).linkinfo.info_data).toMatchObject({ id: 10, protocol: '802.1Q' });
    expect((await show(ns, 'v0.20')).linkinfo.info_data).toMatchObject({ id: 20, protocol: '802.1ad' });
    expect(a.info).toMatchObject({ id: 10, protocol: '802.1Q' });
    expect(b.info).toMatchObject({ id: 20, protocol: '802.1ad' });
  });
});

live('bond', 'mode and miimon', async () => {
  await withNamespaces(1, async (ns) => {
    const b = await ns.links.add({ kind: 'bond', name: 'bond0', mode: 'active-backup', miimon: 100 });
    expect((await show(ns, 'bond0')).linkinfo.info_data).toMatchObject({ mode: 'active-backup', miimon: 100 });
    expect(b.info).toMatchObject({ mode: 'active-backup', miimon: 100 });
  });
});

live('ipvlan', 'modes', async () => {
  await withNamespaces(1, async (ns) => {
    await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    const l = await ns.links.add({ kind: 'ipvlan', name: 'ipv0', parent: 'v0', mode: 'l3' });
    expect((await show(ns, 'ipv0')).linkinfo.info_data.mode).toBe('l3');
    expect(l.info.mode).toBe('l3');
  });
});

for (const kind of ['gre', 'gretap'] as const) {
  live(kind, 'remote, local, ttl', async () => {
    await withNamespaces(1, async (ns) => {
      const l = await ns.links.add({ kind, name: `${kind}1`, remote: '10.0.0.2', local: '10.0.0.1', ttl: 64 });
      expect((await show(ns, `${kind}1`)).linkinfo.info_data).toMatchObject({ remote: '10.0.0.2', local: '10.0.0.1', ttl: 64 });
      expect(l.info).toMatchObject({ remote: '10.0.0.2', local: '10.0.0.1', ttl: 64 });
    });
  });
}

live('geneve', 'vni and remote', async () => {
  await withNamespaces(1, async (ns) => {
    const l = await ns.links.add({ kind: 'geneve', name: 'gnv5', vni: 5, remote: '10.0.0.2' });
    expect((await show(ns, 'gnv5')).linkinfo.info_data).toMatchObject({ id: 5, remote: '10.0.0.2' });
    expect(l.info).toMatchObject({ vni: 5, remote: '10.0.0.2' });
  });
});

live('wireguard', 'creation', async () => {
  await withNamespaces(1, async (ns) => {
    const l = await ns.links.add({ kind: 'wireguard', name: 'wg0' });
    expect((await show(ns, 'wg0')).linkinfo.info_kind).toBe('wireguard');
    expect(l.kind).toBe('wireguard');
  });
});

test('a kind this kernel lacks is a NetlinkError carrying the kernel\'s extended ack', async () => {
  await withNamespaces(1, async (ns) => {
    // A kind without required options, so that the request reaches the kernel.
    const missing = ['dummy', 'bond', 'wireguard'].find((k) => !probe[k].has) ?? 'nosuchkind';
    const err = await ns.links.add({ kind: missing, name: 'x0' }).catch((e) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.message).toContain('Unknown device type');
    expect(err.extack.message).toBe('Unknown device type');
    expect(err.operation).toBe('RTM_NEWLINK');
  });
});
