// Bridge VLAN requests byte for byte against bridge(8) of iproute2 6.1 (bridge-vlans.json; the
// capture kernel lacks VLAN filtering, but bridge sends every request all the same), and the
// decoding of a dump reply laid out as the kernel's br_fill_ifinfo writes it.
import { NLM_F_ACK, NLM_F_DUMP } from '../../lib/uapi/netlink';
import { RTM } from '../../lib/uapi/rtnetlink';
import { capture, captures, encodeRequest, expectSameAsCapture, normalized } from '../golden';
import { decodeBridgeVlanTable, writeBridgeVlanDump, type BridgeVlanTable } from '../../lib/codecs/bridge-vlan-codec';
import { bridgeVlanEntries, bridgeVlanWrite } from '../../lib/collections/bridge-vlans';
import { parseBridgeVlanSpec } from '../../lib/specs/bridge-vlan';
import { MalformedMessageError } from '../../lib/codecs/reader';
import type { BridgeVlanSpec } from '../../lib/types/bridge-vlan';
import { replyMessage, u32 } from './reply-message';
import { linkSetRequest } from '../../lib/codecs/link-request';
import { validateLinkChanges } from '../../lib/specs/link-spec';
import type { LinkChanges } from '../../lib/types/link';

const cases: Array<[string, 'add' | 'delete', BridgeVlanSpec]> = [
  ['bvlan-add-pvid-untagged', 'add', { dev: 'v1', vid: 10, pvid: true, untagged: true }],
  ['bvlan-add', 'add', { dev: 'v1', vid: 11 }],
  ['bvlan-add-range-untagged', 'add', { dev: 'v1', vid: 20, vidEnd: 30, untagged: true }],
  ['bvlan-add-master', 'add', { dev: 'v1', vid: 12, master: true }],
  ['bvlan-add-self', 'add', { dev: 'br0', vid: 10, self: true }],
  ['bvlan-add-master-self', 'add', { dev: 'v1', vid: 13, master: true, self: true }],
  ['bvlan-del', 'delete', { dev: 'v1', vid: 10 }],
  ['bvlan-del-range', 'delete', { dev: 'v1', vid: 20, vidEnd: 30 }],
  ['bvlan-del-self', 'delete', { dev: 'br0', vid: 10, self: true }],
];

test.each(cases)('%s equals what bridge vlan sends', (id, op, spec) => {
  const c = capture('bridge-vlans', id);
  // The write the collection and ns.batch() send, with the capture's ifindexes.
  const r = bridgeVlanWrite(op, spec).request((ref) => (typeof ref === 'number' ? ref : c.links[ref]));
  expect(c.requestType).toBe(op === 'add' ? 'RTM_SETLINK' : 'RTM_DELLINK');
  expectSameAsCapture(encodeRequest(r.type, r.flags, r.encode), c);
});

test.each(['bvlan-show', 'bvlan-show-dev'])('%s: the dump request equals bridge vlan show\'s', (id) => {
  // bridge asks for the dump without NLM_F_ACK; every request of ours carries it (the dump ends
  // on the ack). Everything after the flags is compared exactly. With dev, bridge dumps them all
  // and picks the device itself, as list() does.
  const c = capture('bridge-vlans', id);
  const ours = encodeRequest(RTM.GETLINK, NLM_F_DUMP, writeBridgeVlanDump);
  const withoutFlags = (b: Buffer | string): string => { const x = Buffer.from(normalized(b), 'hex'); x.writeUInt16LE(0, 6); return x.toString('hex'); };
  expect(withoutFlags(ours)).toBe(withoutFlags(c.request));
  expect(ours.readUInt16LE(6)).toBe(Number(c.requestFlags) | NLM_F_ACK);
});

// VLAN filtering switched on an existing bridge: links.set's bridge options, addressed by index
// as ip addresses it (this kernel refuses both: no VLAN filtering, no default PVID).
const setCases: Array<[string, LinkChanges]> = [
  ['link-set-bridge-vlan-filtering', { bridge: { vlanFiltering: true } }],
  ['link-set-bridge-vlan-filtering-off-pvid', { bridge: { vlanFiltering: false, vlanDefaultPvid: 10 } }],
];

test.each(setCases)('%s equals what ip link set DEV type bridge sends', (id, changes) => {
  const c = capture('bridge-vlans', id);
  const ctx = { linkIndex: (ref: string | number) => (typeof ref === 'number' ? ref : c.links[ref]), namespaceFd: (): never => { throw new Error('no namespace'); } };
  const r = linkSetRequest({ index: c.links.br0 }, validateLinkChanges(changes).changes, ctx);
  expectSameAsCapture(encodeRequest(r.type, r.flags, r.encode), c);
});

test('links.set bridge options are checked as links.add checks them', () => {
  expect(() => validateLinkChanges({ bridge: { vlanDefaultPvid: 4095 } })).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }));
  expect(() => validateLinkChanges({ bridge: { vlanFiltering: 1 } })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
  expect(() => validateLinkChanges({ bridge: { kind: 'bridge' } })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
});

