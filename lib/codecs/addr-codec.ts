// struct ifaddrmsg + IFA_* attributes (linux/if_addr.h) <-> typed Address objects, and the pure
// builders of RTM_NEWADDR / RTM_DELADDR requests, byte for byte as iproute2 sends them.
import { IFADDRMSG_LEN, IFA, IFA_F, INFINITY_LIFE_TIME } from '../uapi/if_addr';
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../uapi/netlink';
import { RTM, RT_SCOPE } from '../uapi/rtnetlink';
import { AF_INET, AF_INET6 } from '../uapi/socket';
import { MalformedMessageError, forEachAttr, readIp, readRaw, readString, readU32, readU8 } from './reader';
import type { MessageWriter } from './writer';
import type { ParsedPrefix } from '../specs/ip';
import { scopeNameOrNumber } from './iproute2-names';
import type { Address, AddressScope, Lifetime } from '../types/address';

/** Flag names as `ip addr` prints them. */
const FLAG_NAMES: ReadonlyArray<[number, string]> = [
  [IFA_F.SECONDARY, 'secondary'], [IFA_F.NODAD, 'nodad'], [IFA_F.OPTIMISTIC, 'optimistic'],
  [IFA_F.DADFAILED, 'dadfailed'], [IFA_F.HOMEADDRESS, 'home'], [IFA_F.DEPRECATED, 'deprecated'],
  [IFA_F.TENTATIVE, 'tentative'], [IFA_F.PERMANENT, 'permanent'], [IFA_F.MANAGETEMPADDR, 'mngtmpaddr'],
  [IFA_F.NOPREFIXROUTE, 'noprefixroute'], [IFA_F.MCAUTOJOIN, 'autojoin'], [IFA_F.STABLE_PRIVACY, 'stable-privacy'],
];

/** Validated options for add/replace (see specs/address-options.ts for the public AddressOptions). */
export interface AddressRequestOptions {
  /** An explicit broadcast address, or true for "broadcast +" (computed from the prefix). */
  broadcast?: ParsedPrefix | true;
  label?: string;
  scope?: number;
  /** IFA_F_* bits. */
  flags?: number;
  metric?: number;
  validLifetime?: number;
  preferredLifetime?: number;
}

export interface AddrRequest {
  type: number;
  flags: number;
  /** A function property, not a method: it is handed on alone, as a request's encode. */
  encode: (w: MessageWriter) => void;
}

function writeIfAddr(w: MessageWriter, family: number, prefixLength: number, flags: number, scope: number, index: number): void {
  w.u8(family).u8(prefixLength).u8(flags).u8(scope).u32(index);
}

/** iproute2's default_scope(): host for 127/8, global otherwise. */
function defaultScope(p: ParsedPrefix): number {
  return p.family === 4 && p.bytes[0] === 127 ? RT_SCOPE.HOST : RT_SCOPE.UNIVERSE;
}

/** IPv4 broadcast: the address with every host bit set. */
function broadcastOf(p: ParsedPrefix): Buffer {
  const b = Buffer.from(p.bytes);
  for (let bit = p.prefixLength; bit < 32; bit++) b[bit >> 3] |= 0x80 >> (bit & 7);
  return b;
}

/** RTM_NEWADDR (ip addr add, or replace). */
export function addrAddRequest(index: number, p: ParsedPrefix, o: AddressRequestOptions, replace = false): AddrRequest {
  return {
    type: RTM.NEWADDR,
    flags: replace ? NLM_F_REPLACE | NLM_F_CREATE : NLM_F_CREATE | NLM_F_EXCL,
    encode(w) {
      const flags = o.flags ?? 0;
      // Flags that fit in ifa_flags go there; wider ones in IFA_FLAGS instead (as iproute2 does).
      writeIfAddr(w, p.af, p.prefixLength, flags <= 0xff ? flags : 0, o.scope ?? defaultScope(p), index);
      w.attrBytes(IFA.LOCAL, p.bytes);
      if (o.broadcast !== undefined && o.broadcast !== true) w.attrBytes(IFA.BROADCAST, o.broadcast.bytes);
      if (o.label !== undefined) w.attrString(IFA.LABEL, o.label);
      if (o.metric !== undefined) w.attrU32(IFA.RT_PRIORITY, o.metric);
      if (flags > 0xff) w.attrU32(IFA.FLAGS, flags);
      w.attrBytes(IFA.ADDRESS, p.bytes);
      // "broadcast +": none for /31 and /32, where there are no host bits to spare.
      if (o.broadcast === true && p.prefixLength < 31) w.attrBytes(IFA.BROADCAST, broadcastOf(p));
      if (o.validLifetime !== undefined || o.preferredLifetime !== undefined) {
        const c = w.beginNested(IFA.CACHEINFO);
        w.u32(o.preferredLifetime ?? INFINITY_LIFE_TIME).u32(o.validLifetime ?? INFINITY_LIFE_TIME).u32(0).u32(0);
        w.endNested(c);
      }
    },
  };
}

