// Bridge port options and link flags (test/fixtures/golden/link-options.json), rebuilt with this
// library's request builder from typed changes: the bytes must be iproute2's (seq and port aside).
import { captures, encodeRequest, expectSameAsCapture, type Capture } from '../golden';
import { linkSetRequest } from '../../lib/codecs/link-request';
import { validateLinkChanges } from '../../lib/specs/link-spec';
import type { KindEncodeContext } from '../../lib/link-kinds';

const NO_NAMES: KindEncodeContext = {
  linkIndex: () => { throw new Error('no names here'); },
  namespaceFd: () => { throw new Error('no namespaces here'); },
};

const cases: Record<string, [string, Record<string, unknown>]> = {
  'port-set-hairpin': ['v1', { port: { hairpin: true } }],
  'port-set-all': ['v1', {
    port: {
      state: 'forwarding', priority: 10, cost: 100, hairpin: true, guard: true, learning: false, flood: false,
      mcastFlood: false, neighSuppress: true, isolated: true,
    },
  }],
  'port-set-with-up-mtu': ['v1', { up: true, mtu: 1400, port: { learning: false } }],
  'link-set-promisc-on': ['v0', { promisc: true }],
  'link-set-promisc-off': ['v0', { promisc: false }],
  'link-set-allmulticast-on': ['v0', { allmulti: true }],
  'link-set-arp-off': ['v0', { arp: false }],
  'link-set-arp-on': ['v0', { arp: true }],
  'link-set-multicast-off': ['v0', { multicast: false }],
  'link-set-flags-all': ['v0', { up: true, promisc: true, allmulti: false, arp: false, multicast: true }],
  'link-set-carrier-off': ['v0', { carrier: false }],
  'link-set-mtu-carrier-on': ['v0', { mtu: 1400, carrier: true }],
};

function build(c: Capture, dev: string, changes: Record<string, unknown>): Buffer {
  const req = linkSetRequest({ index: c.links[dev] }, validateLinkChanges(changes).changes, NO_NAMES);
  return encodeRequest(req.type, req.flags, req.encode);
}

test('every capture of the group has a case here', () => {
  expect(captures('link-options').map((c) => c.id).sort()).toEqual(Object.keys(cases).sort());
});

test.each(Object.keys(cases))('%s: same bytes as iproute2', (id) => {
  const c = captures('link-options').find((x) => x.id === id)!;
  const [dev, changes] = cases[id];
  expectSameAsCapture(build(c, dev, changes), c);
});

test('a state by number encodes as by name', () => {
  const c = captures('link-options').find((x) => x.id === 'port-set-all')!;
  const [dev, changes] = cases['port-set-all'];
  const byNumber = { ...changes, port: { ...(changes.port as object), state: 3 } };
  expectSameAsCapture(build(c, dev, byNumber), c);
});
