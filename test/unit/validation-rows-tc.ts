// The validation table's rows for ns.tc's schemas (validation-table.test.ts spreads them into its
// TABLE): every field of every qdisc and class kind, with good values and bad ones with their code,
// through the same entry points the methods use.
import { classDelete, classWrite, qdiscDelete, qdiscWrite } from '../../lib/collections/tc-writes';
import { tcListSchema } from '../../lib/collections/tc';

const TYPE = 'ERR_INVALID_ARG_TYPE', VALUE = 'ERR_INVALID_ARG_VALUE', RANGE = 'ERR_OUT_OF_RANGE';
type Row = { good: unknown[]; bad: Array<[unknown, string]>; with?: Record<string, unknown> };
type Entry = { parse: (v: unknown) => unknown; base: Record<string, unknown>; rows: Record<string, Row> };

const dev: Row = { good: ['v0', 3], bad: [['a/b', VALUE], [0, RANGE], [{}, TYPE]] };
const handle: Row = { good: ['root', '1:10', 'ingress', 5], bad: [['1', VALUE], ['10000:', RANGE], [-1, RANGE], [{}, TYPE]] };
const qdiscHandle: Row = { good: ['1:', 0x20000], bad: [['1:10', VALUE], ['x:', VALUE], [1.5, RANGE], [true, TYPE]] };
const rate: Row = { good: ['1mbit', '100kbps', 8000], bad: [['1mbits', VALUE], [-1, RANGE], [null, TYPE]] };
const size: Row = { good: ['32kb', 1500], bad: [['32kib', VALUE], ['4gb', RANGE], [false, TYPE]] };
const time: Row = { good: ['50ms', 100], bad: [['5m', VALUE], [-1, RANGE], [[], TYPE]] };
const u32: Row = { good: [0, 0xffffffff], bad: [[-1, RANGE], [2 ** 32, RANGE], ['1', TYPE]] };
const bool: Row = { good: [true, false], bad: [[1, TYPE]] };
const kindRow = (kind: string): Row => ({ good: [kind], bad: [['sfq', VALUE], ['constructor', VALUE], [5, TYPE]] });
const kindText: Row = { good: ['tbf'], bad: [[5, TYPE], ['', VALUE], ['x'.repeat(16), RANGE]] };

const qdisc = (kind: string, base: Record<string, unknown>, rows: Record<string, Row>): Entry => ({
  parse: (v) => qdiscWrite('add', v), base: { dev: 'v0', kind, ...base },
  rows: { dev, parent: handle, handle: qdiscHandle, kind: kindRow(kind), ...rows },
});

export const tcRows: Record<string, Entry> = {
  'tbf qdisc': qdisc('tbf', { rate: '1mbit', burst: '32kb', latency: '50ms' }, {
    rate: { ...rate, bad: [...rate.bad, [0, RANGE]] }, burst: { ...size, bad: [...size.bad, [0, RANGE]] }, latency: time,
    limit: { ...size, with: { latency: undefined } }, peakrate: { ...rate, with: { mtu: 1600 } },
    mtu: size, mpu: size,
  }),
  'htb qdisc': qdisc('htb', {}, {
    default: { good: [16, '10', '0x1f'], bad: [['g', VALUE], [-1, RANGE], [{}, TYPE]] }, r2q: u32, directQlen: u32,
  }),
  'fq_codel qdisc': qdisc('fq_codel', {}, {
    limit: u32, flows: u32, target: time, interval: time, quantum: size, ecn: bool, ceThreshold: time, memoryLimit: size,
    dropBatch: { good: [1, 64], bad: [[0, RANGE], ['1', TYPE]] },
  }),
  'prio qdisc': qdisc('prio', {}, {
    bands: { good: [2, 16], bad: [[1, RANGE], [17, RANGE], ['3', TYPE]], with: { priomap: new Array(16).fill(1) } },
    priomap: { good: [[0, 1, 2], []], bad: [[5, TYPE], [[3], RANGE], [[16], RANGE], [new Array(17).fill(0), RANGE], [['0'], TYPE]] },
  }),
  'netem qdisc': qdisc('netem', {}, {
    delay: { ...time, bad: [...time.bad, ['300s', RANGE]] }, jitter: time,
    loss: { good: [0, 0.5, 100], bad: [[101, RANGE], [NaN, RANGE], ['1%', TYPE]] },
    rate: { ...rate, bad: [...rate.bad, ['40gbit', RANGE]] }, limit: u32,
  }),
  'ingress qdisc': qdisc('ingress', {}, {}),
  'clsact qdisc': qdisc('clsact', {}, {}),
  'htb class': {
    parse: (v) => classWrite('add', v), base: { dev: 'v0', parent: '1:', classid: '1:10', kind: 'htb', rate: '1mbit' },
    rows: {
      dev, parent: handle, classid: handle, kind: kindRow('htb'), rate: { ...rate, bad: [...rate.bad, [0, RANGE]] },
      ceil: { ...rate, bad: [...rate.bad, [0, RANGE]] }, burst: size, cburst: size,
      prio: { good: [0, 7], bad: [[8, RANGE], ['1', TYPE]] }, quantum: u32, mtu: size,
    },
  },
  'qdiscs.delete qdisc': {
    parse: (v) => qdiscDelete(v), base: { dev: 'v0' }, rows: { dev, parent: handle, handle: qdiscHandle, kind: kindText },
  },
  'classes.delete class': {
    parse: (v) => classDelete(v), base: { dev: 'v0', classid: '1:10' }, rows: { dev, classid: handle, parent: handle, kind: kindText },
  },
  'tc.list filter': { parse: (v) => tcListSchema.parse(v), base: {}, rows: { dev } },
};
