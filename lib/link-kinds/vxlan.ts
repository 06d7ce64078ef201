// vxlan: IFLA_VXLAN_* (linux/if_link.h). A unicast `remote` and a multicast `group` share one
// attribute (IFLA_VXLAN_GROUP/GROUP6); `info` names it by what the address is.
import type { LinkRef } from '../types/link';
import { defineKind } from './registry';
import { address, bool as isBool, int, linkRef, required, u8 as isU8 } from '../specs/schema';
import { bool, decodeFields, ip, u16be, u32, u8, type FieldTable } from './decode';
import { invalidArgValue } from '../errors';
import { parseAddress, type ParsedAddress } from '../specs/ip';

const VX = {
  ID: 1, GROUP: 2, LINK: 3, LOCAL: 4, TTL: 5, TOS: 6, LEARNING: 7, AGEING: 8, LIMIT: 9, PORT_RANGE: 10,
  PROXY: 11, RSC: 12, L2MISS: 13, L3MISS: 14, PORT: 15, GROUP6: 16, LOCAL6: 17, UDP_CSUM: 18,
  COLLECT_METADATA: 25, TTL_INHERIT: 28, DF: 29,
} as const;

/** A VXLAN tunnel (ip link add NAME type vxlan id VNI ...). */
export interface VxlanSpec {
  /** 'vxlan'. */
  kind: 'vxlan';
  /** The VXLAN network identifier, 0..2^24-1 (ip's id). */
  vni: number;
  /** UDP destination port (ip's dstport); the kernel's default is 8472 when absent. */
  port?: number;
  /** The local tunnel address (ip's local). */
  local?: string;
  /** Unicast peer (ip's remote). */
  remote?: string;
  /** Multicast group (ip's group); needs `dev`. */
  group?: string;
  /** Underlay device. */
  dev?: LinkRef;
  /** The outer TTL; 0 (the default) lets the route decide. */
  ttl?: number;
  /** The outer TOS byte (ip's tos). */
  tos?: number;
  /** MAC learning (default on, as with ip). */
  learning?: boolean;
}

/** A VXLAN device's settings as `ip -d link show` reports them (IFLA_VXLAN_*, by ip's names in camelCase; dev is the underlay ifindex). */
export interface VxlanInfo {
  /** The VXLAN network identifier. */
  vni?: number;
  /** The UDP destination port (ip's dstport). */
  port?: number;
  /** The local tunnel address. */
  local?: string;
  /** The unicast peer (ip's remote). */
  remote?: string;
  /** The multicast group (ip's group). */
  group?: string;
  /** The ifindex of the underlay device. */
  dev?: number;
  /** The outer TTL (0: the route decides). */
  ttl?: number;
  /** The outer TOS byte (1: inherit). */
  tos?: number;
  /** Source MACs are learned into the fdb. */
  learning?: boolean;
  /** Seconds before a learned fdb entry expires. */
  ageing?: number;
  /** Most fdb entries kept (0: no limit). */
  limit?: number;
  /** ARP/NDP proxy on. */
  proxy?: boolean;
  /** Route short-circuit on. */
  rsc?: boolean;
  /** Netlink notices for fdb misses. */
  l2miss?: boolean;
  /** Netlink notices for IP misses. */
  l3miss?: boolean;
  /** UDP checksums on IPv4 outer packets. */
  udpCsum?: boolean;
  /** Collect-metadata mode (ip's external). */
  external?: boolean;
  /** The outer TTL is copied from the inner packet. */
  ttlInherit?: boolean;
  /** The outer DF bit: 0 unset, 1 set, 2 inherit. */
  df?: number;
  /** The UDP source port range (ip's srcport LOW HIGH). */
  portRange?: { low: number; high: number };
  /** Attributes without a name, by number. */
  raw?: Record<number, Buffer>;
}

declare module '../types/link' {
  interface LinkSpecByKind { vxlan: VxlanSpec }
  interface LinkInfoByKind { vxlan: VxlanInfo }
}

function isMulticast(a: ParsedAddress): boolean {
  return a.family === 4 ? (a.bytes[0] & 0xf0) === 0xe0 : a.bytes[0] === 0xff;
}