/**
 * RTM_DELADDR (ip addr del). Like iproute2, an IPv4 address given without a prefix length
 * deletes that address whatever its prefix (no IFA_ADDRESS for the kernel to compare).
 */
export function addrDeleteRequest(index: number, p: ParsedPrefix, prefixGiven = true): AddrRequest {
  return {
    type: RTM.DELADDR,
    flags: 0,
    encode(w) {
      writeIfAddr(w, p.af, p.prefixLength, 0, 0, index);
      w.attrBytes(IFA.LOCAL, p.bytes);
      if (prefixGiven || p.family === 6) w.attrBytes(IFA.ADDRESS, p.bytes);
    },
  };
}

/** The dump request for addresses: ifa_family and ifa_index filter (with strict checking). */
export function writeAddrDump(w: MessageWriter, af: number, index: number): void {
  writeIfAddr(w, af, 0, 0, 0, index);
}

function flagNames(flags: number): string[] {
  const out: string[] = [];
  for (const [bit, name] of FLAG_NAMES) if (flags & bit) out.push(name);
  return out;
}

const lifetime = (v: number): Lifetime => (v === INFINITY_LIFE_TIME ? 'forever' : v);

/** Decodes one RTM_NEWADDR message; `link` is the index as text until the caller names it. */
export function decodeAddress(buf: Buffer, off: number, len: number): Address | undefined {
  if (len < 16 + IFADDRMSG_LEN) throw new MalformedMessageError('short ifaddrmsg');
  const body = off + 16;
  const af = buf[body];
  if (af !== AF_INET && af !== AF_INET6) return undefined;
  const prefixLength = buf[body + 1];
  let flagsValue = buf[body + 2];
  const scopeValue = buf[body + 3];
  const index = buf.readUInt32LE(body + 4);
  let local: string | undefined, address: string | undefined;
  const a: { -readonly [K in 'label' | 'broadcast' | 'anycast' | 'metric' | 'protocol']?: Address[K] } = {};
  const raw: Record<number, Buffer> = {};
  let valid = INFINITY_LIFE_TIME, preferred = INFINITY_LIFE_TIME;
  forEachAttr(buf, body + IFADDRMSG_LEN, off + len, (type, p, l) => {
    switch (type) {
      case IFA.ADDRESS: address = readIp(buf, p, l); break;
      case IFA.LOCAL: local = readIp(buf, p, l); break;
      case IFA.LABEL: a.label = readString(buf, p, l); break;
      case IFA.BROADCAST: a.broadcast = readIp(buf, p, l); break;
      case IFA.ANYCAST: a.anycast = readIp(buf, p, l); break;
      case IFA.FLAGS: flagsValue = readU32(buf, p, l); break;
      case IFA.RT_PRIORITY: a.metric = readU32(buf, p, l); break;
      case IFA.PROTO: a.protocol = readU8(buf, p, l); break;
      case IFA.CACHEINFO:
        if (l < 16) throw new MalformedMessageError(`IFA_CACHEINFO of ${l} bytes`);
        preferred = buf.readUInt32LE(p);
        valid = buf.readUInt32LE(p + 4);
        break;
      default: raw[type] = readRaw(buf, p, l);
    }
  });
  const mine = local ?? address;
  if (mine === undefined) throw new MalformedMessageError('address message without IFA_LOCAL or IFA_ADDRESS');
  return {
    link: String(index),
    index,
    family: af === AF_INET ? 4 : 6,
    address: mine,
    prefixLength,
    cidr: `${mine}/${prefixLength}`,
    ...(local !== undefined && address !== undefined && address !== local ? { peer: address } : {}),
    ...a,
    scope: scopeNameOrNumber(scopeValue) as AddressScope,
    flags: flagNames(flagsValue),
    flagsValue,
    validLifetime: lifetime(valid),
    preferredLifetime: lifetime(preferred),
    raw,
  };
}
