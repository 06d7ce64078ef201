// gre (L3) and gretap (L2) over IPv4: IFLA_GRE_* (linux/if_tunnel.h). Like iproute2, a create
// request carries the full parameter set, defaults included.
import type { LinkRef } from '../types/link';
import { defineKind } from './registry';
import { be32 } from './network-order';
import { address, bool as isBool, linkRef, u32 as isU32, u8 as isU8 } from '../specs/schema';
import { bool, decodeFields, flag, ip, u16, u16be, u32, u32be, u8, type FieldTable } from './decode';
import { invalidArgValue } from '../errors';
import { parseAddress } from '../specs/ip';

const GRE = {
  LINK: 1, IFLAGS: 2, OFLAGS: 3, IKEY: 4, OKEY: 5, LOCAL: 6, REMOTE: 7, TTL: 8, TOS: 9, PMTUDISC: 10,
  ENCAP_LIMIT: 11, FLOWINFO: 12, FLAGS: 13, ENCAP_TYPE: 14, ENCAP_FLAGS: 15, ENCAP_SPORT: 16,
  ENCAP_DPORT: 17, COLLECT_METADATA: 18, IGNORE_DF: 19, FWMARK: 20,
} as const;
/** GRE_KEY in the (big-endian) GRE flags word. */
const GRE_KEY = 0x2000;

/** A GRE tunnel: 'gre' carries IP, 'gretap' Ethernet (ip link add NAME type gre|gretap remote A local B ...). */
export interface GreSpec {
  /** 'gre' or 'gretap'. */
  kind: 'gre' | 'gretap';
  /** The remote tunnel endpoint (IPv4). */
  remote?: string;
  /** The local tunnel endpoint (IPv4). */
  local?: string;
  /** The outer TTL; 0 inherits. */
  ttl?: number;
  /** The outer TOS byte. */
  tos?: number;
  /** Sets both ikey and okey. */
  key?: number;
  /** The key expected on received packets. */
  ikey?: number;
  /** The key put on sent packets. */
  okey?: number;
  /** The underlay device the tunnel is bound to. */
  dev?: LinkRef;
  /** Path MTU discovery (default on, as with ip). */
  pmtudisc?: boolean;
  /** The firewall mark of the outer packets. */
  fwmark?: number;
}

/** A GRE tunnel's settings as `ip -d link show` reports them (IFLA_GRE_*, by ip's names in camelCase). */
export interface GreInfo {
  /** The remote endpoint. */
  remote?: string;
  /** The local endpoint. */
  local?: string;
  /** The outer TTL (0: inherit). */
  ttl?: number;
  /** The outer TOS byte (1: inherit). */
  tos?: number;
  /** The key expected on received packets. */
  ikey?: number;
  /** The key put on sent packets. */
  okey?: number;
  /** The ifindex of the underlay device the tunnel is bound to. */
  dev?: number;
  /** Path MTU discovery on. */
  pmtudisc?: boolean;
  /** The outer packets' firewall mark. */
  fwmark?: number;
  /** GRE_* flags for received packets (GRE_KEY, GRE_CSUM, GRE_SEQ). */
  iflags?: number;
  /** GRE_* flags for sent packets. */
  oflags?: number;
  /** Outer UDP encapsulation (TUNNEL_ENCAP_*: 0 none, 1 fou, 2 gue). */
  encapType?: number;
  /** TUNNEL_ENCAP_FLAG_* bits. */
  encapFlags?: number;
  /** UDP source port of the encapsulation (0: automatic). */
  encapSport?: number;
  /** UDP destination port of the encapsulation. */
  encapDport?: number;
  /** Collect-metadata mode (ip's external). */
  external?: boolean;
  /** The DF bit of inner packets is ignored (gretap). */
  ignoreDf?: boolean;
  /** Attributes without a name, by number. */
  raw?: Record<number, Buffer>;
}

declare module '../types/link' {
  interface LinkSpecByKind { gre: GreSpec; gretap: GreSpec }
  interface LinkInfoByKind { gre: GreInfo; gretap: GreInfo }
}

