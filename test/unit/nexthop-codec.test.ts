// Nexthop requests byte for byte against iproute2 6.1 (test/fixtures/golden/nexthops.json).
import { NLM_F_CREATE, NLM_F_EXCL } from '../../lib/uapi/netlink';
import { RTM } from '../../lib/uapi/rtnetlink';
import { capture, captures, encodeRequest, expectSameAsCapture } from '../golden';
import { decodeNexthop, writeNexthopId, writeNexthopMessage } from '../../lib/codecs/nexthop-codec';
import { parseNexthopSpec } from '../../lib/specs/nexthop';
import type { NexthopSpec } from '../../lib/types/nexthop';

const cases: Array<[string, NexthopSpec]> = [
  ['nexthop-add-via', { id: 1, via: '10.0.0.2', dev: 'v0' }],
  ['nexthop-add-via-2', { id: 2, via: '10.0.0.3', dev: 'v0' }],
  ['nexthop-add-blackhole', { id: 3, blackhole: true }],
  ['nexthop-add-v6', { id: 4, via: '2001:db8::2', dev: 'v0' }],
  ['nexthop-add-group', { id: 10, group: [{ id: 1 }, { id: 2, weight: 2 }] }],
];

test.each(cases)('%s equals what ip nexthop sends', (id, spec) => {
  const c = capture('nexthops', id);
  const p = parseNexthopSpec(spec);
  const oif = p.dev === undefined ? undefined : c.links[p.dev as string];
  expectSameAsCapture(encodeRequest(RTM.NEWNEXTHOP, NLM_F_CREATE | NLM_F_EXCL, (w) => writeNexthopMessage(w, { ...p, oif })), c);
});

test('nexthop-del equals what ip nexthop del sends', () => {
  expectSameAsCapture(encodeRequest(RTM.DELNEXTHOP, 0, (w) => writeNexthopId(w, 10)), capture('nexthops', 'nexthop-del'));
  expect(captures('nexthops').map((c) => c.id).filter((id) => id !== 'nexthop-del' && !cases.some((x) => x[0] === id))).toEqual([]);
});

test.each<[unknown, string]>([
  [{ id: 0, blackhole: true }, 'ERR_OUT_OF_RANGE'],
  [{ id: 1 }, 'ERR_INVALID_ARG_VALUE'],
  [{ id: 1, group: [] }, 'ERR_INVALID_ARG_VALUE'],  // an array, but empty
  [{ id: 1, group: [{ id: 2, weight: 300 }] }, 'ERR_OUT_OF_RANGE'],
  [{ id: 1, blackhole: true, via: '10.0.0.1' }, 'ERR_INVALID_ARG_VALUE'],
  [{ id: 1, group: [{ id: 2 }], groupType: 'fancy' }, 'ERR_INVALID_ARG_VALUE'],
])('%j -> %s', (spec, code) => {
  expect(() => parseNexthopSpec(spec as NexthopSpec)).toThrow(expect.objectContaining({ code }));
});

test('decodeNexthop reads groups with their weights', () => {
  const p = parseNexthopSpec({ id: 10, group: [{ id: 1 }, { id: 2, weight: 200 }] });
  const b = encodeRequest(RTM.NEWNEXTHOP, 0, (w) => writeNexthopMessage(w, p));
  expect(decodeNexthop(b, 0, b.length)).toMatchObject({ id: 10, group: [{ id: 1, weight: 1 }, { id: 2, weight: 200 }], groupType: 'mpath' });
});
