// Network byte order for kind attributes the kernel keeps big-endian (GRE keys, Geneve labels).

/** 32-bit big-endian, for attributes the kernel keeps in network order (GRE keys, labels). */
export function be32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b;
}
