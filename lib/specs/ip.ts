// IP addresses and prefixes, parsed with ipaddr.js, as the bytes netlink carries. Dotted-quad
// IPv4, the common case of bulk route work, takes a short path: parseQuad checks it (the rules of
// net.isIPv4 and of ipaddr.js's four-part decimal check: no leading zeros, no shorthand) and reads
// the bytes in the same pass; measured, ipaddr.js costs several µs per address, this a fraction of
// one. ipaddr.js (and node:net, which isIPv4 would load with its streams) loads only for other
// forms, IPv6 first, or when loadIpParser asks (require('netns') does not load it).
import { AF_INET, AF_INET6 } from '../uapi/socket';
import type ipaddr from 'ipaddr.js';
import { invalidArgType, invalidArgValue } from '../errors';

let ipaddrModule: typeof ipaddr | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the first address that is no dotted quad
const ipaddrLib = (): typeof ipaddr => (ipaddrModule ??= require('ipaddr.js') as typeof ipaddr);
/** Loads ipaddr.js now (Namespace does, with the first handle), not on the first address that needs it. */
export function loadIpParser(): void {
  ipaddrLib();
}

/** An IP version: 4 or 6 (AF_INET or AF_INET6 on the wire). */
export type Family = 4 | 6;

export interface ParsedAddress {
  family: Family;
  /** AF_INET or AF_INET6 */
  af: number;
  bytes: Buffer;
  /** Canonical text form (RFC 5952 for IPv6). */
  text: string;
}

export interface ParsedPrefix extends ParsedAddress {
  prefixLength: number;
}

export const afOf = (family: Family): number => (family === 4 ? AF_INET : AF_INET6);
export const familyOfAf = (af: number): Family | undefined => (af === AF_INET ? 4 : af === AF_INET6 ? 6 : undefined);

function parseIp(value: string, argName: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const lib = ipaddrLib();
  // ipaddr.js also takes "10" or "0x0a000001" as IPv4; iproute2 users mean dotted quads.
  if (lib.IPv4.isValidFourPartDecimal(value)) return lib.IPv4.parse(value);
  if (value.includes(':') && lib.IPv6.isValid(value)) {
    const v6 = lib.IPv6.parse(value);
    if (v6.zoneId) throw invalidArgValue(argName, value, 'must not carry a zone id (use dev instead)');
    return v6;
  }
  throw invalidArgValue(argName, value, 'must be an IPv4 or IPv6 address');
}

/**
 * The address a dotted quad names, as a number (first octet highest), or -1 if text is not one:
 * four decimal octets 0-255 joined by dots, without leading zeros (net.isIPv4's rules).
 */
function parseQuad(text: string): number {
  const n = text.length;
  if (n < 7 || n > 15) return -1;
  let value = 0, octet = 0, digits = 0, dots = 0;
  for (let p = 0; p <= n; p++) {
    const c = p < n ? text.charCodeAt(p) : 46;  // the end closes the last octet as a dot would
    if (c === 46 /* . */) {
      if (digits === 0 || octet > 255) return -1;
      value = value * 256 + octet;
      octet = digits = 0;
      if (p < n) dots++;
    } else {
      const d = c - 48;
      if (d < 0 || d > 9 || digits === 3 || (digits === 1 && octet === 0)) return -1;
      octet = octet * 10 + d;
      digits++;
    }
  }
  return dots === 3 ? value : -1;
}

function quadAddress(value: number, text: string): ParsedAddress {
  const bytes = Buffer.allocUnsafe(4);
  bytes[0] = value >>> 24;
  bytes[1] = value >>> 16;
  bytes[2] = value >>> 8;
  bytes[3] = value;
  return { family: 4, af: AF_INET, bytes, text };
}

function toParsed(addr: ipaddr.IPv4 | ipaddr.IPv6): ParsedAddress {
  const family: Family = addr.kind() === 'ipv4' ? 4 : 6;
  return { family, af: afOf(family), bytes: Buffer.from(addr.toByteArray()), text: addr.toString() };
}

