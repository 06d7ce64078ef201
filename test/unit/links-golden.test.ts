// Every `ip link` capture in test/fixtures/golden/links.json, rebuilt with this library's request
// builders from the same typed arguments: the bytes must be iproute2's (sequence number and port
// aside). Kinds missing from this kernel (vrf, dummy, vlan, bond, ipvlan, gre, gretap, geneve,
// wireguard) are covered here only, by their bytes.
import { captures, encodeRequest, expectSameAsCapture, type Capture } from '../golden';
import { Namespace } from '../../lib';
import { linkAddRequest, linkDeleteRequest, linkSetRequest, type LinkRequest } from '../../lib/rtnetlink/link-request';
import { validateLinkChanges, validateLinkSpec } from '../../lib/rtnetlink/link-spec';
import { validateNamespaceArg } from '../../lib/link-kinds/namespace-arg';
import type { KindEncodeContext } from '../../lib/link-kinds';

// A real handle stands for the capture's <B> namespace; its fd number differs from the one ip
// used, so the context hands the encoder ip's number (the only value normalised).
let other: Namespace;
beforeAll(() => { other = Namespace.current(); });
afterAll(() => other.close());

function contextFor(c: Capture): KindEncodeContext {
  return {
    linkIndex: (ref) => {
      if (typeof ref === 'number') return ref;
      const index = c.links[ref];
      if (index === undefined) throw new Error(`capture ${c.id} has no link ${ref}`);
      return index;
    },
    namespaceFd: (ns, field) => {
      validateNamespaceArg(ns, field);
      if (!c.nsFds?.length) throw new Error(`capture ${c.id} carries no namespace fd`);
      return c.nsFds[0].fd;
    },
  };
}

const add = (spec: Record<string, unknown>) => (ctx: KindEncodeContext): LinkRequest => {
  const v = validateLinkSpec(spec);
  return linkAddRequest(v.spec, v.codec, ctx);
};
const set = (name: string, changes: Record<string, unknown>) => (ctx: KindEncodeContext): LinkRequest =>
  linkSetRequest({ index: ctx.linkIndex(name) }, validateLinkChanges(changes).changes, ctx);
const del = (name: string) => (ctx: KindEncodeContext): LinkRequest => linkDeleteRequest({ index: ctx.linkIndex(name) });

