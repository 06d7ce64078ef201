// What the kinds this machine's kernel lacks do once made, beyond their creation (link-kinds.test.ts):
// VRF tables and lookups, bond modes and ports, ipvlan modes, 802.1Q and 802.1ad carrying traffic,
// gre/gretap keys, geneve options. Each is read back through the library and compared with
// `ip -j -d` / `ip -j route`. Probed first: where the kernel lacks a kind the test is reported as
// skipped with the probe's reason. `npm run test:kernel` runs this file under Linux 6.1 (UML).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { NetlinkError, type BondMode, type Namespace } from '../../lib';
import { ipJson, nameOf, withNamespaces } from '../helpers';
import { probeKinds } from './kind-probe';

const run = promisify(execFile);
const probe = probeKinds(['vrf', 'dummy', 'vlan', 'bond', 'ipvlan', 'gre', 'gretap', 'geneve']);
const live = (kinds: string[], what: string, fn: () => Promise<void>): void => {
  const missing = kinds.filter((k) => !probe[k].has).map((k) => `${k}: ${probe[k].reason}`);
  (missing.length ? test.skip : test)(missing.length ? `${what} [skipped: ${missing.join('; ')}]` : what, fn);
};
const show = async (ns: Namespace, dev: string): Promise<any> => (await ipJson(['-n', nameOf(ns), '-d', 'link', 'show', 'dev', dev]))[0];

live(['vrf', 'dummy'], 'vrf: two VRFs with the same subnet; each table and lookup as ip shows it; a port leaves', () => withNamespaces(1, async (ns) => {
  const n = nameOf(ns);
  for (const [vrf, table, dev] of [['blue', 10, 'dum-b'], ['red', 20, 'dum-r']] as const) {
    const made = await ns.links.add({ kind: 'vrf', name: vrf, table, up: true });
    const port = await ns.links.add({ kind: 'dummy', name: dev, master: vrf, up: true });
    await ns.addresses.add(dev, '10.0.0.1/24');
    expect(made.info.table).toBe((await show(ns, vrf)).linkinfo.info_data.table);
    const shown = await show(ns, dev);
    expect(shown).toMatchObject({ master: vrf, linkinfo: { info_slave_kind: 'vrf' } });
    expect((await ns.links.get(dev))).toMatchObject({ master: made.index, portKind: 'vrf', index: port.index });
    // The table holds the VRF's connected, local and broadcast routes, as ip lists them.
    const mine = (await ns.routes.list({ table, family: 4 })).map((r) => `${r.type} ${r.dst} ${r.dev}`).sort();
    const theirs = (await ipJson(['-n', n, 'route', 'show', 'table', String(table)]))
      .map((r: any) => `${r.type ?? 'unicast'} ${r.dst.includes('/') ? r.dst : `${r.dst}/32`} ${r.dev}`).sort();
    expect(mine).toEqual(theirs);
    expect(mine).toEqual(expect.arrayContaining([`unicast 10.0.0.0/24 ${dev}`, `local 10.0.0.1/32 ${dev}`]));
    // A lookup in the VRF (ip route get vrf NAME: the VRF as output device) ends on its own port.
    const got = await ns.routes.get('10.0.0.7', { oif: vrf });
    const [ipGot] = await ipJson(['-n', n, 'route', 'get', '10.0.0.7', 'vrf', vrf]);
    expect({ dev: got.dev, table: got.table, src: got.src }).toEqual({ dev: ipGot.dev, table, src: ipGot.prefsrc });
    expect(got.dev).toBe(dev);
  }
  // The main table knows neither subnet; a port set free takes its routes out of the VRF's table.
  expect((await ns.routes.list({ table: 'main', family: 4 })).filter((r) => r.dst === '10.0.0.0')).toEqual([]);
  await ns.links.set('dum-r', { master: null });
  expect((await show(ns, 'dum-r')).master).toBeUndefined();
  expect((await ns.links.get('dum-r')).master).toBeUndefined();
  expect(await ipJson(['-n', n, 'route', 'show', 'table', '20', 'dev', 'dum-r'])).toEqual([]);
}));

