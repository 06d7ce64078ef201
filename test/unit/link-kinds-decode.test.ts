// Typed `info` of kinds this kernel lacks (vrf, vlan, bond, ipvlan, gre, gretap, geneve, dummy,
// wireguard) can't be read from real links here. iproute2's RTM_NEWLINK requests
// (test/fixtures/golden/links.json) use the same IFLA_LINKINFO / IFLA_INFO_DATA layout as the
// kernel's replies, so we decode them with decodeLink and check that each field has the value
// from the capture's command line. A request has only what ip sent: ifi_index 0 and no MTU,
// operstate or stats.
import { captures, type Capture } from '../golden';
import '../../lib/link-kinds';
import { decodeLink } from '../../lib/codecs/link-codec';
import type { Link } from '../../lib/types/link';

const byId = new Map(captures('links').map((c) => [c.id, c] as const));

function cap(id: string): Capture {
  const c = byId.get(id);
  if (!c) throw new Error(`no links capture ${id}`);
  return c;
}

/** The argument after `key` in the kind's options (after `type KIND`). */
function opt(c: Capture, key: string): string {
  const from = c.argv.indexOf('type') + 2;
  const i = c.argv.indexOf(key, from);
  if (i < 0 || i + 1 >= c.argv.length) throw new Error(`capture ${c.id} has no ${key} option`);
  return c.argv[i + 1];
}
const num = (c: Capture, key: string): number => Number(opt(c, key));

/** `ip link add NAME ...` or `ip link add link PARENT name NAME ...`. */
function nameOf(c: Capture): string {
  const i = c.argv.indexOf('add') + 1;
  return c.argv[i] === 'link' ? c.argv[c.argv.indexOf('name') + 1] : c.argv[i];
}
/** ifindex of the `link PARENT` device, from the capture's link map. */
function parentOf(c: Capture): number | undefined {
  const i = c.argv.indexOf('link', 1);
  if (i < 0) return undefined;
  const index = c.links[c.argv[i + 1]];
  if (index === undefined) throw new Error(`capture ${c.id}: unknown parent ${c.argv[i + 1]}`);
  return index;
}
const kindOf = (c: Capture): string => c.argv[c.argv.indexOf('type') + 1];

function decoded(c: Capture): Link {
  const b = Buffer.from(c.request, 'hex');
  expect(b.readUInt16LE(4)).toBe(16);  // RTM_NEWLINK, the type of the kernel's replies too
  return decodeLink(b, 0, b.length);
}

/** What ip link add sends for a GRE tunnel besides the options: defaults of every field. */
const GRE_DEFAULTS = {
  ikey: 0, okey: 0, iflags: 0, oflags: 0, pmtudisc: true, tos: 0, ttl: 0, fwmark: 0,
  encapType: 0, encapFlags: 0, encapSport: 0, encapDport: 0,
};
const GRE_KEY = 0x2000;

