// Builds reply messages as the kernel sends them, for decoding tests.

/** nlmsghdr of `type`, then the family header bytes, then each [type, payload] attribute (aligned). */
export function replyMessage(type: number, header: number[], attrs: Array<[number, Buffer]>): Buffer {
  const parts = [Buffer.from(header)];
  for (const [t, payload] of attrs) {
    const a = Buffer.alloc((4 + payload.length + 3) & ~3);
    a.writeUInt16LE(4 + payload.length, 0);
    a.writeUInt16LE(t, 2);
    payload.copy(a, 4);
    parts.push(a);
  }
  const body = Buffer.concat(parts);
  const h = Buffer.alloc(16);
  h.writeUInt32LE(16 + body.length, 0);
  h.writeUInt16LE(type, 4);
  return Buffer.concat([h, body]);
}

export const u32 = (v: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b; };
