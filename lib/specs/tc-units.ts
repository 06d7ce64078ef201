// tc's units, read as tc(8) reads them (iproute2 tc/tc_util.c: get_rate64, get_size, get_time,
// get_tc_classid): a string with tc's suffixes, or a number in tc's bare unit. Bad input is a
// TypeError/RangeError with Node's code, before any system call.
import { invalidArgType, invalidArgValue, outOfRange } from '../errors';
import { TC_H } from '../uapi/pkt_sched';

// strtod's decimal forms; what follows is the suffix.
const NUMBER = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(.*)$/i;

/** Suffix -> scale, matched case-insensitively as tc does (strcasecmp). Null prototype: no inherited names. */
const table = (entries: Record<string, number>): Readonly<Record<string, number>> => {
  const t = Object.create(null) as Record<string, number>;
  for (const [k, v] of Object.entries(entries)) t[k.toLowerCase()] = v;
  return Object.freeze(t);
};

// tc_util.c suffixes[]: bits, or bytes (×8); 'kbps' is kilobytes per second, as in tc.
const RATE = table({
  '': 1, bit: 1, kibit: 1024, kbit: 1e3, mibit: 1024 ** 2, mbit: 1e6, gibit: 1024 ** 3, gbit: 1e9,
  tibit: 1024 ** 4, tbit: 1e12, bps: 8, kibps: 8 * 1024, kbps: 8e3, mibps: 8 * 1024 ** 2, mbps: 8e6,
  gibps: 8 * 1024 ** 3, gbps: 8e9, tibps: 8 * 1024 ** 4, tbps: 8e12,
});
const SIZE = table({ '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, kbit: 1024 / 8, mbit: 1024 ** 2 / 8, gbit: 1024 ** 3 / 8 });
const TIME = table({ '': 1, s: 1e6, sec: 1e6, secs: 1e6, ms: 1e3, msec: 1e3, msecs: 1e3, us: 1, usec: 1, usecs: 1 });

const U32_MAX = 0xffffffff;

function scaled(v: unknown, field: string, units: Readonly<Record<string, number>>, expected: string, example: string): number {
  let n: number;
  if (typeof v === 'number') {
    n = v;
  } else if (typeof v === 'string') {
    const m = NUMBER.exec(v);
    const scale = m ? units[m[2].toLowerCase()] : undefined;
    if (!m || scale === undefined) throw invalidArgValue(field, v, `must be ${expected} (like ${example})`);
    n = Number(m[1]) * scale;
  } else {
    throw invalidArgType(field, `a number or a string like ${example}`, v);
  }
  if (!Number.isFinite(n) || n < 0) throw outOfRange(field, 'a finite number >= 0', v);
  return n;
}

/** A rate in bytes per second: '10mbit', '1gbit', '100kbps' (bytes), '1mibit'; a bare number is bits per second. */
export function parseRate(v: unknown, field: string): number {
  const bytes = Math.floor(scaled(v, field, RATE, 'a rate', "'10mbit'") / 8);
  if (bytes > Number.MAX_SAFE_INTEGER) throw outOfRange(field, `at most ${Number.MAX_SAFE_INTEGER} bytes per second`, v);
  return bytes;
}

/** A size in bytes: '32kb', '1mb', '1500' (bare: bytes); kb/k/mb/gb are powers of 1024, as in tc. */
export function parseSize(v: unknown, field: string): number {
  const n = Math.floor(scaled(v, field, SIZE, 'a size', "'32kb'"));
  if (n > U32_MAX) throw outOfRange(field, `at most ${U32_MAX} bytes`, v);
  return n;
}

/** A time in microseconds: '50ms', '1s', '100us' (bare: µs). */
export function parseTime(v: unknown, field: string): number {
  const n = Math.floor(scaled(v, field, TIME, 'a time', "'50ms'"));
  if (n > U32_MAX) throw outOfRange(field, `at most ${U32_MAX} µs`, v);
  return n;
}

const KEYWORDS = table({ root: TC_H.ROOT, none: TC_H.UNSPEC, ingress: TC_H.INGRESS, clsact: TC_H.CLSACT });
const MAJ_MIN = /^([0-9a-f]*):([0-9a-f]*)$/i;

/**
 * A handle or class id as a u32: 'root', 'ingress', 'clsact', 'none', 'MAJ:' or 'MAJ:MIN' with both
 * halves hexadecimal as tc reads them ('1:10' is 0x10010), or a number.
 */
export function parseHandle(v: unknown, field: string): number {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || v > U32_MAX) throw outOfRange(field, `an integer from 0 to ${U32_MAX}`, v);
    return v;
  }
  if (typeof v !== 'string') throw invalidArgType(field, "a handle like '1:' or '1:10', or a number", v);
  const keyword = KEYWORDS[v];
  if (keyword !== undefined) return keyword;
  const m = MAJ_MIN.exec(v);
  if (!m) throw invalidArgValue(field, v, "must be 'root', 'ingress', 'clsact', 'none' or hexadecimal 'MAJ:' / 'MAJ:MIN'");
  const maj = m[1] === '' ? 0 : parseInt(m[1], 16);
  const min = m[2] === '' ? 0 : parseInt(m[2], 16);
  if (maj > 0xffff || min > 0xffff) throw outOfRange(field, 'hexadecimal halves of at most ffff', v);
  return ((maj << 16) | min) >>> 0;
}

/** tc's text of a handle (sprint_tc_classid): 'root', 'none', '1:', '1:10', ':5', 'ffff:fff1'. */
export function formatHandle(h: number): string {
  if (h === TC_H.ROOT) return 'root';
  if (h === TC_H.UNSPEC) return 'none';
  const maj = h >>> 16, min = h & 0xffff;
  if (maj === 0) return `:${min.toString(16)}`;
  if (min === 0) return `${maj.toString(16)}:`;
  return `${maj.toString(16)}:${min.toString(16)}`;
}