const fields: FieldTable<VxlanInfo> = {
  [VX.ID]: ['vni', u32], [VX.LINK]: ['dev', u32], [VX.LOCAL]: ['local', ip], [VX.LOCAL6]: ['local', ip],
  [VX.TTL]: ['ttl', u8], [VX.TOS]: ['tos', u8], [VX.LEARNING]: ['learning', bool], [VX.AGEING]: ['ageing', u32],
  [VX.LIMIT]: ['limit', u32], [VX.PROXY]: ['proxy', bool], [VX.RSC]: ['rsc', bool], [VX.L2MISS]: ['l2miss', bool],
  [VX.L3MISS]: ['l3miss', bool], [VX.PORT]: ['port', u16be], [VX.UDP_CSUM]: ['udpCsum', bool],
  [VX.COLLECT_METADATA]: ['external', bool], [VX.TTL_INHERIT]: ['ttlInherit', bool], [VX.DF]: ['df', u8],
  [VX.PORT_RANGE]: ['portRange', (b, o, l) => (l < 4 ? undefined : { low: b.readUInt16BE(o), high: b.readUInt16BE(o + 2) })],
};

defineKind<VxlanSpec, VxlanInfo>({
  kind: 'vxlan',
  fields: {
    vni: required(int(0, 0xffffff)), port: int(1, 0xffff), local: address(), remote: address(), group: address(),
    dev: linkRef, ttl: isU8, tos: isU8, learning: isBool,
  },
  validate(spec) {
    const local = spec.local === undefined ? undefined : parseAddress(spec.local, 'spec.local');
    const remote = spec.remote === undefined ? undefined : parseAddress(spec.remote, 'spec.remote');
    const group = spec.group === undefined ? undefined : parseAddress(spec.group, 'spec.group');
    if (remote && group) throw invalidArgValue('spec.group', spec.group, 'cannot be given together with remote');
    if (remote && isMulticast(remote)) throw invalidArgValue('spec.remote', spec.remote, 'must be a unicast address (use group)');
    if (group && !isMulticast(group)) throw invalidArgValue('spec.group', spec.group, 'must be a multicast address (use remote)');
    const other = remote ?? group;
    if (local && other && local.family !== other.family) throw invalidArgValue('spec.local', spec.local, 'must be of the same family as remote/group');
  },
  linkRefs: (spec) => (spec.dev === undefined ? [] : [spec.dev]),
  encodeData(w, spec, ctx) {
    // iproute2's order: dev and ttl as parsed, then id, group/remote, local, learning, port.
    if (spec.dev !== undefined) w.attrU32(VX.LINK, ctx.linkIndex(spec.dev));
    if (spec.ttl !== undefined) w.attrU8(VX.TTL, spec.ttl);
    if (spec.tos !== undefined) w.attrU8(VX.TOS, spec.tos);
    w.attrU32(VX.ID, spec.vni);
    const other = spec.group ?? spec.remote;
    if (other !== undefined) {
      const a = parseAddress(other, spec.group !== undefined ? 'group' : 'remote');
      w.attrBytes(a.family === 4 ? VX.GROUP : VX.GROUP6, a.bytes);
    }
    if (spec.local !== undefined) {
      const a = parseAddress(spec.local, 'local');
      w.attrBytes(a.family === 4 ? VX.LOCAL : VX.LOCAL6, a.bytes);
    }
    w.attrU8(VX.LEARNING, spec.learning === false ? 0 : 1);
    if (spec.port !== undefined) w.attrU16BE(VX.PORT, spec.port);
  },
  decodeData(buf, start, end) {
    const out: VxlanInfo = decodeFields(buf, start, end, fields);
    // GROUP/GROUP6 carry either a multicast group or a unicast remote.
    const raw = Object.hasOwn(out, 'raw') ? out.raw : undefined;
    for (const t of [VX.GROUP, VX.GROUP6]) {
      const b = raw?.[t];
      if (!b) continue;
      delete raw[t];
      const text = ip(b, 0, b.length);
      const multicast = t === VX.GROUP ? (b[0] & 0xf0) === 0xe0 : b[0] === 0xff;
      out[multicast ? 'group' : 'remote'] = text;
    }
    if (raw && Object.keys(raw).length === 0) delete out.raw;
    return out;
  },
});