/** An address without prefix length: '10.0.0.1', '2001:db8::1'. */
export function parseAddress(value: unknown, argName = 'address', family?: Family): ParsedAddress {
  if (typeof value !== 'string') throw invalidArgType(argName, 'an IP address string', value);
  const quad = parseQuad(value);
  const parsed = quad >= 0 ? quadAddress(quad, value) : toParsed(parseIp(value, argName));
  if (family !== undefined && parsed.family !== family) throw invalidArgValue(argName, value, `must be an IPv${family} address`);
  return parsed;
}

/**
 * A prefix: '10.0.0.0/24', '2001:db8::/64'; a bare address means a host prefix (/32, /128).
 * With requireNetwork, host bits must be zero (routes); without, they are kept (addresses).
 */
/** A parsed address (or prefix) checked against a family given beside it, as parseAddress's family argument does. */
export function ofFamily<T extends ParsedAddress>(p: T, family: Family | undefined, argName: string): T;
export function ofFamily<T extends ParsedAddress>(p: T | undefined, family: Family | undefined, argName: string): T | undefined;
export function ofFamily<T extends ParsedAddress>(p: T | undefined, family: Family | undefined, argName: string): T | undefined {
  if (p !== undefined && family !== undefined && p.family !== family) throw invalidArgValue(argName, p.text, `must be an IPv${family} address`);
  return p;
}

export function parsePrefix(value: unknown, argName = 'prefix', opts: { family?: Family; requireNetwork?: boolean } = {}): ParsedPrefix {
  if (typeof value !== 'string') throw invalidArgType(argName, 'a CIDR string like "10.0.0.0/24"', value);
  const slash = value.indexOf('/');
  const addrText = slash < 0 ? value : value.slice(0, slash);
  // Own properties only: a polluted Object.prototype.family must not pick the family.
  const addr = parseAddress(addrText, argName, Object.hasOwn(opts, 'family') ? opts.family : undefined);
  const max = addr.family === 4 ? 32 : 128;
  let prefixLength = max;
  if (slash >= 0) {
    prefixLength = prefixLengthOf(value, slash + 1);
    if (prefixLength < 0 || prefixLength > max) throw invalidArgValue(argName, value, `must have a prefix length from 0 to ${max}`);
  }
  if (Object.hasOwn(opts, 'requireNetwork') && opts.requireNetwork && !hostBitsZero(addr.bytes, prefixLength)) {
    throw invalidArgValue(argName, value, 'has host bits set beyond the prefix length');
  }
  // A literal of fixed shape, not a spread: bulk route work parses a prefix per route.
  return { family: addr.family, af: addr.af, bytes: addr.bytes, text: addr.text, prefixLength };
}

/** 1 to 3 decimal digits from `start` to the end of the text, or -1. */
function prefixLengthOf(text: string, start: number): number {
  const digits = text.length - start;
  if (digits < 1 || digits > 3) return -1;
  let n = 0;
  for (let p = start; p < text.length; p++) {
    const d = text.charCodeAt(p) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function hostBitsZero(bytes: Buffer, prefixLength: number): boolean {
  let i = prefixLength >> 3;
  const bits = prefixLength & 7;  // of byte i that belong to the prefix
  if (bits !== 0 && bytes[i++] & (0xff >> bits)) return false;
  for (; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** A MAC address 'aa:bb:cc:dd:ee:ff' (or '-' separated) as bytes; length checked when given. */
export function parseMac(value: unknown, argName = 'address', length = 6): Buffer {
  if (typeof value !== 'string') throw invalidArgType(argName, 'a MAC address string like "02:00:00:00:00:01"', value);
  const parts = value.split(/[:-]/);
  if (parts.length !== length || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) {
    throw invalidArgValue(argName, value, `must be a link-layer address of ${length} bytes like "02:00:00:00:00:01"`);
  }
  return Buffer.from(parts.map((p) => parseInt(p, 16)));
}
