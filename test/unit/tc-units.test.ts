// tc's units as tc(8) reads them (iproute2 tc/tc_util.c get_rate64, get_size, get_time,
// get_tc_classid, sprint_tc_classid) and tc_core.c's tick and rate-table arithmetic. What tc itself
// makes of the same strings is checked live in test/integration/tc.test.ts and, through the
// request bytes, in tc-golden.test.ts.
import { formatHandle, parseHandle, parseRate, parseSize, parseTime } from '../../lib/specs/tc-units';
import { parsePsched, rateTable, xmitSize, xmitTime } from '../../lib/codecs/tc-rate';

const TYPE = 'ERR_INVALID_ARG_TYPE', VALUE = 'ERR_INVALID_ARG_VALUE', RANGE = 'ERR_OUT_OF_RANGE';
const fails = (f: () => unknown, code: string, name: string): void => {
  expect(f).toThrow(expect.objectContaining({ code, message: expect.stringContaining(`"${name}"`) }));
};

test('parseRate: bytes per second; bits or bytes suffixes, case-insensitive; a bare number is bits', () => {
  expect(parseRate('10mbit', 'r')).toBe(1_250_000);
  expect(parseRate('1gbit', 'r')).toBe(125_000_000);
  expect(parseRate('1Mbit', 'r')).toBe(125_000);
  expect(parseRate('1mibit', 'r')).toBe(131_072);
  expect(parseRate('100kbps', 'r')).toBe(100_000);  // kilobytes per second, as tc
  expect(parseRate('1KiBps', 'r')).toBe(1024);
  expect(parseRate('800bit', 'r')).toBe(100);
  expect(parseRate('1.5mbit', 'r')).toBe(187_500);
  expect(parseRate('40gbit', 'r')).toBe(5_000_000_000);  // beyond 32 bits: the 64-bit attribute carries it
  expect(parseRate(8000, 'r')).toBe(1000);
  expect(parseRate('12', 'r')).toBe(1);  // truncated, as tc
  fails(() => parseRate('10mbits', 'r'), VALUE, 'r');
  fails(() => parseRate('mbit', 'r'), VALUE, 'r');
  fails(() => parseRate('10 mbit', 'r'), VALUE, 'r');
  fails(() => parseRate('-1mbit', 'r'), RANGE, 'r');
  fails(() => parseRate(Infinity, 'r'), RANGE, 'r');
  fails(() => parseRate(null, 'r'), TYPE, 'r');
});

test('parseSize: bytes; k/kb/m/mb/g/gb are powers of 1024, kbit/mbit/gbit eighths of them', () => {
  expect(parseSize('32kb', 's')).toBe(32_768);
  expect(parseSize('32K', 's')).toBe(32_768);
  expect(parseSize('1mb', 's')).toBe(1_048_576);
  expect(parseSize('1500', 's')).toBe(1500);
  expect(parseSize('1500b', 's')).toBe(1500);
  expect(parseSize('1kbit', 's')).toBe(128);
  expect(parseSize('1.5k', 's')).toBe(1536);
  expect(parseSize(9000, 's')).toBe(9000);
  fails(() => parseSize('10xb', 's'), VALUE, 's');
  fails(() => parseSize('4gb', 's'), RANGE, 's');  // the kernel's fields are u32
  fails(() => parseSize(true, 's'), TYPE, 's');
});

test('parseTime: microseconds from s/sec/ms/msec/us/usec', () => {
  expect(parseTime('50ms', 't')).toBe(50_000);
  expect(parseTime('1s', 't')).toBe(1_000_000);
  expect(parseTime('2secs', 't')).toBe(2_000_000);
  expect(parseTime('100us', 't')).toBe(100);
  expect(parseTime('1.5ms', 't')).toBe(1500);
  expect(parseTime(250, 't')).toBe(250);
  fails(() => parseTime('5m', 't'), VALUE, 't');
  fails(() => parseTime('5000s', 't'), RANGE, 't');
  fails(() => parseTime([], 't'), TYPE, 't');
});

test('parseHandle: keywords, hexadecimal MAJ:MIN, numbers', () => {
  expect(parseHandle('root', 'h')).toBe(0xffffffff);
  expect(parseHandle('ingress', 'h')).toBe(0xfffffff1);
  expect(parseHandle('clsact', 'h')).toBe(0xfffffff1);
  expect(parseHandle('none', 'h')).toBe(0);
  expect(parseHandle('1:', 'h')).toBe(0x10000);
  expect(parseHandle('1:10', 'h')).toBe(0x10010);
  expect(parseHandle('ffff:', 'h')).toBe(0xffff0000);
  expect(parseHandle('a:1f', 'h')).toBe(0xa001f);
  expect(parseHandle(':5', 'h')).toBe(5);
  expect(parseHandle(0x10010, 'h')).toBe(0x10010);
  fails(() => parseHandle('1', 'h'), VALUE, 'h');
  fails(() => parseHandle('1:g', 'h'), VALUE, 'h');
  fails(() => parseHandle('10000:', 'h'), RANGE, 'h');
  fails(() => parseHandle(-1, 'h'), RANGE, 'h');
  fails(() => parseHandle(2 ** 32, 'h'), RANGE, 'h');
  fails(() => parseHandle({}, 'h'), TYPE, 'h');
});

test('formatHandle prints as tc prints, and parses back', () => {
  const cases: Array<[number, string]> = [[0xffffffff, 'root'], [0, 'none'], [0x10000, '1:'], [0x10010, '1:10'], [0xffff0000, 'ffff:'], [0xfffffff1, 'ffff:fff1'], [5, ':5']];
  for (const [n, text] of cases) {
    expect(formatHandle(n)).toBe(text);
    if (text !== 'ffff:fff1') expect(parseHandle(text, 'h')).toBe(n);
  }
});

test('psched: tc_core_init arithmetic, including the kernel\'s nanosecond-clock compatibility word', () => {
  expect(parsePsched('000003e8 00000040 000f4240 3b9aca00\n')).toEqual({ tickInUsec: 15.625, clockFactor: 1, hz: 1e9 });
  expect(parsePsched('00000001 00000001 3b9aca00 3b9aca00')).toEqual({ tickInUsec: 1000, clockFactor: 1000, hz: 1000 });
  expect(parsePsched(undefined)).toEqual({ tickInUsec: 1, clockFactor: 1, hz: 1000 });
});

test('rate table: cell_log from mtu, transmit time of each cell size, mpu and ATM cells', () => {
  // this kernel's psched (15.625 ticks per µs), as tc reads it
  const { table, spec } = rateTable({ rate: 125_000 });
  expect(spec).toEqual({ cellLog: 3, linklayer: 1, overhead: 0, cellAlign: -1, mpu: 0, rate: 125_000 });
  expect(table.readUInt32LE(0)).toBe(xmitTime(125_000, 8));
  expect(table.readUInt32LE(255 * 4)).toBe(xmitTime(125_000, 2048));
  expect(rateTable({ rate: 125_000, mtu: 9000 }).spec.cellLog).toBe(6);
  expect(rateTable({ rate: 125_000, mpu: 64 }).table.readUInt32LE(0)).toBe(xmitTime(125_000, 64));
  expect(rateTable({ rate: 125_000, linklayer: 'atm' }).table.readUInt32LE(0)).toBe(xmitTime(125_000, 53));
  expect(rateTable({ rate: 2 ** 33 }).spec.rate).toBe(0xffffffff);
  // xmitSize inverts xmitTime up to the tick's rounding
  expect(Math.abs(xmitSize(125_000, xmitTime(125_000, 32_768)) - 32_768)).toBeLessThanOrEqual(1);
});