const cases: Record<string, (ctx: KindEncodeContext) => LinkRequest> = {
  'link-add-veth': add({ kind: 'veth', name: 'va', peer: { name: 'vb' } }),
  'link-add-veth-peer-netns': add({ kind: 'veth', name: 'vd', peer: { name: 'vc', get namespace() { return other; } } }),
  'link-add-veth-peer-opts': add({ kind: 'veth', name: 've', peer: { name: 'vf', mtu: 1400, address: '02:00:00:00:00:bb' } }),
  'link-add-bridge-stp0': add({ kind: 'bridge', name: 'br1', stp: false }),
  'link-add-bridge-fwd-delay': add({ kind: 'bridge', name: 'br2', forwardDelay: 400 }),
  'link-add-bridge-vlan-filtering': add({ kind: 'bridge', name: 'br3', vlanFiltering: true }),
  'link-add-vxlan-local': add({ kind: 'vxlan', name: 'vx42', vni: 42, port: 4789, local: '10.0.0.1', dev: 'v0', ttl: 64, learning: false }),
  'link-add-vxlan-group': add({ kind: 'vxlan', name: 'vx43', vni: 43, group: '239.1.1.1', dev: 'v0', port: 4789 }),
  'link-add-vxlan-remote': add({ kind: 'vxlan', name: 'vx44', vni: 44, remote: '10.0.0.2', port: 4789 }),
  'link-add-macvlan-bridge': add({ kind: 'macvlan', name: 'mvb', parent: 'v0', mode: 'bridge' }),
  'link-add-macvlan-private': add({ kind: 'macvlan', name: 'mvp', parent: 'v0', mode: 'private' }),
  'link-add-macvlan-vepa': add({ kind: 'macvlan', name: 'mvv', parent: 'v0', mode: 'vepa' }),
  'link-add-macvlan-passthru': add({ kind: 'macvlan', name: 'mvt', parent: 'v0', mode: 'passthru' }),
  'link-add-ifb': add({ kind: 'ifb', name: 'ifb0' }),
  'link-add-vrf': add({ kind: 'vrf', name: 'vrf-blue', table: 10 }),
  'link-add-dummy': add({ kind: 'dummy', name: 'dum0' }),
  'link-add-vlan': add({ kind: 'vlan', name: 'v0.10', parent: 'v0', id: 10 }),
  'link-add-vlan-8021ad': add({ kind: 'vlan', name: 'v0.20', parent: 'v0', id: 20, protocol: '802.1ad' }),
  'link-add-bond-active-backup': add({ kind: 'bond', name: 'bond0', mode: 'active-backup', miimon: 100 }),
  'link-add-bond-8023ad': add({ kind: 'bond', name: 'bond1', mode: '802.3ad' }),
  'link-add-ipvlan-l2': add({ kind: 'ipvlan', name: 'ipvl2', parent: 'v0', mode: 'l2' }),
  'link-add-ipvlan-l3': add({ kind: 'ipvlan', name: 'ipvl3', parent: 'v0', mode: 'l3' }),
  'link-add-ipvlan-l3s': add({ kind: 'ipvlan', name: 'ipvl3s', parent: 'v0', mode: 'l3s' }),
  'link-add-gre': add({ kind: 'gre', name: 'gre1', remote: '10.0.0.2', local: '10.0.0.1', ttl: 64 }),
  'link-add-gretap': add({ kind: 'gretap', name: 'gretap1', remote: '10.0.0.2', local: '10.0.0.1', ttl: 64 }),
  'link-add-geneve': add({ kind: 'geneve', name: 'gnv5', vni: 5, remote: '10.0.0.2' }),
  'link-add-wireguard': add({ kind: 'wireguard', name: 'wg0' }),
  'link-set-up': set('v0', { up: true }),
  'link-set-down': set('v0', { up: false }),
  'link-set-name': set('v0', { name: 'v0x' }),
  'link-set-name-back': set('v0x', { name: 'v0' }),
  'link-set-address': set('v0', { address: '02:00:00:00:00:aa' }),
  'link-set-mtu': set('v0', { mtu: 1400 }),
  'link-set-alias': set('v0', { alias: 'foo' }),
  'link-set-txqueuelen': set('v0', { txqueuelen: 500 }),
  'link-set-master': set('v0', { master: 'br0' }),
  'link-set-nomaster': set('v0', { master: null }),
  'link-set-netns': set('v0', { get namespace() { return other; } }),
  'link-del': del('va'),
};

test('every links capture has a case here, and every case a capture', () => {
  expect(Object.keys(cases).sort()).toEqual(captures('links').map((c) => c.id).sort());
});

describe.each(captures('links').map((c) => [c.id, c] as const))('%s', (id, c) => {
  test(`matches \`ip ${c.argv.join(' ')}\``, () => {
    const ctx = contextFor(c);
    const req = cases[id](ctx);
    const ours = encodeRequest(req.type, req.flags, req.encode);
    expectSameAsCapture(ours, c);
  });
});

test('addressing a link by name puts IFLA_IFNAME where the index was, and nothing else changes', () => {
  const c = captures('links').find((x) => x.id === 'link-set-mtu')!;
  const ctx = contextFor(c);
  const byName = linkSetRequest({ name: 'v0' }, { mtu: 1400 }, ctx);
  const bytes = encodeRequest(byName.type, byName.flags, byName.encode);
  const golden = Buffer.from(c.request, 'hex');
  // ifi_index 0, then IFLA_IFNAME "v0\0" (8 bytes), then the same IFLA_MTU.
  expect(bytes.readInt32LE(20)).toBe(0);
  expect(bytes.subarray(32, 40).toString('hex')).toBe('0700030076300000');
  expect(bytes.subarray(40).toString('hex')).toBe(golden.subarray(32).toString('hex'));
  expect(bytes.readUInt32LE(0)).toBe(golden.length + 8);
});