live(['bond', 'dummy'], 'bond: every mode made and read back as ip -d shows it', () => withNamespaces(1, async (ns) => {
  const modes: BondMode[] = ['balance-rr', 'active-backup', 'balance-xor', 'broadcast', '802.3ad', 'balance-tlb', 'balance-alb'];
  for (const [i, mode] of modes.entries()) {
    const b = await ns.links.add({ kind: 'bond', name: `bond${i}`, mode, miimon: 50 + i, updelay: 0, downdelay: 0, minLinks: i });
    const d = (await show(ns, `bond${i}`)).linkinfo.info_data;
    expect(d).toMatchObject({ mode, miimon: 50 + i, min_links: i });
    expect(b.info).toMatchObject({ mode, miimon: d.miimon, updelay: d.updelay, downdelay: d.downdelay, minLinks: d.min_links });
    // The fields both name: ip's snake_case against the library's camelCase.
    expect({ resendIgmp: b.info.resendIgmp, numPeerNotif: b.info.numPeerNotif, packetsPerSlave: b.info.packetsPerSlave, adActorSysPrio: b.info.adActorSysPrio })
      .toEqual({ resendIgmp: d.resend_igmp, numPeerNotif: d.num_peer_notif, packetsPerSlave: d.packets_per_slave, adActorSysPrio: d.ad_actor_sys_prio });
  }
}));

live(['bond', 'dummy'], 'bond: ports enslaved and released; the active port of active-backup as ip -d shows it', () => withNamespaces(1, async (ns) => {
  const bond = await ns.links.add({ kind: 'bond', name: 'bond0', mode: 'active-backup', miimon: 100 });
  for (const dev of ['dum0', 'dum1']) {
    await ns.links.add({ kind: 'dummy', name: dev });
    await ns.links.set(dev, { master: 'bond0' });  // a bond takes its ports while they are down
  }
  await ns.links.set('bond0', { up: true });
  for (const dev of ['dum0', 'dum1']) {
    const shown = await show(ns, dev);
    expect(shown).toMatchObject({ master: 'bond0', linkinfo: { info_slave_kind: 'bond' } });
    expect(await ns.links.get(dev)).toMatchObject({ master: bond.index, portKind: 'bond' });
  }
  const d = (await show(ns, 'bond0')).linkinfo.info_data;
  const info = (await ns.links.get('bond0')).info as { activeSlave?: number };
  expect(info.activeSlave).toBe((await ns.links.get(d.active_slave)).index);
  await ns.links.set('dum1', { master: null });
  expect((await show(ns, 'dum1')).master).toBeUndefined();
  expect((await ns.links.list()).filter((l) => l.master === bond.index).map((l) => l.name)).toEqual(['dum0']);
}));

live(['ipvlan'], 'ipvlan: l2, l3 and l3s, and l3 carrying a ping between two namespaces', () => withNamespaces(2, async (a, b) => {
  await a.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1', namespace: b } });
  for (const mode of ['l2', 'l3', 'l3s'] as const) {
    const l = await a.links.add({ kind: 'ipvlan', name: `ipv-${mode}`, parent: 'v0', mode });
    expect((await show(a, `ipv-${mode}`)).linkinfo.info_data.mode).toBe(mode);
    expect(l.info.mode).toBe(mode);
    expect(l.parent).toBe((await a.links.get('v0')).index);
  }
  await a.addresses.add('ipv-l3', '10.8.0.1/24');
  await b.addresses.add('v1', '10.8.0.2/24');
  for (const [ns, dev] of [[a, 'v0'], [a, 'ipv-l3'], [b, 'v1']] as const) await ns.links.set(dev, { up: true });
  await run('ip', ['netns', 'exec', nameOf(a), 'ping', '-c', '1', '-W', '5', '10.8.0.2']);
}));

live(['vlan'], 'vlan: 802.1Q over 802.1ad (QinQ) between two namespaces carries a ping; ids and protocols as ip -d shows them', () => withNamespaces(2, async (a, b) => {
  await a.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v0', namespace: b } });
  for (const [ns, addr] of [[a, '10.9.0.1/24'], [b, '10.9.0.2/24']] as const) {
    const outer = await ns.links.add({ kind: 'vlan', name: 'svlan', parent: 'v0', id: 100, protocol: '802.1ad' });
    const inner = await ns.links.add({ kind: 'vlan', name: 'cvlan', parent: 'svlan', id: 7 });
    expect((await show(ns, 'svlan')).linkinfo.info_data).toMatchObject({ protocol: '802.1ad', id: 100 });
    expect((await show(ns, 'cvlan')).linkinfo.info_data).toMatchObject({ protocol: '802.1Q', id: 7 });
    expect([outer.info, inner.info]).toMatchObject([{ protocol: '802.1ad', id: 100 }, { protocol: '802.1Q', id: 7 }]);
    expect(inner.parent).toBe(outer.index);
    await ns.addresses.add('cvlan', addr);
    for (const dev of ['v0', 'svlan', 'cvlan']) await ns.links.set(dev, { up: true });
  }
  await run('ip', ['netns', 'exec', nameOf(a), 'ping', '-c', '1', '-W', '5', '10.9.0.2']);
  // The frames went through both tags: each level counted them.
  for (const dev of ['svlan', 'cvlan']) expect((await b.links.get(dev)).stats!.rxPackets).toBeGreaterThan(0);
}));

