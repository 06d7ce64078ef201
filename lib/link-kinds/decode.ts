// Table-driven decoding of a kind's IFLA_INFO_DATA: known attributes become named, typed fields;
// the rest are kept raw under `raw` (by attribute number), never dropped.
import { forEachAttr, readIp, readRaw, readU16, readU16BE, readU32, readU64Number, readU8 } from '../codecs/reader';

export type FieldReader = (buf: Buffer, off: number, len: number) => unknown;
export type FieldTable = Readonly<Record<number, readonly [string, FieldReader]>>;

export function decodeFields(buf: Buffer, start: number, end: number, table: FieldTable): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let raw: Record<number, Buffer> | undefined;
  forEachAttr(buf, start, end, (type, off, len) => {
    const field = table[type];
    if (field) out[field[0]] = field[1](buf, off, len);
    else (raw ??= {})[type] = readRaw(buf, off, len);
  });
  if (raw) out.raw = raw;
  return out;
}

export const u8: FieldReader = readU8;
export const u16: FieldReader = readU16;
export const u16be: FieldReader = readU16BE;
export const u32: FieldReader = readU32;
export const bool: FieldReader = (b, o, l) => readU8(b, o, l) !== 0;
export const flag: FieldReader = () => true;
export const ip: FieldReader = readIp;
export const u32be: FieldReader = (b, o, l) => (l < 4 ? readU32(b, o, l) : b.readUInt32BE(o));
export const u64: FieldReader = readU64Number;

/** A reader mapping a number to a name from `names` (the number itself when unnamed). */
export function named(read: FieldReader, names: Readonly<Record<number, string>>): FieldReader {
  return (b, o, l) => {
    const v = read(b, o, l) as number;
    return names[v] ?? v;
  };
}

/** Inverse of a name table, for encoders. */
export function invert(names: Readonly<Record<number, string>>): Record<string, number> {
  return Object.fromEntries(Object.entries(names).map(([k, v]) => [v, Number(k)]));
}