test('every bridge vlan capture is covered', () => {
  const covered = new Set([...cases.map((c) => c[0]), ...setCases.map((c) => c[0]), 'bvlan-show', 'bvlan-show-dev']);
  expect(captures('bridge-vlans').map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
});

test.each([
  [{ dev: 'v1', vid: 0 }, 'ERR_OUT_OF_RANGE'],
  [{ dev: 'v1', vid: 4095 }, 'ERR_OUT_OF_RANGE'],
  [{ dev: 'v1', vid: 10, vidEnd: 10 }, 'ERR_OUT_OF_RANGE'],
  [{ dev: 'v1', vid: 10, vidEnd: 4095 }, 'ERR_OUT_OF_RANGE'],
  [{ dev: 'v1', vid: 10, vidEnd: 20, pvid: true }, 'ERR_INVALID_ARG_VALUE'],
  [{ dev: 'v1', vid: '10' }, 'ERR_INVALID_ARG_TYPE'],
  [{ vid: 10 }, 'ERR_INVALID_ARG_TYPE'],
  [{ dev: 'v1' }, 'ERR_INVALID_ARG_TYPE'],
  [{ dev: 'v1', vid: 10, tagged: true }, 'ERR_INVALID_ARG_VALUE'],
])('spec %j -> %s', (spec, code) => {
  expect(() => parseBridgeVlanSpec(spec as BridgeVlanSpec)).toThrow(expect.objectContaining({ code }));
});

// struct bridge_vlan_info { u16 flags; u16 vid; }
const vinfo = (flags: number, vid: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt16LE(flags); b.writeUInt16LE(vid, 2); return b; };
const nest = (attrs: Array<[number, Buffer]>): Buffer => replyMessage(0, [], attrs).subarray(16);
const name = (s: string): Buffer => Buffer.from(`${s}\0`);
/** ifinfomsg: family, pad, type (ARPHRD_ETHER), index, flags, change. */
const ifinfo = (family: number, index: number): number[] => [family, 0, 1, 0, index, 0, 0, 0, 0x43, 0x10, 1, 0, 0, 0, 0, 0];

// An RTM_NEWLINK of the AF_BRIDGE dump, as br_fill_ifinfo writes it for a port: IFLA_IFNAME,
// IFLA_MASTER, IFLA_MTU, IFLA_OPERSTATE, IFLA_ADDRESS, IFLA_PROTINFO (nested port options), then
// IFLA_AF_SPEC with one IFLA_BRIDGE_VLAN_INFO per VLAN (RTEXT_FILTER_BRVLAN) or per range
// (RTEXT_FILTER_BRVLAN_COMPRESSED: RANGE_BEGIN then RANGE_END).
function portReply(index: number, dev: string, master: number, vlans: Buffer[]): Buffer {
  return replyMessage(RTM.NEWLINK, ifinfo(7, index), [
    [3, name(dev)], [10, u32(master)], [4, u32(1500)], [16, Buffer.from([6])], [1, Buffer.from([2, 0, 0, 0, 0, 1])],
    [0x8000 | 12, nest([[1, Buffer.from([3])], [2, Buffer.from([32, 0])]])],
    [26, nest(vlans.map((v) => [2, v] as [number, Buffer]))],
  ]);
}

describe('dump replies', () => {
  const port = portReply(5, 'v1', 4, [vinfo(2 | 4, 1), vinfo(0, 10), vinfo(8 | 4, 20), vinfo(16 | 4, 22)]);
  // The bridge itself (its own VLANs): no IFLA_MASTER.
  const bridge = replyMessage(RTM.NEWLINK, ifinfo(7, 4), [[3, name('br0')], [4, u32(1500)], [26, nest([[2, vinfo(2 | 4, 1)]])]]);

  test('a port: name, index, master, every VLAN with its flags, a range expanded', () => {
    const t = decodeBridgeVlanTable(port, 0, port.length);
    expect(t).toEqual({ index: 5, dev: 'v1', master: 4, vlans: [[1, 6], [10, 0], [20, 4], [21, 4], [22, 4]] });
  });

  test('entries: one per VLAN, the master named from the same dump, filtered by vid', () => {
    const tables = [port, bridge].map((m) => decodeBridgeVlanTable(m, 0, m.length)!);
    const all = bridgeVlanEntries(tables, undefined);
    expect(all).toHaveLength(6);
    expect(all[0]).toEqual({ dev: 'v1', index: 5, master: 'br0', vid: 1, pvid: true, untagged: true, flags: 6 });
    expect(all[1]).toEqual({ dev: 'v1', index: 5, master: 'br0', vid: 10, pvid: false, untagged: false, flags: 0 });
    expect(all[5]).toEqual({ dev: 'br0', index: 4, vid: 1, pvid: true, untagged: true, flags: 6 });
    expect(bridgeVlanEntries(tables, 21)).toEqual([{ dev: 'v1', index: 5, master: 'br0', vid: 21, pvid: false, untagged: true, flags: 4 }]);
    // A master not in the dump stays a number.
    expect(bridgeVlanEntries([tables[0]], 10)[0].master).toBe(4);
  });

  test('a device without a VLAN table (no IFLA_AF_SPEC, as on a kernel without VLAN filtering) has no entries', () => {
    const m = replyMessage(RTM.NEWLINK, ifinfo(7, 5), [[3, name('v1')], [10, u32(4)]]);
    expect(bridgeVlanEntries([decodeBridgeVlanTable(m, 0, m.length)!], undefined)).toEqual([]);
  });

  test('another family is skipped; short messages and VLAN entries are refused', () => {
    const other = replyMessage(RTM.NEWLINK, ifinfo(0, 5), [[3, name('v1')]]);
    expect(decodeBridgeVlanTable(other, 0, other.length)).toBeUndefined();
    expect(() => decodeBridgeVlanTable(other, 0, 20)).toThrow(MalformedMessageError);
    const short = portReply(5, 'v1', 4, [Buffer.from([2, 0])]);
    expect(() => decodeBridgeVlanTable(short, 0, short.length)).toThrow(MalformedMessageError);
  });

  test('decodes at an offset inside a larger buffer', () => {
    const buf = Buffer.concat([Buffer.alloc(12), port]);
    expect((decodeBridgeVlanTable(buf, 12, port.length) as BridgeVlanTable).vlans).toHaveLength(5);
  });
});
