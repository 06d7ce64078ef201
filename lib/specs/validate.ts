// Argument checks shared by the collections: every one throws before any system call.
import type { LinkRef } from '../types/link';
import { invalidArgType, invalidArgValue, outOfRange } from '../errors';

const MAX_NS_NAME_BYTES = 255;
/** Interface names (and address labels) are at most IFNAMSIZ - 1 bytes. */
export const IFNAMSIZ = 16;

/** A name under /run/netns: a single path component, as iproute2 accepts. */
export function validateNamespaceName(name: unknown, argName = 'name'): string {
  if (typeof name !== 'string') throw invalidArgType(argName, 'of type string', name);
  if (name.length === 0) throw invalidArgValue(argName, name, 'must not be empty');
  if (name === '.' || name === '..') throw invalidArgValue(argName, name, 'must not be "." or ".."');
  if (name.includes('/')) throw invalidArgValue(argName, name, 'must not contain "/"');
  if (name.includes('\0')) throw invalidArgValue(argName, name, 'must not contain NUL bytes');
  const bytes = Buffer.byteLength(name);
  if (bytes > MAX_NS_NAME_BYTES) throw outOfRange(`${argName}.length`, `at most ${MAX_NS_NAME_BYTES} bytes`, bytes);
  return name;
}

/** A network device name: 1..15 bytes, no '/', ':' or whitespace (dev_valid_name in the kernel). */
export function validateLinkName(name: unknown, argName = 'name'): string {
  if (typeof name !== 'string') throw invalidArgType(argName, 'of type string', name);
  if (name.length === 0) throw invalidArgValue(argName, name, 'must not be empty');
  const bytes = Buffer.byteLength(name);
  if (bytes >= IFNAMSIZ) throw outOfRange(`${argName}.length`, `at most ${IFNAMSIZ - 1} bytes`, bytes);
  if (name === '.' || name === '..' || /[/:\s\0]/.test(name))
    throw invalidArgValue(argName, name, 'must not be "." or ".." nor contain "/", ":", NUL or whitespace');
  return name;
}

/** A link given by name or by positive index. */
export function validateLinkRef(ref: unknown, argName = 'link'): LinkRef {
  if (typeof ref === 'number') {
    if (!Number.isInteger(ref) || ref < 1 || ref > 0x7fffffff) throw outOfRange(argName, 'a positive ifindex', ref);
    return ref;
  }
  if (typeof ref === 'string') return validateLinkName(ref, argName);
  throw invalidArgType(argName, 'a link name (string) or index (number)', ref);
}

export function validateInteger(value: unknown, argName: string, min: number, max: number): number {
  if (typeof value !== 'number') throw invalidArgType(argName, 'of type number', value);
  if (!Number.isInteger(value) || value < min || value > max) throw outOfRange(argName, `an integer from ${min} to ${max}`, value);
  return value;
}

export function validateBoolean(value: unknown, argName: string): boolean {
  if (typeof value !== 'boolean') throw invalidArgType(argName, 'of type boolean', value);
  return value;
}

/** Plain objects only: made by a literal, Object.create(null) or JSON.parse, in any realm. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** A plain object (not null, an array, a Date, a Map, a class instance). */
export function validateObject(value: unknown, argName: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw invalidArgType(argName, 'a plain object', value);
  return value;
}

export function validateString(value: unknown, argName: string): string {
  if (typeof value !== 'string') throw invalidArgType(argName, 'of type string', value);
  return value;
}

/** An address family given as 4 or 6. */
export function validateFamily(value: unknown, argName: string): 4 | 6 {
  if (value !== 4 && value !== 6) throw invalidArgValue(argName, value, 'must be 4 or 6');
  return value;
}
