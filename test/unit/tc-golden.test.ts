// Every `tc qdisc` / `tc class` capture in test/fixtures/golden/tc.json, rebuilt by ns.tc's write
// builders from the same typed arguments: the bytes (flags included) must be tc's own, sequence
// number and port aside. fq_codel, prio and netem are missing from this kernel: they are covered
// here by their bytes (test/integration/tc.test.ts probes for them).
import { captures, encodeRequest, expectSameAsCapture, type Capture } from '../golden';
import { classDelete, classWrite, qdiscDelete, qdiscWrite } from '../../lib/collections/tc-writes';
import type { PreparedWrite } from '../../lib/collections/writes';

const v0 = { dev: 'v0' };

/** The library's call for each capture id. */
const CASES: Record<string, () => PreparedWrite> = {
  'qdisc-add-tbf': () => qdiscWrite('add', { ...v0, parent: 'root', handle: '1:', kind: 'tbf', rate: '1mbit', burst: '32kb', latency: '50ms' }),
  'qdisc-replace-tbf-limit-peakrate': () => qdiscWrite('replace', { ...v0, handle: '1:', kind: 'tbf', rate: '10mbit', burst: '10kb', limit: '100kb', peakrate: '20mbit', mtu: 1600 }),
  'qdisc-change-tbf-peakrate-latency': () => qdiscWrite('change', { ...v0, handle: '1:', kind: 'tbf', rate: 5_000_000, burst: 20 * 1024, latency: 20_000, peakrate: '8mbit', mtu: '2kb', mpu: 64 }),
  'qdisc-replace-tbf-rate64': () => qdiscWrite('replace', { ...v0, handle: 0x10000, kind: 'tbf', rate: '40gbit', burst: '1mb', latency: '10ms' }),
  'qdisc-del-root': () => qdiscDelete({ ...v0, parent: 'root' }),
  'qdisc-add-htb': () => qdiscWrite('add', { ...v0, handle: '1:', kind: 'htb', default: '10' }),
  'class-add-htb': () => classWrite('add', { ...v0, parent: '1:', classid: '1:10', kind: 'htb', rate: '5mbit' }),
  'class-add-htb-options': () => classWrite('add', {
    ...v0, parent: '1:', classid: '1:20', kind: 'htb', rate: '2mbit', ceil: '10mbit', burst: '15k', cburst: '20k', prio: 1, quantum: 1500, mtu: 9000,
  }),
  'class-replace-htb-rate64': () => classWrite('replace', { ...v0, parent: '1:', classid: '1:20', kind: 'htb', rate: '10gbit', ceil: '40gbit' }),
  'class-change-htb': () => classWrite('change', { ...v0, parent: '1:', classid: '1:10', kind: 'htb', rate: '3mbit', ceil: '4mbit' }),
  'class-del': () => classDelete({ ...v0, classid: '1:20' }),
  'qdisc-replace-htb-r2q': () => qdiscWrite('replace', { ...v0, handle: '1:', kind: 'htb', default: 0x1f, r2q: 5, directQlen: 100 }),
  'qdisc-del-handle': () => qdiscDelete({ ...v0, handle: '1:' }),
  'qdisc-add-ingress': () => qdiscWrite('add', { ...v0, kind: 'ingress' }),
  'qdisc-del-ingress': () => qdiscDelete({ ...v0, kind: 'ingress' }),
  'qdisc-add-clsact': () => qdiscWrite('add', { ...v0, kind: 'clsact' }),
  'qdisc-del-clsact': () => qdiscDelete({ ...v0, kind: 'clsact' }),
  'qdisc-add-fq_codel': () => qdiscWrite('add', { ...v0, kind: 'fq_codel' }),
  'qdisc-add-fq_codel-options': () => qdiscWrite('add', {
    ...v0, handle: '2:', kind: 'fq_codel', limit: 2000, flows: 512, target: '4ms', interval: '90ms', quantum: 1514, ecn: true,
    ceThreshold: '2ms', memoryLimit: '32mb', dropBatch: 32,
  }),
  'qdisc-add-fq_codel-noecn': () => qdiscWrite('replace', { ...v0, kind: 'fq_codel', ecn: false }),
  'qdisc-add-prio': () => qdiscWrite('add', { ...v0, handle: '1:', kind: 'prio' }),
  'qdisc-add-prio-bands-priomap': () => qdiscWrite('add', { ...v0, handle: '1:', kind: 'prio', bands: 4, priomap: [3, 2, 1, 0] }),
  'qdisc-add-netem-delay': () => qdiscWrite('add', { ...v0, kind: 'netem', delay: '10ms' }),
  'qdisc-add-netem-full': () => qdiscWrite('add', { ...v0, handle: '3:', kind: 'netem', delay: '10ms', jitter: '2ms', loss: 1, rate: '1mbit', limit: 500 }),
  'qdisc-add-netem-loss': () => qdiscWrite('add', { ...v0, parent: '1:1', kind: 'netem', loss: 0.5 }),
};

function ours(c: Capture, write: PreparedWrite): Buffer {
  const r = write.request((ref) => (typeof ref === 'number' ? ref : c.links[ref]));
  return encodeRequest(r.type, r.flags, r.encode);
}

const all = captures('tc');

test('every capture has a case, and every case a capture', () => {
  expect(all.map((c) => c.id).sort()).toEqual(Object.keys(CASES).sort());
});

test.each(all.map((c) => [c.id, c] as const))('%s: the bytes tc sends', (_id, c) => {
  expectSameAsCapture(ours(c, CASES[c.id]()), c);
});
