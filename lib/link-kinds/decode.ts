// Table-driven decoding of a kind's IFLA_INFO_DATA: known attributes become named, typed fields;
// the rest are kept raw under `raw` (by attribute number), never dropped.
import { forEachAttr, readIp, readRaw, readU16, readU16BE, readU32, readU64Number, readU8 } from '../codecs/reader';

export type FieldReader<T = unknown> = (buf: Buffer, off: number, len: number) => T;
/** Attribute number -> [field of the kind's info I, reader]: a name I does not declare is a type error. */
export type FieldTable<I = Record<string, unknown>> = Readonly<Record<number, readonly [keyof I & string, FieldReader]>>;

/** The kind's info from its IFLA_INFO_DATA: the table's fields, and `raw` for the attributes it has not. */
export function decodeFields<I>(buf: Buffer, start: number, end: number, table: FieldTable<I>): I {
  const out: Record<string, unknown> = {};
  let raw: Record<number, Buffer> | undefined;
  forEachAttr(buf, start, end, (type, off, len) => {
    const field = table[type];
    if (field) out[field[0]] = field[1](buf, off, len);
    else (raw ??= {})[type] = readRaw(buf, off, len);
  });
  if (raw) out.raw = raw;
  // The table names only fields of I (FieldTable<I>); their readers return what I declares.
  return out as I;
}

export const u8: FieldReader<number> = readU8;
export const u16: FieldReader<number> = readU16;
export const u16be: FieldReader<number> = readU16BE;
export const u32: FieldReader<number> = readU32;
export const bool: FieldReader<boolean> = (b, o, l) => readU8(b, o, l) !== 0;
export const flag: FieldReader<boolean> = () => true;
export const ip: FieldReader<string> = readIp;
export const u32be: FieldReader<number> = (b, o, l) => (l < 4 ? readU32(b, o, l) : b.readUInt32BE(o));
export const u64: FieldReader<number> = readU64Number;

/** A reader mapping a number to a name from `names` (the number itself when unnamed). */
export function named<N extends string>(read: FieldReader<number>, names: Readonly<Record<number, N>>): FieldReader<N | number> {
  return (b, o, l) => {
    const v = read(b, o, l);
    return Object.hasOwn(names, v) ? names[v] : v;  // own keys only: a polluted Object.prototype[7] is no name
  };
}

/** Inverse of a name table, for encoders. */
export function invert(names: Readonly<Record<number, string>>): Record<string, number> {
  return Object.fromEntries(Object.entries(names).map(([k, v]) => [v, Number(k)]));
}
