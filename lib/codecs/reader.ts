// Reads netlink attributes with bounds checks: a malformed message is an error, never an
// out-of-bounds read.
import { NLA_TYPE_MASK } from '../uapi/netlink';

/** A message from the kernel that does not parse (truncated, bad lengths): never read past its bounds. */
export class MalformedMessageError extends Error {
  /** Always 'ERR_NETLINK_MALFORMED'. */
  readonly code = 'ERR_NETLINK_MALFORMED';
  /** what: the part that is malformed, put in the message. @internal */
  constructor(what: string) {
    super(`malformed netlink message: ${what}`);
    this.name = 'MalformedMessageError';
  }
}

export type AttrVisitor = (type: number, offset: number, length: number) => void;

/** Calls visit(type, payloadOffset, payloadLength) for every attribute in buf[start, end). */
export function forEachAttr(buf: Buffer, start: number, end: number, visit: AttrVisitor): void {
  if (end > buf.length) throw new MalformedMessageError('attributes run past the buffer');
  let p = start;
  while (p + 4 <= end) {
    const len = buf.readUInt16LE(p);
    if (len < 4 || p + len > end) throw new MalformedMessageError(`attribute length ${len} at offset ${p}`);
    visit(buf.readUInt16LE(p + 2) & NLA_TYPE_MASK, p + 4, len - 4);
    p += (len + 3) & ~3;
  }
}

/** Attributes of a range as a map type -> [offset, length] (the last one wins on repeats). */
export function attrTable(buf: Buffer, start: number, end: number): Map<number, [number, number]> {
  const table = new Map<number, [number, number]>();
  forEachAttr(buf, start, end, (type, off, len) => table.set(type, [off, len]));
  return table;
}

// Little-endian reads by bytes, for hot decoders whose caller checked the bounds already: Buffer's
// readUInt16LE/readUInt32LE check their arguments through several calls, which a fresh process
// runs in the interpreter for its first thousands of messages.
/** The u16 at b[o, o + 2), little-endian; the caller checked o + 2 <= b.length. */
export const u16le = (b: Buffer, o: number): number => b[o] | (b[o + 1] << 8);
/** The u32 at b[o, o + 4), little-endian; the caller checked o + 4 <= b.length. */
export const u32le = (b: Buffer, o: number): number => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

function need(len: number, min: number, what: string): void {
  if (len < min) throw new MalformedMessageError(`${what} attribute of ${len} bytes, expected ${min}`);
}

export const readU8 = (b: Buffer, off: number, len: number): number => (need(len, 1, 'u8'), b.readUInt8(off));
export const readU16 = (b: Buffer, off: number, len: number): number => (need(len, 2, 'u16'), b.readUInt16LE(off));
export const readU16BE = (b: Buffer, off: number, len: number): number => (need(len, 2, 'u16'), b.readUInt16BE(off));
export const readU32 = (b: Buffer, off: number, len: number): number => (need(len, 4, 'u32'), b.readUInt32LE(off));
export const readI32 = (b: Buffer, off: number, len: number): number => (need(len, 4, 's32'), b.readInt32LE(off));
export const readU64 = (b: Buffer, off: number, len: number): bigint => (need(len, 8, 'u64'), b.readBigUInt64LE(off));
/** A u64 counter as a number when it fits exactly (always, in practice), else a bigint-safe number. */
export const readU64Number = (b: Buffer, off: number, len: number): number => {
  need(len, 8, 'u64');
  return b.readUInt32LE(off + 4) * 0x100000000 + b.readUInt32LE(off);
};

/** A string attribute, without its terminating NUL. */
export function readString(b: Buffer, off: number, len: number): string {
  let end = off + len;
  const nul = b.indexOf(0, off);
  if (nul >= 0 && nul < end) end = nul;
  return b.toString('utf8', off, end);
}