// Expected `info` for each capture, from its command line.
const cases: Record<string, (c: Capture) => Record<string, unknown>> = {
  'link-add-vrf': (c) => ({ table: num(c, 'table') }),
  'link-add-dummy': () => ({}),
  'link-add-wireguard': () => ({}),
  'link-add-vlan': (c) => ({ id: num(c, 'id') }),
  'link-add-vlan-8021ad': (c) => ({ id: num(c, 'id'), protocol: opt(c, 'protocol') }),
  'link-add-bond-active-backup': (c) => ({ mode: opt(c, 'mode'), miimon: num(c, 'miimon') }),
  'link-add-bond-8023ad': (c) => ({ mode: opt(c, 'mode') }),
  // ip sends IPVLAN_FLAGS 0 (bridge) whenever it has options
  'link-add-ipvlan-l2': (c) => ({ mode: opt(c, 'mode'), flags: 'bridge' }),
  'link-add-ipvlan-l3': (c) => ({ mode: opt(c, 'mode'), flags: 'bridge' }),
  'link-add-ipvlan-l3s': (c) => ({ mode: opt(c, 'mode'), flags: 'bridge' }),
  'link-add-gre': (c) => ({ ...GRE_DEFAULTS, remote: opt(c, 'remote'), local: opt(c, 'local'), ttl: num(c, 'ttl') }),
  'link-add-gretap': (c) => ({ ...GRE_DEFAULTS, remote: opt(c, 'remote'), local: opt(c, 'local'), ttl: num(c, 'ttl') }),
  'link-add-gre-key': (c) => ({
    ...GRE_DEFAULTS, remote: opt(c, 'remote'), local: opt(c, 'local'), ttl: num(c, 'ttl'),
    ikey: num(c, 'key'), okey: num(c, 'key'), iflags: GRE_KEY, oflags: GRE_KEY,
  }),
  'link-add-gretap-ikey-okey': (c) => ({
    ...GRE_DEFAULTS, remote: opt(c, 'remote'), tos: num(c, 'tos'),
    ikey: num(c, 'ikey'), okey: num(c, 'okey'), iflags: GRE_KEY, oflags: GRE_KEY,
  }),
  // ip always sends label, ttl and tos (0: the kernel's default)
  'link-add-geneve': (c) => ({ vni: num(c, 'id'), remote: opt(c, 'remote'), label: 0, ttl: 0, tos: 0 }),
  'link-add-geneve-opts': (c) => ({
    vni: num(c, 'id'), remote: opt(c, 'remote'), ttl: num(c, 'ttl'), tos: num(c, 'tos'), port: num(c, 'dstport'), label: num(c, 'label'),
  }),
  // macvlan is in this kernel, but its parent is checked here with the others
  'link-add-macvlan-bridge': (c) => ({ mode: opt(c, 'mode') }),
  'link-add-macvlan-private': (c) => ({ mode: opt(c, 'mode') }),
  'link-add-macvlan-vepa': (c) => ({ mode: opt(c, 'mode') }),
  'link-add-macvlan-passthru': (c) => ({ mode: opt(c, 'mode') }),
  // no typed decoder for macvtap: its data stays raw (MACVLAN_MODE 4 = bridge)
  'link-add-macvtap-raw': () => ({ raw: { 1: Buffer.from([4, 0, 0, 0]) } }),
};

test('the kinds missing from this kernel are all covered', () => {
  const missing = captures('links').filter((c) => c.argv[1] === 'add' && /Unknown device type/.test(c.stderr)).map((c) => c.id);
  expect(missing.length).toBeGreaterThan(0);
  expect(missing.filter((id) => !(id in cases))).toEqual([]);
});

describe.each(Object.keys(cases))('%s', (id) => {
  test('decodes to the typed info of its command line', () => {
    const c = cap(id);
    const link = decoded(c);
    expect(link.kind).toBe(kindOf(c));
    expect(link.name).toBe(nameOf(c));
    expect(link.index).toBe(0);
    expect(link.info).toEqual(cases[id](c));
    // IFLA_LINK names the parent (vlan, macvlan, macvtap, ipvlan); a non-veth has no peerIndex
    const parent = parentOf(c);
    expect(link.parent).toBe(parent);
    expect(link.peerIndex).toBeUndefined();
    if (parent !== undefined) expect(parent).toBe(c.links.v0);
    expect(link.raw).toEqual({});
  });
});

test('the parent of the stacked kinds is v0', () => {
  for (const id of ['link-add-vlan', 'link-add-vlan-8021ad', 'link-add-ipvlan-l2', 'link-add-macvlan-bridge', 'link-add-macvtap-raw']) {
    const c = cap(id);
    expect({ id, parent: decoded(c).parent }).toEqual({ id, parent: c.links.v0 });
  }
});

test('an 802.1Q vlan request carries no protocol, so none is decoded', () => {
  expect(decoded(cap('link-add-vlan')).info.protocol).toBeUndefined();
});

test('a GRE remote of 0.0.0.0 (any) is left out, as ip shows it', () => {
  const b = Buffer.from(cap('link-add-gretap-ikey-okey').request, 'hex');
  const remote = b.indexOf(Buffer.from('080007000a000002', 'hex'));  // IFLA_GRE_REMOTE 10.0.0.2
  expect(remote).toBeGreaterThan(0);
  b.writeUInt32BE(0, remote + 4);
  const info = decodeLink(b, 0, b.length).info;
  expect(info.remote).toBeUndefined();
  expect(info.local).toBeUndefined();
  expect(info.ikey).toBe(1);
});
