// ns.bridgeVlans against the kernel, checked through `bridge -j vlan show`. The VLAN table needs
// a kernel built with bridge VLAN filtering: probed first; where it is missing the live tests are
// reported as skipped with the probe's reason, and the kernel's refusal is checked instead.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { NetlinkError, type BridgeVlan, type Namespace } from '../../lib';
import { ipJson, nameOf, withNamespaces } from '../helpers';
import { probeKinds } from './kind-probe';

const probe = probeKinds(['bridge-vlan-filtering'])['bridge-vlan-filtering'];
const live = (what: string, fn: () => Promise<void>): void => {
  (probe.has ? test : test.skip)(probe.has ? what : `${what} [skipped: ${probe.reason}]`, fn);
};

interface ShownPort { ifname: string; vlans?: Array<{ vlan: number; vlanEnd?: number; flags?: string[] }> }

async function bridgeVlanShow(ns: Namespace): Promise<ShownPort[]> {
  const { stdout } = await promisify(execFile)('bridge', ['-n', nameOf(ns), '-j', 'vlan', 'show']);
  return stdout.trim() ? JSON.parse(stdout) : [];
}

/** `bridge -j vlan show` as sorted lines "dev vid [PVID] [Egress Untagged]" (ranges expanded). */
async function shownLines(ns: Namespace): Promise<string[]> {
  const out: string[] = [];
  for (const p of await bridgeVlanShow(ns)) {
    for (const v of p.vlans ?? []) {
      for (let vid = v.vlan; vid <= (v.vlanEnd ?? v.vlan); vid++) out.push([p.ifname, vid, ...(v.flags ?? [])].join(' '));
    }
  }
  return out.sort();
}

/** list()'s entries in the same form. */
const lines = (list: BridgeVlan[]): string[] => list
  .map((e) => [e.dev, e.vid, ...(e.pvid ? ['PVID'] : []), ...(e.untagged ? ['Egress Untagged'] : [])].join(' ')).sort();

/** A bridge br0 (with VLAN filtering when the kernel has it) and a veth whose v1 is its port. */
async function bridgeWithPort(ns: Namespace, vlanFiltering: boolean): Promise<void> {
  await ns.links.add({ kind: 'bridge', name: 'br0', ...(vlanFiltering ? { vlanFiltering: true } : {}) });
  await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
  await ns.links.set('v1', { master: 'br0' });
}

live('add one VLAN, a range and the bridge\'s own; list equals bridge vlan show; delete', () => withNamespaces(1, async (ns) => {
  await bridgeWithPort(ns, true);
  await ns.bridgeVlans.add({ dev: 'v1', vid: 10, pvid: true, untagged: true });
  await ns.bridgeVlans.add({ dev: 'v1', vid: 20, vidEnd: 22 });
  await ns.bridgeVlans.add({ dev: 'br0', vid: 10, self: true });
  const shown = await shownLines(ns);
  expect(shown).toEqual(expect.arrayContaining(['v1 10 PVID Egress Untagged', 'v1 20', 'v1 21', 'v1 22', 'br0 10']));
  const listed = await ns.bridgeVlans.list();
  expect(lines(listed)).toEqual(shown);
  expect(listed.find((e) => e.dev === 'v1' && e.vid === 21)).toMatchObject({ master: 'br0', pvid: false, untagged: false });
  expect(lines(await ns.bridgeVlans.list({ dev: 'v1' }))).toEqual(shown.filter((l) => l.startsWith('v1 ')));
  expect(lines(await ns.bridgeVlans.list({ vid: 21 }))).toEqual(['v1 21']);

  await ns.bridgeVlans.delete({ dev: 'v1', vid: 10 });
  await ns.bridgeVlans.delete({ dev: 'v1', vid: 20, vidEnd: 22 });
  const after = await shownLines(ns);
  expect(after.filter((l) => /^v1 (10|2[0-2])\b/.test(l))).toEqual([]);
  expect(lines(await ns.bridgeVlans.list())).toEqual(after);
}));

live('ns.batch records bridgeVlans.add and delete; an atomic batch undoes them', () => withNamespaces(1, async (ns) => {
  await bridgeWithPort(ns, true);
  const results = await ns.batch((b) => {
    b.bridgeVlans.add({ dev: 'v1', vid: 30 });
    b.bridgeVlans.add({ dev: 'v1', vid: 31, untagged: true });
    b.bridgeVlans.delete({ dev: 'v1', vid: 30 });
  });
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
  const shown = await shownLines(ns);
  expect(shown).toContain('v1 31 Egress Untagged');
  expect(shown.some((l) => l.startsWith('v1 30'))).toBe(false);
  // vid 33 on a device that is no port: the second add fails, the first is undone.
  await expect(ns.batch((b) => {
    b.bridgeVlans.add({ dev: 'v1', vid: 32 });
    b.bridgeVlans.add({ dev: 'v0', vid: 33 });
  }, { atomic: true })).rejects.toMatchObject({ code: 'ERR_NETNS_BATCH_ABORTED' });
  expect((await shownLines(ns)).some((l) => l.startsWith('v1 32'))).toBe(false);
}));

