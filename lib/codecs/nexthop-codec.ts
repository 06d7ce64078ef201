// struct nhmsg + NHA_* attributes (linux/nexthop.h) <-> typed Nexthop objects.
import type { LinkRef } from '../types/link';
import { NLMSG_HDRLEN } from '../uapi/netlink';
import { NHMSG_LEN, NHA } from '../uapi/nexthop';
import { RTNH_F } from '../uapi/rtnetlink';
import { AF_INET, AF_UNSPEC } from '../uapi/socket';
import { MalformedMessageError, readIp, readRaw, forEachAttr } from './reader';
import type { MessageWriter } from './writer';
import { afOf, familyOfAf, parseAddress, type Family, type ParsedAddress } from '../specs/ip';
import { invalidArgValue } from '../errors';
import { parseProtocol, protocolName, scopeName } from './iproute2-names';
import {
  MAX_ATTR_PAYLOAD, Schema, address, arrayOf, bool, family, int, linkRef, nested, oneOf, required, type Checked,
} from '../specs/schema';
import type { Nexthop, NexthopGroupType, NexthopSpec } from '../types/nexthop';

const GROUP_TYPES: readonly NexthopGroupType[] = ['mpath', 'resilient'];

export interface NexthopMessage {
  af: number; protocol: number; flags: number; id: number;
  gateway?: ParsedAddress; oif?: number; blackhole: boolean; fdb: boolean;
  group?: Array<{ id: number; weight: number }>; groupType?: number;
}

export interface ParsedNexthop extends Omit<NexthopMessage, 'oif'> { dev?: LinkRef }

const memberSchema = new Schema('nexthop.group[]', { id: required(int(1, 0xffffffff)), weight: int(1, 256) });

export const nexthopSpecSchema = new Schema('nexthop', {
  id: required(int(1, 0xffffffff)), via: address(), dev: linkRef, blackhole: bool,
  // struct nexthop_grp is 8 bytes: NHA_GROUP holds at most this many.
  group: arrayOf(nested(memberSchema), { min: 1, max: Math.floor(MAX_ATTR_PAYLOAD / 8), what: '{ id, weight? }' }),
  groupType: oneOf(GROUP_TYPES), onlink: bool, family, protocol: (v, name) => { parseProtocol(v, name); return v; }, fdb: bool,
});

export function parseNexthopSpec(input: NexthopSpec): ParsedNexthop {
  const spec = nexthopSpecSchema.parse(input, 'nexthop');
  const fam = spec.family as Family | undefined;
  // Every optional key own: nothing is read from a polluted Object.prototype when encoding.
  const out: ParsedNexthop = {
    af: fam === undefined ? AF_UNSPEC : afOf(fam), protocol: 0, flags: 0, id: spec.id as number, blackhole: spec.blackhole === true,
    fdb: spec.fdb === true, gateway: undefined, dev: undefined, group: undefined, groupType: undefined,
  };
  if (spec.via !== undefined) {
    out.gateway = parseAddress(spec.via, 'nexthop.via', fam);
    out.af = out.gateway.af;
  }
  if (spec.dev !== undefined) out.dev = spec.dev as LinkRef;
  if (spec.onlink === true) out.flags |= RTNH_F.ONLINK;
  if (spec.protocol !== undefined) out.protocol = parseProtocol(spec.protocol, 'nexthop.protocol');
  if (spec.group !== undefined) {
    out.group = (spec.group as Checked[]).map((m) => ({ id: m.id as number, weight: (m.weight as number | undefined) ?? 1 }));
    if (out.gateway || out.dev !== undefined || out.blackhole) throw invalidArgValue('nexthop.group', spec.group, 'cannot be combined with via, dev or blackhole');
    out.af = AF_UNSPEC;  // groups have no family of their own
    if (spec.groupType !== undefined) out.groupType = GROUP_TYPES.indexOf(spec.groupType as NexthopGroupType);
  } else if (spec.groupType !== undefined) throw invalidArgValue('nexthop.groupType', spec.groupType, 'needs a group');
  if (out.blackhole && (out.gateway || out.dev !== undefined)) throw invalidArgValue('nexthop.blackhole', true, 'cannot be combined with via or dev');
  if (!out.blackhole && !out.group && !out.gateway && out.dev === undefined) {
    throw invalidArgValue('nexthop', input, 'needs via, dev, blackhole or group');
  }
  // The kernel wants a family on every single next hop; iproute2 uses IPv4 unless told otherwise.
  if (!out.group && out.af === AF_UNSPEC) out.af = AF_INET;
  return out;
}

