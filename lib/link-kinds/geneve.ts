// geneve: IFLA_GENEVE_* (linux/if_link.h). Like iproute2, a create request always carries
// label, ttl and tos (0 = kernel default).
import { defineKind } from './registry';
import { be32 } from './network-order';
import { address, int, required, u8 as isU8 } from '../specs/schema';
import { bool, decodeFields, flag, ip, u16be, u32, u32be, u8, type FieldTable } from './decode';
import { parseAddress } from '../specs/ip';

const GENEVE = {
  ID: 1, REMOTE: 2, TTL: 3, TOS: 4, PORT: 5, COLLECT_METADATA: 6, REMOTE6: 7, UDP_CSUM: 8,
  UDP_ZERO_CSUM6_TX: 9, UDP_ZERO_CSUM6_RX: 10, LABEL: 11, TTL_INHERIT: 12, DF: 13,
} as const;

/** A Geneve tunnel (ip link add NAME type geneve id VNI remote A ...). */
export interface GeneveSpec {
  /** 'geneve'. */
  kind: 'geneve';
  /** The virtual network identifier, 0..2^24-1 (ip's id). */
  vni: number;
  /** The remote tunnel endpoint. */
  remote?: string;
  /** The outer TTL; 0 lets the route decide. */
  ttl?: number;
  /** The outer TOS byte. */
  tos?: number;
  /** UDP destination port; kernel default 6081. */
  port?: number;
  /** IPv6 flow label. */
  label?: number;
}

/** A Geneve tunnel's settings as `ip -d link show` reports them (IFLA_GENEVE_*, by ip's names in camelCase). */
export interface GeneveInfo {
  /** The virtual network identifier. */
  vni?: number;
  /** The remote endpoint. */
  remote?: string;
  /** The outer TTL (0: the route decides). */
  ttl?: number;
  /** The outer TOS byte (1: inherit). */
  tos?: number;
  /** The UDP destination port. */
  port?: number;
  /** The IPv6 flow label. */
  label?: number;
  /** Collect-metadata mode (ip's external). */
  external?: boolean;
  /** UDP checksums on IPv4 outer packets. */
  udpCsum?: boolean;
  /** The outer TTL is copied from the inner packet. */
  ttlInherit?: boolean;
  /** The outer DF bit: 0 unset, 1 set, 2 inherit. */
  df?: number;
  /** Attributes without a name, by number. */
  raw?: Record<number, Buffer>;
}

declare module '../types/link' {
  interface LinkSpecByKind { geneve: GeneveSpec }
  interface LinkInfoByKind { geneve: GeneveInfo }
}

const fields: FieldTable<GeneveInfo> = {
  [GENEVE.ID]: ['vni', u32], [GENEVE.REMOTE]: ['remote', ip], [GENEVE.REMOTE6]: ['remote', ip],
  [GENEVE.TTL]: ['ttl', u8], [GENEVE.TOS]: ['tos', u8], [GENEVE.PORT]: ['port', u16be],
  [GENEVE.COLLECT_METADATA]: ['external', flag], [GENEVE.UDP_CSUM]: ['udpCsum', bool],
  [GENEVE.LABEL]: ['label', u32be], [GENEVE.TTL_INHERIT]: ['ttlInherit', bool], [GENEVE.DF]: ['df', u8],
};

defineKind<GeneveSpec, GeneveInfo>({
  kind: 'geneve',
  fields: { vni: required(int(0, 0xffffff)), remote: address(), ttl: isU8, tos: isU8, port: int(1, 0xffff), label: int(0, 0xfffff) },
  encodeData(w, spec) {
    w.attrU32(GENEVE.ID, spec.vni);
    if (spec.remote !== undefined) {
      const a = parseAddress(spec.remote, 'remote');
      w.attrBytes(a.family === 4 ? GENEVE.REMOTE : GENEVE.REMOTE6, a.bytes);
    }
    w.attrBytes(GENEVE.LABEL, be32(spec.label ?? 0));
    w.attrU8(GENEVE.TTL, spec.ttl ?? 0);
    w.attrU8(GENEVE.TOS, spec.tos ?? 0);
    if (spec.port !== undefined) w.attrU16BE(GENEVE.PORT, spec.port);
  },
  decodeData: (buf, start, end) => decodeFields(buf, start, end, fields),
});
