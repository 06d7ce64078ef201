// Builds netlink messages: nlmsghdr, a fixed family header, then attributes (TLVs, 4-byte aligned).
import { NLA_F_NESTED, NLMSG_HDRLEN } from '../uapi/netlink';
import { outOfRange } from '../errors';

const align4 = (n: number): number => (n + 3) & ~3;

// Numbers are stored byte by byte, not with Buffer's writeUInt16LE/writeUInt32LE: those validate
// through several calls each, which a fresh process runs in the interpreter for its first
// thousands of requests (a link set writes about twenty numbers). A Uint8Array store keeps the
// low 8 bits, as the masks below did; callers reserve the room first.
function put16(b: Buffer, o: number, v: number): void {
  b[o] = v;
  b[o + 1] = v >>> 8;
}
function put32(b: Buffer, o: number, v: number): void {
  b[o] = v;
  b[o + 1] = v >>> 8;
  b[o + 2] = v >>> 16;
  b[o + 3] = v >>> 24;
}
/** Longest string attrString copies itself when it is ASCII; longer ones go through Buffer.write. */
const SHORT_STRING = 64;

/** s's length if it is short and all ASCII (one byte per character), else -1. */
function shortAscii(s: string): number {
  if (s.length > SHORT_STRING) return -1;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return -1;
  return s.length;
}
/** nla_len is 16 bits and counts the 4-byte header. */
const MAX_ATTR_LEN = 0xffff;

/**
 * The last line of defence behind validation: an attribute too long for nla_len. Without it,
 * writeUInt16LE would throw "The value of "value" is out of range", naming nothing the caller knows.
 */
function attributeTooLong(type: number, len: number): Error {
  return outOfRange(`netlink attribute ${type & 0x3fff}`, `at most ${MAX_ATTR_LEN} bytes with its header (nla_len is 16 bits)`, len);
}

/**
 * Builds netlink messages into a growing buffer: what RequestSpec.encode writes the family header
 * and attributes with. Numbers are host order (little-endian) unless the name says BE.
 */
export class MessageWriter {
  private buf: Buffer;
  /** The write position: bytes written so far. */
  pos = 0;