const fields: FieldTable<GreInfo> = {
  [GRE.LINK]: ['dev', u32], [GRE.IFLAGS]: ['iflags', u16be], [GRE.OFLAGS]: ['oflags', u16be],
  [GRE.IKEY]: ['ikey', u32be], [GRE.OKEY]: ['okey', u32be], [GRE.LOCAL]: ['local', ip], [GRE.REMOTE]: ['remote', ip],
  [GRE.TTL]: ['ttl', u8], [GRE.TOS]: ['tos', u8], [GRE.PMTUDISC]: ['pmtudisc', bool], [GRE.ENCAP_TYPE]: ['encapType', u16],
  [GRE.ENCAP_FLAGS]: ['encapFlags', u16], [GRE.ENCAP_SPORT]: ['encapSport', u16be], [GRE.ENCAP_DPORT]: ['encapDport', u16be],
  [GRE.COLLECT_METADATA]: ['external', flag], [GRE.IGNORE_DF]: ['ignoreDf', bool], [GRE.FWMARK]: ['fwmark', u32],
};

function decodeGre(buf: Buffer, start: number, end: number): GreInfo {
  const out: GreInfo = decodeFields(buf, start, end, fields);
  // An address of 0.0.0.0 means "any": ip shows nothing for it.
  if (out.local === '0.0.0.0') delete out.local;
  if (out.remote === '0.0.0.0') delete out.remote;
  return out;
}

const ipv4 = address(4);

for (const kind of ['gre', 'gretap'] as const) {
  defineKind<GreSpec, GreInfo>({
    kind,
    // ip6gre is a separate kind: these take IPv4 only.
    fields: {
      remote: ipv4, local: ipv4, ttl: isU8, tos: isU8, key: isU32, ikey: isU32, okey: isU32, dev: linkRef, pmtudisc: isBool, fwmark: isU32,
    },
    validate(spec) {
      if (spec.key !== undefined && (spec.ikey !== undefined || spec.okey !== undefined)) {
        throw invalidArgValue('spec.key', spec.key, 'cannot be combined with ikey/okey');
      }
      // The kernel refuses nopmtudisc with a fixed ttl (ip checks this too).
      if (spec.pmtudisc === false && spec.ttl !== undefined && spec.ttl !== 0) {
        throw invalidArgValue('spec.pmtudisc', false, 'cannot be off with a fixed ttl');
      }
    },
    linkRefs: (spec) => (spec.dev === undefined ? [] : [spec.dev]),
    encodeData(w, spec, ctx) {
      const ikey = spec.ikey ?? spec.key;
      const okey = spec.okey ?? spec.key;
      w.attrBytes(GRE.IKEY, be32(ikey ?? 0));
      w.attrBytes(GRE.OKEY, be32(okey ?? 0));
      w.attrU16BE(GRE.IFLAGS, ikey === undefined ? 0 : GRE_KEY);
      w.attrU16BE(GRE.OFLAGS, okey === undefined ? 0 : GRE_KEY);
      if (spec.local !== undefined) w.attrBytes(GRE.LOCAL, parseAddress(spec.local, 'local').bytes);
      if (spec.remote !== undefined) w.attrBytes(GRE.REMOTE, parseAddress(spec.remote, 'remote').bytes);
      w.attrU8(GRE.PMTUDISC, spec.pmtudisc === false ? 0 : 1);
      w.attrU8(GRE.TOS, spec.tos ?? 0);
      if (spec.dev !== undefined) w.attrU32(GRE.LINK, ctx.linkIndex(spec.dev));
      w.attrU8(GRE.TTL, spec.ttl ?? 0);
      w.attrU32(GRE.FWMARK, spec.fwmark ?? 0);
      w.attrU16(GRE.ENCAP_TYPE, 0);
      w.attrU16(GRE.ENCAP_FLAGS, 0);
      w.attrU16BE(GRE.ENCAP_SPORT, 0);
      w.attrU16BE(GRE.ENCAP_DPORT, 0);
    },
    decodeData: decodeGre,
  });
}
