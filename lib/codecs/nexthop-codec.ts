// struct nhmsg + NHA_* attributes (linux/nexthop.h) <-> typed Nexthop objects.
import type { LinkRef } from '../types/link';
import { NLMSG_HDRLEN } from '../uapi/netlink';
import { NHMSG_LEN, NHA } from '../uapi/nexthop';
import { RTNH_F } from '../uapi/rtnetlink';
import { AF_UNSPEC } from '../uapi/socket';
import { MalformedMessageError, readIp, readRaw, forEachAttr } from './reader';
import type { MessageWriter } from './writer';
import { familyOfAf, type ParsedAddress } from '../specs/ip';
import { protocolName, scopeName } from './iproute2-names';
import type { Nexthop } from '../types/nexthop';
import { GROUP_TYPES } from '../uapi/nexthop';


export interface NexthopMessage {
  af: number; protocol: number; flags: number; id: number;
  gateway?: ParsedAddress; oif?: number; blackhole: boolean; fdb: boolean;
  group?: Array<{ id: number; weight: number }>; groupType?: number;
}

export interface ParsedNexthop extends Omit<NexthopMessage, 'oif'> { dev?: LinkRef }

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