(probe.has ? test.skip : test)('a kernel without VLAN filtering refuses add: NetlinkError ENOTSUP, nothing listed', () => withNamespaces(1, async (ns) => {
  await bridgeWithPort(ns, false);
  const err = await ns.bridgeVlans.add({ dev: 'v1', vid: 10, pvid: true, untagged: true }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(NetlinkError);
  expect(err).toMatchObject({ code: 'ENOTSUP', operation: 'RTM_SETLINK' });
  expect((err as Error).message).toContain('bridge vlan 10 dev v1');
  // Through a batch, the same refusal in the operation's result.
  const [r] = await ns.batch((b) => { b.bridgeVlans.add({ dev: 'v1', vid: 11 }); });
  expect(r).toMatchObject({ status: 'rejected', reason: { code: 'ENOTSUP' } });
  expect(await bridgeVlanShow(ns)).toEqual([]);
}));

test('list() equals bridge vlan show on a bridge and port made without VLAN filtering', () => withNamespaces(1, async (ns) => {
  // Where the kernel has VLAN filtering, ports and bridge carry the default PVID 1 even with the
  // filtering off; where it has not, there is no table at all. Either way both views agree.
  await bridgeWithPort(ns, false);
  expect(lines(await ns.bridgeVlans.list())).toEqual(await shownLines(ns));
  expect(lines(await ns.bridgeVlans.list({ dev: 'v1' }))).toEqual((await shownLines(ns)).filter((l) => l.startsWith('v1 ')));
}));

test('an absent device: list({ dev }) rejects with ENODEV, add with the lookup\'s ENODEV', () => withNamespaces(1, async (ns) => {
  await expect(ns.bridgeVlans.list({ dev: 'nope0' })).rejects.toMatchObject({ code: 'ENODEV' });
  await expect(ns.bridgeVlans.add({ dev: 'nope0', vid: 10 })).rejects.toMatchObject({ code: 'ENODEV' });
}));

test('bad arguments reject through the promise with Node\'s codes', () => withNamespaces(1, async (ns) => {
  const calls: Array<[() => Promise<unknown>, string]> = [
    [() => ns.bridgeVlans.add({ dev: 'v1', vid: 4095 }), 'ERR_OUT_OF_RANGE'],
    [() => ns.bridgeVlans.add({ dev: 'v1', vid: 10, vidEnd: 5 }), 'ERR_OUT_OF_RANGE'],
    [() => ns.bridgeVlans.add({ dev: 'v1', vid: 10, vidEnd: 20, pvid: true }), 'ERR_INVALID_ARG_VALUE'],
    [() => ns.bridgeVlans.delete({ dev: 'v1' } as never), 'ERR_INVALID_ARG_TYPE'],
    [() => ns.bridgeVlans.list({ vid: 0 }), 'ERR_OUT_OF_RANGE'],
    [() => ns.bridgeVlans.list({ bridge: 'br0' } as never), 'ERR_INVALID_ARG_VALUE'],
  ];
  for (const [call, code] of calls) {
    let p: Promise<unknown> | undefined;
    expect(() => { p = call(); }).not.toThrow();
    await expect(p).rejects.toMatchObject({ code });
  }
}));

/** The bridge's options as `ip -d -j link show` prints them. */
async function bridgeData(ns: Namespace, dev: string): Promise<Record<string, unknown>> {
  const [l] = await ipJson(['-n', nameOf(ns), '-d', 'link', 'show', dev]);
  return l.linkinfo.info_data;
}

test('links.set changes an existing bridge\'s options (ip link set DEV type bridge ...)', () => withNamespaces(1, async (ns) => {
  await ns.links.add({ kind: 'bridge', name: 'br0' });
  await ns.links.set('br0', { bridge: { stp: true, forwardDelay: 400, ageingTime: 20000 } });
  expect(await bridgeData(ns, 'br0')).toMatchObject({ stp_state: 1, forward_delay: 400, ageing_time: 20000 });
  expect((await ns.links.get('br0')).info).toMatchObject({ stp: true, forwardDelay: 400, ageingTime: 20000 });
  // Also through a batch: the same write.
  const [r] = await ns.batch((b) => { b.links.set('br0', { bridge: { stp: false } }); });
  expect(r.status).toBe('fulfilled');
  expect(await bridgeData(ns, 'br0')).toMatchObject({ stp_state: 0 });
}));

live('links.set turns VLAN filtering on an existing bridge on and off', () => withNamespaces(1, async (ns) => {
  await ns.links.add({ kind: 'bridge', name: 'br0' });
  await ns.links.set('br0', { bridge: { vlanFiltering: true } });
  expect(await bridgeData(ns, 'br0')).toMatchObject({ vlan_filtering: 1 });
  expect((await ns.links.get('br0')).info).toMatchObject({ vlanFiltering: true });
  await ns.links.set('br0', { bridge: { vlanFiltering: false } });
  expect(await bridgeData(ns, 'br0')).toMatchObject({ vlan_filtering: 0 });
}));

(probe.has ? test.skip : test)('links.set vlanFiltering on a kernel without it: NetlinkError ENOTSUP, the bridge unchanged', () => withNamespaces(1, async (ns) => {
  await ns.links.add({ kind: 'bridge', name: 'br0' });
  await expect(ns.links.set('br0', { bridge: { vlanFiltering: true } })).rejects.toMatchObject({ code: 'ENOTSUP', name: 'NetlinkError' });
  expect(await bridgeData(ns, 'br0')).toMatchObject({ vlan_filtering: 0 });
}));
