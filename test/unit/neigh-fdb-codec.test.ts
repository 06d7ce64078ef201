// Neighbour and bridge fdb requests byte for byte against iproute2 6.1 (neighbors.json, fdb.json).
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../../lib/uapi/netlink';
import { RTM } from '../../lib/uapi/rtnetlink';
import { capture, captures, encodeRequest, expectSameAsCapture } from '../golden';
import { decodeNeighbor, writeNeighborMessage } from '../../lib/codecs/neigh-codec';
import { parseNeighborSpec } from '../../lib/specs/neighbor';
import type { NeighborSpec } from '../../lib/types/neighbor';
import { decodeFdb, writeFdbMessage } from '../../lib/codecs/fdb-codec';
import { parseFdbSpec } from '../../lib/specs/fdb';
import type { FdbSpec } from '../../lib/types/fdb';
import { MalformedMessageError } from '../../lib/codecs/reader';

type Op = 'add' | 'replace' | 'delete';
const FLAGS: Record<Op, number> = { add: NLM_F_CREATE | NLM_F_EXCL, replace: NLM_F_CREATE | NLM_F_REPLACE, delete: 0 };
const TYPE = (op: Op): number => (op === 'delete' ? RTM.DELNEIGH : RTM.NEWNEIGH);

const neighCases: Array<[string, Op, NeighborSpec]> = [
  ['neigh-add-permanent', 'add', { address: '10.0.0.9', lladdr: '02:00:00:00:00:09', dev: 'v0', state: 'permanent' }],
  ['neigh-add-reachable', 'add', { address: '10.0.0.20', lladdr: '02:00:00:00:00:20', dev: 'v0', state: 'reachable' }],
  ['neigh-add-stale', 'add', { address: '10.0.0.21', lladdr: '02:00:00:00:00:21', dev: 'v0', state: 'stale' }],
  ['neigh-add-noarp', 'add', { address: '10.0.0.22', lladdr: '02:00:00:00:00:22', dev: 'v0', state: 'noarp' }],
  ['neigh-replace', 'replace', { address: '10.0.0.9', lladdr: '02:00:00:00:00:19', dev: 'v0' }],
  ['neigh-add-proxy', 'add', { address: '10.0.0.50', dev: 'v0', proxy: true }],
  ['neigh-del', 'delete', { address: '10.0.0.9', dev: 'v0' }],
  ['neigh-del-proxy', 'delete', { address: '10.0.0.50', dev: 'v0', proxy: true }],
  ['neigh6-add-permanent', 'add', { address: '2001:db8::9', lladdr: '02:00:00:00:00:99', dev: 'v0' }],
  ['neigh6-del', 'delete', { address: '2001:db8::9', dev: 'v0' }],
];

test.each(neighCases)('%s equals what ip neigh sends', (id, op, spec) => {
  const c = capture('neighbors', id);
  const { dev, msg } = parseNeighborSpec(spec, op);
  const ours = encodeRequest(TYPE(op), FLAGS[op], (w) => writeNeighborMessage(w, { ...msg, ifindex: c.links[dev as string] }));
  expectSameAsCapture(ours, c);
});

const fdbCases: Array<[string, Op, FdbSpec]> = [
  ['fdb-add-master', 'add', { lladdr: '02:00:00:00:00:10', dev: 'v1', master: true }],
  ['fdb-add-master-static', 'add', { lladdr: '02:00:00:00:00:11', dev: 'v1', master: true, state: 'static' }],
  ['fdb-add-master-vlan', 'add', { lladdr: '02:00:00:00:00:12', dev: 'v1', master: true, state: 'static', vlan: 1 }],
  ['fdb-replace-master', 'replace', { lladdr: '02:00:00:00:00:10', dev: 'v1', master: true }],
  ['fdb-del-master', 'delete', { lladdr: '02:00:00:00:00:10', dev: 'v1', master: true }],
];

test.each(fdbCases)('%s equals what bridge fdb sends', (id, op, spec) => {
  const c = capture('fdb', id);
  const { dev, msg } = parseFdbSpec(spec);
  const ours = encodeRequest(TYPE(op), FLAGS[op], (w) => writeFdbMessage(w, { ...msg, ifindex: c.links[dev as string] }));
  expectSameAsCapture(ours, c);
});

test('every neighbour and fdb capture is covered', () => {
  const covered = new Set([...neighCases, ...fdbCases].map((c) => c[0]));
  const all = [...captures('neighbors'), ...captures('fdb')].map((c) => c.id);
  expect(all.filter((id) => !covered.has(id))).toEqual([]);
});

test.each<[unknown, string]>([
  [{ dev: 'v0', address: '10.0.0.1', lladdr: 'zz:00:00:00:00:01' }, 'ERR_INVALID_ARG_VALUE'],
  [{ dev: 'v0', address: 'ten' }, 'ERR_INVALID_ARG_VALUE'],
  [{ dev: 0, address: '10.0.0.1' }, 'ERR_OUT_OF_RANGE'],
  [{ dev: 'v0', address: '10.0.0.1', state: 'happy' }, 'ERR_INVALID_ARG_VALUE'],
  [{ dev: 'v0', address: '10.0.0.1', proxy: 1 }, 'ERR_INVALID_ARG_TYPE'],
])('neighbor %j -> %s', (spec, code) => {
  expect(() => parseNeighborSpec(spec as NeighborSpec, 'add')).toThrow(expect.objectContaining({ code }));
});

test.each<[unknown, string]>([
  [{ dev: 'v0', lladdr: '02:00:00:00:00' }, 'ERR_INVALID_ARG_VALUE'],
  [{ dev: 'v0', lladdr: '02:00:00:00:00:01', vlan: 4095 }, 'ERR_OUT_OF_RANGE'],
  [{ dev: 'v0', lladdr: '02:00:00:00:00:01', state: 'local' }, 'ERR_INVALID_ARG_VALUE'],
])('fdb %j -> %s', (spec, code) => {
  expect(() => parseFdbSpec(spec as FdbSpec)).toThrow(expect.objectContaining({ code }));
});

test('decoders read what the encoders write and reject truncation', () => {
  const { msg } = parseNeighborSpec({ dev: 'v0', address: '2001:db8::9', lladdr: '02:00:00:00:00:99', router: true }, 'add');
  const n = encodeRequest(RTM.NEWNEIGH, 0, (w) => writeNeighborMessage(w, { ...msg, ifindex: 3 }));
  expect(decodeNeighbor(n, 0, n.length, new Map([[3, 'v0']]))).toMatchObject({
    family: 6, address: '2001:db8::9', lladdr: '02:00:00:00:00:99', dev: 'v0', ifindex: 3, state: 'permanent', router: true, proxy: false,
  });
  const f = parseFdbSpec({ dev: 'vx0', lladdr: '02:00:00:00:00:01', dst: '192.0.2.1', vni: 42, port: 4789 });
  const fb = encodeRequest(RTM.NEWNEIGH, 0, (w) => writeFdbMessage(w, { ...f.msg, ifindex: 9 }));
  expect(decodeFdb(fb, 0, fb.length)).toMatchObject({ lladdr: '02:00:00:00:00:01', dst: '192.0.2.1', vni: 42, port: 4789, state: 'permanent', flags: ['self'] });
  expect(() => decodeNeighbor(n, 0, 24)).toThrow(MalformedMessageError);
  const cut = Buffer.from(n);
  cut.writeUInt16LE(100, 28);
  expect(() => decodeNeighbor(cut, 0, cut.length)).toThrow(MalformedMessageError);
});