  constructor(initialSize = 4096) {
    this.buf = Buffer.alloc(initialSize);
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.alloc(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Starts a message; returns its offset, to pass to end(). seq and port are left 0. */
  begin(type: number, flags: number): number {
    const start = this.pos;
    this.reserve(NLMSG_HDRLEN);
    const b = this.buf;
    put32(b, start, 0);
    put16(b, start + 4, type);
    put16(b, start + 6, flags);
    put32(b, start + 8, 0);
    put32(b, start + 12, 0);
    this.pos += NLMSG_HDRLEN;
    return start;
  }

  /** Patches the message length and pads to alignment. */
  end(start: number): void {
    put32(this.buf, start, this.pos - start);
    this.pad();
  }

  /** Sets the nlmsg_seq of the message begun at start. */
  setSeq(start: number, seq: number): void {
    put32(this.buf, start + 8, seq);
  }

  // ---- raw fields (family headers) ----
  /** One byte. */
  u8(v: number): this { this.reserve(1); this.buf[this.pos] = v; this.pos += 1; return this; }
  /** A 16-bit number. */
  u16(v: number): this { this.reserve(2); put16(this.buf, this.pos, v); this.pos += 2; return this; }
  /** A 32-bit unsigned number. */
  u32(v: number): this { this.reserve(4); put32(this.buf, this.pos, v); this.pos += 4; return this; }
  /** A 32-bit signed number. */
  i32(v: number): this { this.reserve(4); put32(this.buf, this.pos, v | 0); this.pos += 4; return this; }
  /** n zero bytes (reserved fields). */
  zeros(n: number): this {
    this.reserve(n);
    const b = this.buf;
    for (let i = this.pos, end = this.pos + n; i < end; i++) b[i] = 0;
    this.pos += n;
    return this;
  }
  /** Bytes as they are. */
  bytes(b: Uint8Array): this { this.reserve(b.length); this.buf.set(b, this.pos); this.pos += b.length; return this; }
  /** Zeros up to the next 4-byte boundary (NLMSG_ALIGN / NLA_ALIGN). */
  pad(): this {
    const to = align4(this.pos);
    if (to > this.pos) this.zeros(to - this.pos);
    return this;
  }

  // ---- attributes ----
  private attrHeader(type: number, len: number): void {
    if (4 + len > MAX_ATTR_LEN) throw attributeTooLong(type, 4 + len);
    this.reserve(4 + len + 3);
    put16(this.buf, this.pos, 4 + len);
    put16(this.buf, this.pos + 2, type);
    this.pos += 4;
  }
  /** An attribute holding one byte. */
  attrU8(type: number, v: number): this { this.attrHeader(type, 1); return this.u8(v).pad(); }
  /** An attribute holding a 16-bit number. */
  attrU16(type: number, v: number): this { this.attrHeader(type, 2); return this.u16(v).pad(); }
  /** An attribute holding a 16-bit number in network order (ports). */
  attrU16BE(type: number, v: number): this {
    this.attrHeader(type, 2);
    this.buf.writeUInt16BE(v & 0xffff, this.pos);
    this.pos += 2;
    return this.pad();
  }
  /** An attribute holding a 32-bit unsigned number. */
  attrU32(type: number, v: number): this { this.attrHeader(type, 4); return this.u32(v); }
  /** An attribute holding a 32-bit signed number. */
  attrI32(type: number, v: number): this { this.attrHeader(type, 4); return this.i32(v); }
  /** An attribute holding a 64-bit unsigned number. */
  attrU64(type: number, v: bigint | number): this {
    this.attrHeader(type, 8);
    this.buf.writeBigUInt64LE(BigInt(v), this.pos);
    this.pos += 8;
    return this;
  }
  /** An attribute with no payload: its presence is the value. */
  attrFlag(type: number): this { this.attrHeader(type, 0); return this; }
  /** A NUL-terminated string, as the kernel's NLA_STRING/NLA_NUL_STRING policies expect. */
  attrString(type: number, s: string): this {
    const ascii = shortAscii(s);  // device names, kinds: copied here without Buffer.write's layers
    const len = ascii >= 0 ? ascii : Buffer.byteLength(s);
    this.attrHeader(type, len + 1);
    const b = this.buf;
    if (ascii >= 0) for (let i = 0; i < len; i++) b[this.pos + i] = s.charCodeAt(i);
    else b.write(s, this.pos, 'utf8');
    b[this.pos + len] = 0;
    this.pos += len + 1;
    return this.pad();
  }
  /** An attribute holding bytes as they are (addresses, MACs). */
  attrBytes(type: number, b: Uint8Array): this {
    this.attrHeader(type, b.length);
    return this.bytes(b).pad();
  }
  /** Opens a nested attribute; close it with endNested(). */
  beginNested(type: number, flagNested = false): number {
    const start = this.pos;
    this.attrHeader(flagNested ? type | NLA_F_NESTED : type, 0);
    return start;
  }
  /** Closes the nested attribute beginNested() opened at start: patches its length. */
  endNested(start: number): this {
    const len = this.pos - start;
    if (len > MAX_ATTR_LEN) throw attributeTooLong(this.buf.readUInt16LE(start + 2), len);
    put16(this.buf, start, len);
    return this;
  }

  /** Sets bits in the nlmsg_flags of the message begun at start (a datagram's last message asks for the ack). */
  orFlags(start: number, bits: number): void {
    put16(this.buf, start + 6, this.buf[start + 6] | (this.buf[start + 7] << 8) | bits);
  }

  /** The buffer written into, whole: what was written is its first `pos` bytes (no view to make). */
  get backing(): Buffer { return this.buf; }

  /** A view of what was written (not a copy). */
  view(from = 0, to = this.pos): Buffer {
    return this.buf.subarray(from, to);
  }
  /** A copy of what was written. */
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
  /** Empties the writer for reuse (the buffer is kept). */
  reset(): void {
    this.pos = 0;
  }
}
