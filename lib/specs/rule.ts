// Rule specs (rules.add/delete) -> the fib_rule_hdr and attributes to send: every field validated
// before any system call.
import { FIB_RULE, FR_ACT_UNSPEC, FR_ACT_TO_TBL, FR_ACT_GOTO } from '../uapi/fib_rules';
import { RT_TABLE } from '../uapi/rtnetlink';
import { afOf, ofFamily, type Family, type ParsedPrefix } from './ip';
import { invalidArgValue } from '../errors';
import { parseProtocol, parseTable } from '../codecs/iproute2-names';
import { validateInteger } from './validate';
import {
  Schema, anyObject, bool, dropped, family, int, linkName, nested, network, oneOf, required, u32, u8, type Check, type Checked,
} from './schema';
import type { PortRange, RuleAction, RuleSpec } from '../types/rule';
import type { RuleMessage } from '../codecs/rule-codec';
import { ACTIONS } from '../uapi/fib_rules';

const port = int(0, 65535);
const portRangeSchema = new Schema('rule.sport|dport', { start: required(port), end: required(port) });
const uidRangeSchema = new Schema('rule.uidRange', { start: required(int(0, 0xfffffffe)), end: required(int(0, 0xfffffffe)) });
const portRange: Check = (v, name) => (typeof v === 'number' ? port(v, name) : portRangeSchema.parse(v, name));
const ACTION_NAMES = ['lookup', 'goto', 'nop', 'blackhole', 'unreachable', 'prohibit'];

/**
 * RuleSpec; a Rule from list() passes too (flags and raw are checked and dropped). from and to,
 * table and protocol are parsed by their check, once: the copy holds what parseRuleSpec encodes.
 */
export const ruleSpecSchema = new Schema('rule', {
  family, priority: u32, from: network, to: network,
  table: (v, name) => parseTable(v, name), action: oneOf(ACTION_NAMES), goto: u32, fwmark: u32, fwmask: u32,
  iif: linkName, oif: linkName, tos: u8, suppressPrefixLength: int(0, 128), suppressIfgroup: int(0, 0x7fffffff),
  uidRange: nested(uidRangeSchema), l3mdev: bool, not: bool, protocol: (v, name) => parseProtocol(v, name),
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
  const from = ofFamily(spec.from as ParsedPrefix | undefined, family, 'rule.from');
  family ??= from?.family;
  const to = ofFamily(spec.to as ParsedPrefix | undefined, family, 'rule.to');
  family ??= to?.family ?? 4;
  const actionName = spec.action as RuleAction | undefined;  // one of ACTION_NAMES: the schema checked it
  const action = actionName === undefined ? (op === 'add' ? FR_ACT_TO_TBL : FR_ACT_UNSPEC) : ACTIONS.indexOf(actionName);
  // Every optional key own: nothing is read from a polluted Object.prototype when encoding.
  const m: RuleMessage = {
    af: afOf(family), dstLen: to?.prefixLength ?? 0, srcLen: from?.prefixLength ?? 0, tos: 0, table: 0, action, flags: 0, l3mdev: false,
    priority: undefined, dst: undefined, src: undefined, fwmark: undefined, fwmask: undefined, iif: undefined, oif: undefined,
    goto: undefined, suppressPrefixLength: undefined, suppressIfgroup: undefined, uidRange: undefined, protocol: undefined,
    ipProto: undefined, sport: undefined, dport: undefined,
  };
  if (spec.goto !== undefined) {
    m.goto = spec.goto as number;
    if (actionName !== undefined && actionName !== 'goto') throw invalidArgValue('rule.goto', spec.goto, `cannot be used with action ${actionName}`);
    m.action = FR_ACT_GOTO;
  } else if (actionName === 'goto') throw invalidArgValue('rule.action', 'goto', 'needs rule.goto (the target priority)');
  if (spec.priority !== undefined) m.priority = spec.priority as number;
  if (from && from.prefixLength > 0) m.src = from.bytes;
  if (to && to.prefixLength > 0) m.dst = to.bytes;
  if (spec.table !== undefined) m.table = spec.table as number;
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
  if (spec.protocol !== undefined) m.protocol = spec.protocol as number;
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

export const ruleFilterSchema = new Schema('rules.list filter', { family });
