// struct fib_rule_hdr + FRA_* attributes (linux/fib_rules.h) <-> typed Rule objects.
import { FIB_RULE_HDR_LEN, FRA, FIB_RULE, FR_ACT_UNSPEC, FR_ACT_TO_TBL, FR_ACT_GOTO } from '../uapi/fib_rules';
import { NLMSG_HDRLEN } from '../uapi/netlink';
import { RT_TABLE } from '../uapi/rtnetlink';
import { AF_INET, AF_INET6 } from '../uapi/socket';
import { MalformedMessageError, readIp, readRaw, readString, forEachAttr } from './reader';
import type { MessageWriter } from './writer';
import { afOf, parsePrefix, type Family } from '../specs/ip';
import { invalidArgValue } from '../errors';
import { parseProtocol, parseTable, protocolName } from './iproute2-names';
import { validateInteger } from '../specs/validate';
import {
  Schema, anyObject, bool, dropped, family, int, linkName, nested, oneOf, prefix, required, u32, u8, type Check, type Checked,
} from '../specs/schema';
import type { PortRange, Rule, RuleAction, RuleSpec } from '../types/rule';

const ACTIONS = ['unspec', 'lookup', 'goto', 'nop', 'res3', 'res4', 'blackhole', 'unreachable', 'prohibit'] as const;

export interface RuleMessage {
  af: number; dstLen: number; srcLen: number; tos: number; table: number; action: number; flags: number;
  priority?: number; dst?: Buffer; src?: Buffer; fwmark?: number; fwmask?: number; iif?: string; oif?: string;
  goto?: number; suppressPrefixLength?: number; suppressIfgroup?: number; uidRange?: [number, number];
  l3mdev: boolean; protocol?: number; ipProto?: number; sport?: PortRange; dport?: PortRange;
}

const port = int(0, 65535);
const portRangeSchema = new Schema('rule.sport|dport', { start: required(port), end: required(port) });
const uidRangeSchema = new Schema('rule.uidRange', { start: required(int(0, 0xfffffffe)), end: required(int(0, 0xfffffffe)) });
const portRange: Check = (v, name) => (typeof v === 'number' ? port(v, name) : portRangeSchema.parse(v, name));
const ACTION_NAMES = ['lookup', 'goto', 'nop', 'blackhole', 'unreachable', 'prohibit'];

/** RuleSpec; a Rule from list() passes too (flags and raw are checked and dropped). */
export const ruleSpecSchema = new Schema('rule', {
  family, priority: u32, from: prefix({ requireNetwork: true }), to: prefix({ requireNetwork: true }),
  table: (v, name) => { parseTable(v, name); return v; }, action: oneOf(ACTION_NAMES), goto: u32, fwmark: u32, fwmask: u32,
  iif: linkName, oif: linkName, tos: u8, suppressPrefixLength: int(0, 128), suppressIfgroup: int(0, 0x7fffffff),
  uidRange: nested(uidRangeSchema), l3mdev: bool, not: bool, protocol: (v, name) => { parseProtocol(v, name); return v; },
  ipProto: u8, sport: portRange, dport: portRange, flags: dropped(u32), raw: dropped(anyObject),
});

function parsePortRange(v: unknown, name: string): PortRange {
  if (typeof v === 'number') return { start: v, end: v };
  const r = v as Checked;
  const start = r.start as number;
  const end = validateInteger(r.end, `${name}.end`, start, 65535);
  return { start, end };
}

/**
 * Validates a rule and builds the message `ip rule add|del` sends for it (iproute2 ip/iprule.c):
 * tables below 256 in the header, larger ones in FRA_TABLE; adding a 'lookup' rule without a
 * table (and without l3mdev) looks up main; delete sends only what is given.
 */
