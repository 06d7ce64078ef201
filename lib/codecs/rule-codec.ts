// struct fib_rule_hdr + FRA_* attributes (linux/fib_rules.h) <-> typed Rule objects.
import { FIB_RULE_HDR_LEN, FRA, FIB_RULE } from '../uapi/fib_rules';
import { NLMSG_HDRLEN } from '../uapi/netlink';
import { RT_TABLE } from '../uapi/rtnetlink';
import { AF_INET, AF_INET6 } from '../uapi/socket';
import { MalformedMessageError, readIp, readRaw, readString, forEachAttr } from './reader';
import type { MessageWriter } from './writer';
import { protocolName } from './iproute2-names';
import type { PortRange, Rule } from '../types/rule';
import { ACTIONS } from '../uapi/fib_rules';


export interface RuleMessage {
  af: number; dstLen: number; srcLen: number; tos: number; table: number; action: number; flags: number;
  priority?: number; dst?: Buffer; src?: Buffer; fwmark?: number; fwmask?: number; iif?: string; oif?: string;
  goto?: number; suppressPrefixLength?: number; suppressIfgroup?: number; uidRange?: [number, number];
  l3mdev: boolean; protocol?: number; ipProto?: number; sport?: PortRange; dport?: PortRange;
}

export function writeRuleMessage(w: MessageWriter, m: RuleMessage): void {
  const big = m.table > 255;
  w.u8(m.af).u8(m.dstLen).u8(m.srcLen).u8(m.tos).u8(big ? RT_TABLE.UNSPEC : m.table).u8(0).u8(0).u8(m.action).u32(m.flags);
  if (m.priority !== undefined) w.attrU32(FRA.PRIORITY, m.priority);
  if (m.src) w.attrBytes(FRA.SRC, m.src);
  if (m.dst) w.attrBytes(FRA.DST, m.dst);
  if (m.fwmark !== undefined) w.attrU32(FRA.FWMARK, m.fwmark);
  if (m.fwmask !== undefined) w.attrU32(FRA.FWMASK, m.fwmask);
  if (m.iif !== undefined) w.attrString(FRA.IIFNAME, m.iif);
  if (m.oif !== undefined) w.attrString(FRA.OIFNAME, m.oif);
  if (m.goto !== undefined) w.attrU32(FRA.GOTO, m.goto);
  if (big) w.attrU32(FRA.TABLE, m.table);
  if (m.suppressPrefixLength !== undefined) w.attrU32(FRA.SUPPRESS_PREFIXLEN, m.suppressPrefixLength);
  if (m.suppressIfgroup !== undefined) w.attrU32(FRA.SUPPRESS_IFGROUP, m.suppressIfgroup);
  if (m.uidRange) {
    const b = Buffer.alloc(8);
    b.writeUInt32LE(m.uidRange[0], 0);
    b.writeUInt32LE(m.uidRange[1], 4);
    w.attrBytes(FRA.UID_RANGE, b);
  }
  if (m.l3mdev) w.attrU8(FRA.L3MDEV, 1);
  if (m.protocol !== undefined) w.attrU8(FRA.PROTOCOL, m.protocol);
  if (m.ipProto !== undefined) w.attrU8(FRA.IP_PROTO, m.ipProto);
  for (const [type, r] of [[FRA.SPORT_RANGE, m.sport], [FRA.DPORT_RANGE, m.dport]] as const) {
    if (!r) continue;
    const b = Buffer.alloc(4);
    b.writeUInt16LE(r.start, 0);
    b.writeUInt16LE(r.end, 2);
    w.attrBytes(type, b);
  }
}

function readPortRange(buf: Buffer, p: number, l: number): PortRange {
  if (l < 4) throw new MalformedMessageError('short port range');
  return { start: buf.readUInt16LE(p), end: buf.readUInt16LE(p + 2) };
}

/** Decodes one RTM_NEWRULE message; undefined for families other than IPv4/IPv6 (ipmr rules). */
export function decodeRule(buf: Buffer, off: number, len: number): Rule | undefined {
  if (len < NLMSG_HDRLEN + FIB_RULE_HDR_LEN || off + len > buf.length) throw new MalformedMessageError('short fib_rule_hdr');
  const h = off + NLMSG_HDRLEN;
  const af = buf[h];
  if (af !== AF_INET && af !== AF_INET6) return undefined;
  const flags = buf.readUInt32LE(h + 8);
  const r: Record<string, unknown> = {
    family: af === AF_INET ? 4 : 6, priority: 0, table: buf[h + 4], action: ACTIONS[buf[h + 7]] ?? String(buf[h + 7]),
    tos: buf[h + 3], l3mdev: false, not: (flags & FIB_RULE.INVERT) !== 0, protocol: protocolName(0), flags,
  };
  const raw: Record<number, Buffer> = {};
  forEachAttr(buf, h + FIB_RULE_HDR_LEN, off + len, (t, p, l) => {
    const u32 = (): number => { if (l < 4) throw new MalformedMessageError(`short FRA attribute ${t}`); return buf.readUInt32LE(p); };
    switch (t) {
      case FRA.PRIORITY: r.priority = u32(); break;
      case FRA.SRC: r.from = `${readIp(buf, p, l)}/${buf[h + 2]}`; break;
      case FRA.DST: r.to = `${readIp(buf, p, l)}/${buf[h + 1]}`; break;
      case FRA.TABLE: r.table = u32(); break;
      case FRA.GOTO: r.goto = u32(); break;
      case FRA.FWMARK: r.fwmark = u32(); break;
      case FRA.FWMASK: r.fwmask = u32(); break;
      case FRA.IIFNAME: r.iif = readString(buf, p, l); break;
      case FRA.OIFNAME: r.oif = readString(buf, p, l); break;
      case FRA.SUPPRESS_PREFIXLEN: { const v = u32() | 0; if (v !== -1) r.suppressPrefixLength = v; break; }
      case FRA.SUPPRESS_IFGROUP: { const v = u32() | 0; if (v !== -1) r.suppressIfgroup = v; break; }
      case FRA.UID_RANGE: if (l < 8) throw new MalformedMessageError('short FRA_UID_RANGE'); r.uidRange = { start: buf.readUInt32LE(p), end: buf.readUInt32LE(p + 4) }; break;
      case FRA.L3MDEV: r.l3mdev = l >= 1 && buf[p] !== 0; break;
      case FRA.PROTOCOL: if (l >= 1) r.protocol = protocolName(buf[p]); break;
      case FRA.IP_PROTO: if (l >= 1) r.ipProto = buf[p]; break;
      case FRA.SPORT_RANGE: r.sport = readPortRange(buf, p, l); break;
      case FRA.DPORT_RANGE: r.dport = readPortRange(buf, p, l); break;
      case FRA.PAD: break;
      default: raw[t] = readRaw(buf, p, l);
    }
  });
  r.raw = raw;
  return r as unknown as Rule;
}