live(['gre', 'gretap'], 'gre and gretap: keys, tos and pmtudisc as ip -d shows them', () => withNamespaces(1, async (ns) => {
  const gre = await ns.links.add({ kind: 'gre', name: 'gre1', remote: '10.0.0.2', local: '10.0.0.1', ttl: 32, tos: 0x10, key: 42 });
  const tap = await ns.links.add({ kind: 'gretap', name: 'gtap1', remote: '10.0.0.3', ikey: 5, okey: 6, pmtudisc: false, ttl: 0 });
  const g = (await show(ns, 'gre1')).linkinfo.info_data;
  const t = (await show(ns, 'gtap1')).linkinfo.info_data;
  expect(g).toMatchObject({ remote: '10.0.0.2', local: '10.0.0.1', ttl: 32, tos: '0x10', ikey: '0.0.0.42', okey: '0.0.0.42' });
  expect(gre.info).toMatchObject({ remote: g.remote, local: g.local, ttl: g.ttl, tos: 0x10, ikey: 42, okey: 42 });
  expect(t).toMatchObject({ remote: '10.0.0.3', ikey: '0.0.0.5', okey: '0.0.0.6', pmtudisc: false });
  expect(tap.info).toMatchObject({ remote: t.remote, ikey: 5, okey: 6, pmtudisc: false });
}));

live(['geneve'], 'geneve: vni, ttl, tos, port, and an IPv6 remote with a flow label, as ip -d shows them', () => withNamespaces(1, async (ns) => {
  const l = await ns.links.add({ kind: 'geneve', name: 'gnv1', vni: 4000, remote: '10.0.0.2', ttl: 10, tos: 0x20, port: 6082 });
  const d = (await show(ns, 'gnv1')).linkinfo.info_data;
  expect(d).toMatchObject({ id: 4000, remote: '10.0.0.2', ttl: 10, tos: '0x20', port: 6082 });
  expect(l.info).toMatchObject({ vni: d.id, remote: d.remote, ttl: d.ttl, tos: 0x20, port: d.port });
  // The kernel takes a label only with an IPv6 remote ("Label attribute only applies for IPv6 Geneve devices").
  const l6 = await ns.links.add({ kind: 'geneve', name: 'gnv2', vni: 4001, remote: '2001:db8::2', label: 0x12345 });
  const d6 = (await show(ns, 'gnv2')).linkinfo.info_data;
  expect(d6).toMatchObject({ id: 4001, remote6: '2001:db8::2', label: '0x12345' });
  expect(l6.info).toMatchObject({ vni: d6.id, remote: d6.remote6, label: 0x12345 });
}));

// On either kernel: the library's own attempt agrees with the probe's (made and shown by ip where
// the kernel has the kind; a NetlinkError with the kernel's words, nothing left, where it has not).
test('each kind is made where the probe found it, and refused with the kernel\'s reason where not', () => withNamespaces(1, async (ns) => {
  const specs = [
    { kind: 'vrf', name: 'k-vrf', table: 30 }, { kind: 'dummy', name: 'k-dummy' }, { kind: 'bond', name: 'k-bond' },
    { kind: 'gre', name: 'k-gre', remote: '10.9.9.9' }, { kind: 'gretap', name: 'k-gretap', remote: '10.9.9.9' },
    { kind: 'geneve', name: 'k-geneve', vni: 5, remote: '10.9.9.9' },
  ] as const;
  for (const spec of specs) {
    const got = await ns.links.add(spec).then((l) => l.kind, (e: unknown) => e);
    if (probe[spec.kind].has) {
      expect(got).toBe(spec.kind);
      expect((await show(ns, spec.name)).linkinfo.info_kind).toBe(spec.kind);
    } else {
      expect(got).toBeInstanceOf(NetlinkError);
      expect((got as NetlinkError).message).toContain(probe[spec.kind].reason.replace(/^Error: /, '').replace(/\.$/, ''));
      await expect(show(ns, spec.name)).rejects.toThrow();
    }
  }
}));