export function parseRuleSpec(input: RuleSpec, op: 'add' | 'delete'): RuleMessage {
  const spec = ruleSpecSchema.parse(input, 'rule');
  let family = spec.family as Family | undefined;
  const from = spec.from === undefined ? undefined : parsePrefix(spec.from, 'rule.from', { family, requireNetwork: true });
  family ??= from?.family;
  const to = spec.to === undefined ? undefined : parsePrefix(spec.to, 'rule.to', { family, requireNetwork: true });
  family ??= to?.family ?? 4;
  const action = spec.action === undefined ? (op === 'add' ? FR_ACT_TO_TBL : FR_ACT_UNSPEC) : ACTIONS.indexOf(spec.action as RuleAction);
  // Every optional key own: nothing is read from a polluted Object.prototype when encoding.
  const m: RuleMessage = {
    af: afOf(family), dstLen: to?.prefixLength ?? 0, srcLen: from?.prefixLength ?? 0, tos: 0, table: 0, action, flags: 0, l3mdev: false,
    priority: undefined, dst: undefined, src: undefined, fwmark: undefined, fwmask: undefined, iif: undefined, oif: undefined,
    goto: undefined, suppressPrefixLength: undefined, suppressIfgroup: undefined, uidRange: undefined, protocol: undefined,
    ipProto: undefined, sport: undefined, dport: undefined,
  };
  if (spec.goto !== undefined) {
    m.goto = spec.goto as number;
    if (spec.action !== undefined && spec.action !== 'goto') throw invalidArgValue('rule.goto', spec.goto, `cannot be used with action ${spec.action}`);
    m.action = FR_ACT_GOTO;
  } else if (spec.action === 'goto') throw invalidArgValue('rule.action', 'goto', 'needs rule.goto (the target priority)');
  if (spec.priority !== undefined) m.priority = spec.priority as number;
  if (from && from.prefixLength > 0) m.src = from.bytes;
  if (to && to.prefixLength > 0) m.dst = to.bytes;
  if (spec.table !== undefined) m.table = parseTable(spec.table, 'rule.table');
  m.l3mdev = spec.l3mdev === true;
  if (op === 'add' && m.action === FR_ACT_TO_TBL && spec.table === undefined && !m.l3mdev) m.table = RT_TABLE.MAIN;
  if (spec.fwmark !== undefined) m.fwmark = spec.fwmark as number;
  if (spec.fwmask !== undefined) m.fwmask = spec.fwmask as number;
  if (spec.iif !== undefined) m.iif = spec.iif as string;
  if (spec.oif !== undefined) m.oif = spec.oif as string;
  if (spec.tos !== undefined) m.tos = spec.tos as number;
  if (spec.suppressPrefixLength !== undefined) m.suppressPrefixLength = spec.suppressPrefixLength as number;
  if (spec.suppressIfgroup !== undefined) m.suppressIfgroup = spec.suppressIfgroup as number;
  if (spec.uidRange !== undefined) {
    const r = spec.uidRange as Checked;
    m.uidRange = [r.start as number, validateInteger(r.end, 'rule.uidRange.end', r.start as number, 0xfffffffe)];
  }
  if (spec.not === true) m.flags |= FIB_RULE.INVERT;
  if (spec.protocol !== undefined) m.protocol = parseProtocol(spec.protocol, 'rule.protocol');
  if (spec.ipProto !== undefined) m.ipProto = spec.ipProto as number;
  if (spec.sport !== undefined) m.sport = parsePortRange(spec.sport, 'rule.sport');
  if (spec.dport !== undefined) m.dport = parsePortRange(spec.dport, 'rule.dport');
  return m;
}

/**
 * fib_rule_hdr and attributes in the order iproute2 emits them for the same arguments:
 * FRA_PRIORITY, FRA_SRC, FRA_DST, FRA_FWMARK, FRA_FWMASK, FRA_IIFNAME, FRA_OIFNAME, FRA_GOTO,
 * FRA_TABLE, FRA_SUPPRESS_PREFIXLEN, FRA_SUPPRESS_IFGROUP, FRA_UID_RANGE, FRA_L3MDEV, then the
 * selectors iproute2 6.1 adds later (protocol, ip_proto, ports). Device names carry their NUL.
 */
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
