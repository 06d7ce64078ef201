// Validators for kind-specific spec fields. Each throws TypeError/RangeError with Node's codes,
// before any system call; an absent (undefined) optional field passes.
import { invalidArgType, invalidArgValue } from '../errors';
import { parseAddress, type ParsedAddress } from '../ip';
import { validateBoolean, validateInteger, validateLinkRef } from '../validate';

export { rejectUnknownFields } from '../validate';

export function optInt(spec: Record<string, unknown>, field: string, min: number, max: number, label = field): void {
  if (spec[field] !== undefined) validateInteger(spec[field], label, min, max);
}

export function reqInt(spec: Record<string, unknown>, field: string, min: number, max: number): void {
  if (spec[field] === undefined) throw invalidArgType(field, 'of type number', undefined);
  validateInteger(spec[field], field, min, max);
}

export function optBool(spec: Record<string, unknown>, field: string): void {
  if (spec[field] !== undefined) validateBoolean(spec[field], field);
}

export function optEnum(spec: Record<string, unknown>, field: string, values: readonly string[]): void {
  const v = spec[field];
  if (v === undefined) return;
  if (typeof v !== 'string') throw invalidArgType(field, 'of type string', v);
  if (!values.includes(v)) throw invalidArgValue(field, v, `must be one of ${values.map((x) => `'${x}'`).join(', ')}`);
}

export function optIp(spec: Record<string, unknown>, field: string): ParsedAddress | undefined {
  return spec[field] === undefined ? undefined : parseAddress(spec[field], field);
}

export function reqLinkRef(spec: Record<string, unknown>, field: string): void {
  if (spec[field] === undefined) throw invalidArgType(field, 'a link name (string) or index (number)', undefined);
  validateLinkRef(spec[field], field);
}

export function optLinkRef(spec: Record<string, unknown>, field: string): void {
  if (spec[field] !== undefined) validateLinkRef(spec[field], field);
}

/** 32-bit big-endian, for attributes the kernel keeps in network order (GRE keys, labels). */
export function be32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b;
}