/**
 * nhmsg and attributes in iproute2's order: NHA_ID, NHA_GROUP (+ NHA_GROUP_TYPE when not mpath),
 * NHA_BLACKHOLE, NHA_GATEWAY, NHA_OIF, NHA_FDB. Group weights go on the wire as weight - 1.
 */
export function writeNexthopMessage(w: MessageWriter, m: NexthopMessage): void {
  w.u8(m.af).u8(0).u8(m.protocol).u8(0).u32(m.flags);
  w.attrU32(NHA.ID, m.id);
  if (m.group) {
    const g = Buffer.alloc(8 * m.group.length);
    // struct nexthop_grp { u32 id; u8 weight; u8 weight_high; u16 resvd2; }
    m.group.forEach((member, i) => { g.writeUInt32LE(member.id, i * 8); g[i * 8 + 4] = member.weight - 1; });
    w.attrBytes(NHA.GROUP, g);
    if (m.groupType !== undefined && m.groupType !== 0) w.attrU16(NHA.GROUP_TYPE, m.groupType);
  }
  if (m.blackhole) w.attrFlag(NHA.BLACKHOLE);
  if (m.gateway) w.attrBytes(NHA.GATEWAY, m.gateway.bytes);
  if (m.oif !== undefined) w.attrU32(NHA.OIF, m.oif);
  if (m.fdb) w.attrFlag(NHA.FDB);
}

/** RTM_DELNEXTHOP / RTM_GETNEXTHOP for one id: an empty nhmsg and NHA_ID. */
export function writeNexthopId(w: MessageWriter, id: number): void {
  w.u8(AF_UNSPEC).u8(0).u8(0).u8(0).u32(0);
  w.attrU32(NHA.ID, id);
}

export function decodeNexthop(buf: Buffer, off: number, len: number, names?: ReadonlyMap<number, string>): Nexthop {
  if (len < NLMSG_HDRLEN + NHMSG_LEN || off + len > buf.length) throw new MalformedMessageError('short nhmsg');
  const h = off + NLMSG_HDRLEN;
  const family = familyOfAf(buf[h]);
  const flags = buf.readUInt32LE(h + 4);
  const nh: Record<string, unknown> = {
    id: 0, blackhole: false, protocol: protocolName(buf[h + 2]), scope: scopeName(buf[h + 1]),
    onlink: (flags & RTNH_F.ONLINK) !== 0, flags, fdb: false,
  };
  if (family !== undefined) nh.family = family;
  const raw: Record<number, Buffer> = {};
  forEachAttr(buf, h + NHMSG_LEN, off + len, (t, p, l) => {
    switch (t) {
      case NHA.ID: if (l < 4) throw new MalformedMessageError('short NHA_ID'); nh.id = buf.readUInt32LE(p); break;
      case NHA.GATEWAY: nh.via = readIp(buf, p, l); break;
      case NHA.OIF: {
        if (l < 4) throw new MalformedMessageError('short NHA_OIF');
        const oif = buf.readUInt32LE(p);
        nh.oif = oif;
        const name = names?.get(oif);
        if (name !== undefined) nh.dev = name;
        break;
      }
      case NHA.BLACKHOLE: nh.blackhole = true; break;
      case NHA.FDB: nh.fdb = true; break;
      case NHA.GROUP: {
        const members: Array<{ id: number; weight: number }> = [];
        for (let g = p; g + 8 <= p + l; g += 8) members.push({ id: buf.readUInt32LE(g), weight: buf[g + 4] + (buf[g + 5] << 8) + 1 });
        nh.group = members;
        if (!Object.hasOwn(nh, 'groupType')) nh.groupType = 'mpath';  // own only: NHA_GROUP_TYPE may come first
        break;
      }
      case NHA.GROUP_TYPE: if (l >= 2) nh.groupType = GROUP_TYPES[buf.readUInt16LE(p)] ?? 'mpath'; break;
      default: raw[t] = readRaw(buf, p, l);
    }
  });
  nh.raw = raw;
  return nh as unknown as Nexthop;
}