/** A link-layer address as aa:bb:cc:... */
export function readMac(b: Buffer, off: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) {
    const h = b[off + i].toString(16);
    s += (i ? ':' : '') + (h.length === 1 ? '0' + h : h);
  }
  return s;
}

/** The decimal text of each byte value: a table lookup instead of a number-to-string conversion. */
const DECIMAL: readonly string[] = Array.from({ length: 256 }, (_, n) => String(n));

/** An IPv4 address from 4 bytes as a dotted quad. */
export function readIPv4(b: Buffer, off: number): string {
  return DECIMAL[b[off]] + '.' + DECIMAL[b[off + 1]] + '.' + DECIMAL[b[off + 2]] + '.' + DECIMAL[b[off + 3]];
}

/** '/0' to '/255': a prefix length as text, by table lookup. */
export const SLASH_LENGTH: readonly string[] = Array.from({ length: 256 }, (_, n) => `/${n}`);
/** Per prefix length (filled on first use): the last octet and the length, e.g. '7/32'. */
const TAILS: Array<readonly string[] | undefined> = [];
// The first three octets of the last prefix read, and their text ('198.18.4.'): a dump lists
// prefixes in order, so neighbours share them.
let lastHead = -1;
let lastHeadText = '';

/**
 * An IPv4 prefix from 4 address bytes and its length, as 'a.b.c.d/len'. Built as the shared text of
 * the first three octets joined to a shared tail: one small string per prefix instead of a chain of
 * them (this runs for every route of a dump, and dumps keep what it returns).
 */
export function readIPv4Prefix(b: Buffer, off: number, length: number): string {
  const head = (b[off] << 16) | (b[off + 1] << 8) | b[off + 2];
  if (head !== lastHead) {
    lastHeadText = DECIMAL[b[off]] + '.' + DECIMAL[b[off + 1]] + '.' + DECIMAL[b[off + 2]] + '.';
    lastHead = head;
  }
  const tails = TAILS[length] ??= DECIMAL.map((d) => d + SLASH_LENGTH[length]);
  return lastHeadText + tails[b[off + 3]];
}

/** An IPv4 or IPv6 prefix ('addr/len') from the address bytes (4 or 16) and its length. */
export function readPrefix(b: Buffer, off: number, len: number, length: number): string {
  if (len === 4) return readIPv4Prefix(b, off, length);
  return readIp(b, off, len) + SLASH_LENGTH[length];
}

/** An IPv4 (4 bytes) or IPv6 (16 bytes) address in its usual text form. */
export function readIp(b: Buffer, off: number, len: number): string {
  if (len === 4) return readIPv4(b, off);
  if (len === 16) return formatIPv6(b, off);
  throw new MalformedMessageError(`address attribute of ${len} bytes`);
}

function formatIPv6(b: Buffer, off: number): string {
  const word = (i: number): number => (b[off + 2 * i] << 8) | b[off + 2 * i + 1];
  // RFC 5952: compress the first longest run (>= 2) of zero words. One pass, no arrays: this runs
  // for every address of an IPv6 dump.
  let bestStart = -1, bestLen = 1, runStart = -1;
  for (let i = 0; i < 8; i++) {
    if (word(i) !== 0) { runStart = -1; continue; }
    if (runStart < 0) runStart = i;
    if (i - runStart + 1 > bestLen) { bestStart = runStart; bestLen = i - runStart + 1; }
  }
  // IPv4-mapped ::ffff:a.b.c.d
  if (bestStart === 0 && bestLen === 5 && word(5) === 0xffff) return `::ffff:${readIPv4(b, off + 12)}`;
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      s += '::';
      i += bestLen - 1;
    } else {
      s += i === 0 || i === bestStart + bestLen ? word(i).toString(16) : ':' + word(i).toString(16);
    }
  }
  return s;
}

/** A copy of an attribute's payload, for attributes kept raw. */
export const readRaw = (b: Buffer, off: number, len: number): Buffer => Buffer.from(b.subarray(off, off + len));
