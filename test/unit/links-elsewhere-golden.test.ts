// Links created directly inside another namespace, and a veth's mtu given to its peer, byte for
// byte against iproute2 (test/fixtures/golden/links-elsewhere.json): `ip link add ... netns NS`
// sends one RTM_NEWLINK with IFLA_NET_NS_FD, parents by their index where ip runs. vlan and
// ipvlan are missing from the capture kernel: their bytes are checked here only.
import { captures, encodeRequest, expectSameAsCapture, type Capture } from '../golden';
import { Namespace } from '../../lib';
import { linkAddRequest } from '../../lib/codecs/link-request';
import { validateLinkSpec } from '../../lib/specs/link-spec';
import type { KindEncodeContext } from '../../lib/link-kinds';

// Real handles stand for the capture's <B> and <C>; the context hands the encoder ip's fd numbers.
let b: Namespace;
let c: Namespace;
beforeAll(() => { b = Namespace.current(); c = Namespace.current(); });
afterAll(() => { b.close(); c.close(); });

/** Where each namespace's fd goes in the request, as the capture's nsFds name it. */
const WHERE: Record<string, string> = { 'spec.namespace': 'IFLA_NET_NS_FD', 'peer.namespace': 'VETH_INFO_PEER/IFLA_NET_NS_FD' };

function contextFor(cap: Capture): KindEncodeContext {
  return {
    linkIndex: (ref) => (typeof ref === 'number' ? ref : cap.links[ref] ?? Number.NaN),
    namespaceFd: (ns, field) => {
      const fd = cap.nsFds?.find((f) => f.where === WHERE[field])?.fd;
      if (fd === undefined) throw new Error(`capture ${cap.id} has no fd at ${WHERE[field]} (${field})`);
      // The fd ip used for <B> or <C>, and the handle the spec gave for it.
      expect(ns).toBe(field === 'peer.namespace' ? c : b);
      return fd;
    },
  };
}

const specs: Record<string, () => Record<string, unknown>> = {
  'link-add-netns-macvlan': () => ({ kind: 'macvlan', name: 'mv0', parent: 'v0', mode: 'bridge', namespace: b }),
  'link-add-netns-macvlan-mtu': () => ({ kind: 'macvlan', name: 'mv1', parent: 'v0', mtu: 1400, mode: 'private', namespace: b }),
  'link-add-netns-vlan': () => ({ kind: 'vlan', name: 'v0.30', parent: 'v0', id: 30, namespace: b }),
  'link-add-netns-ipvlan': () => ({ kind: 'ipvlan', name: 'ipv0', parent: 'v0', mode: 'l2', namespace: b }),
  'link-add-netns-vxlan': () => ({ kind: 'vxlan', name: 'vx50', vni: 50, port: 4789, dev: 'v0', namespace: b }),
  'link-add-netns-bridge': () => ({ kind: 'bridge', name: 'br9', stp: false, namespace: b }),
  'link-add-netns-ifb': () => ({ kind: 'ifb', name: 'ifb9', namespace: b }),
  'link-add-netns-veth-both': () => ({ kind: 'veth', name: 'vk', namespace: b, peer: { name: 'vl', namespace: c } }),
  // the top-level mtu goes to the peer as well: ip sends this when told `peer ... mtu 1400`
  'link-add-veth-mtu-both': () => ({ kind: 'veth', name: 'vm', mtu: 1400, peer: { name: 'vn' } }),
  'link-add-veth-mtu-own-peer': () => ({ kind: 'veth', name: 'vo', mtu: 1400, peer: { name: 'vp', mtu: 1300 } }),
};

function ours(cap: Capture): Buffer {
  const v = validateLinkSpec(specs[cap.id]());
  const req = linkAddRequest(v.spec, v.codec, contextFor(cap));
  return encodeRequest(req.type, req.flags, req.encode);
}

test('every capture has a spec here, and every spec a capture', () => {
  expect(Object.keys(specs).sort()).toEqual(captures('links-elsewhere').map((x) => x.id).sort());
});

describe.each(captures('links-elsewhere').map((x) => [x.id, x] as const))('%s', (_id, cap) => {
  test(`matches \`ip ${cap.argv.join(' ')}\``, () => {
    expectSameAsCapture(ours(cap), cap);
  });
});

test('without the namespace the request differs (no IFLA_NET_NS_FD), so the comparison can fail', () => {
  const cap = captures('links-elsewhere').find((x) => x.id === 'link-add-netns-macvlan')!;
  const v = validateLinkSpec({ kind: 'macvlan', name: 'mv0', parent: 'v0', mode: 'bridge' });
  const req = linkAddRequest(v.spec, v.codec, contextFor(cap));
  expect(encodeRequest(req.type, req.flags, req.encode).length).toBe(Buffer.from(cap.request, 'hex').length - 8);
});

test('a veth peer without its own namespace goes where the link goes (the kernel alone would keep it here)', () => {
  const cap = captures('links-elsewhere').find((x) => x.id === 'link-add-netns-veth-both')!;
  const v = validateLinkSpec({ kind: 'veth', name: 'vk', namespace: b, peer: { name: 'vl' } });
  const fds: string[] = [];
  const ctx = { ...contextFor(cap), namespaceFd: (ns: unknown, field: string) => { fds.push(field); expect(ns).toBe(b); return 4; } };
  const req = linkAddRequest(v.spec, v.codec, ctx);
  encodeRequest(req.type, req.flags, req.encode);
  expect(fds).toEqual(['spec.namespace', 'spec.namespace']);
});

test('bad namespace values are refused before any request is built', () => {
  const closed = Namespace.current();
  closed.close();
  expect(() => validateLinkSpec({ kind: 'ifb', name: 'i0', namespace: closed })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
  expect(() => validateLinkSpec({ kind: 'ifb', name: 'i0', namespace: {} })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
  expect(() => validateLinkSpec({ kind: 'ifb', name: 'i%d', namespace: b })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
});
