// Argument checks of ns.firewall's helpers (masquerade, portMap, allow/deny, remove): own fields
// only, unknown ones refused, every value checked before anything runs. What they return is all
// the rule builders read: parsed addresses in canonical form, port ranges, interface names that
// can go into nft's rule text between double quotes as they are.
import { invalidArgValue, outOfRange } from '../errors';
import { parseAddress, type Family, type ParsedAddress, type ParsedPrefix } from '../specs/ip';
import { validateLinkName } from '../specs/validate';
import { Schema, arrayOf, int, nested, network, oneOf, required, type Check, type Checked } from '../specs/schema';
import type { PortRange } from '../types/rule';
import type { FirewallPortProtocol, FirewallProtocol, FirewallRuleRef } from '../types/firewall-helpers';

/** The chains of table inet netns the helpers add rules to (helper-rules.ts declares their hooks). */
export const HELPER_CHAINS = ['input', 'forward', 'prerouting', 'nat_output', 'postrouting', 'hairpin'] as const;
export type HelperChain = (typeof HELPER_CHAINS)[number];

const PORT_PROTOCOLS: readonly FirewallPortProtocol[] = ['tcp', 'udp', 'sctp'];
const PROTOCOLS: readonly FirewallProtocol[] = [...PORT_PROTOCOLS, 'icmp', 'icmpv6'];

/**
 * An interface name, as the kernel takes it and restricted to letters, digits and . _ - + @: it is
 * written into the rule text as "NAME", where a quote or backslash would end or escape the string
 * and a '*' would make it a wildcard.
 */
const ifName: Check = (v, name) => {
  const s = validateLinkName(v, name);
  if (!/^[A-Za-z0-9_.@+-]+$/.test(s)) throw invalidArgValue(name, s, 'may only contain letters, digits and . _ - + @ in a firewall rule');
  return s;
};

const port = int(1, 65535);
const portRangeSchema = new Schema('firewall.port range', { start: required(port), end: required(port) });
/** A port or an inclusive range, as a range; a range ending before it starts is a RangeError. */
const portOrRange: Check = (v, name): PortRange => {
  if (typeof v === 'number') { port(v, name); return { start: v, end: v }; }
  const r = portRangeSchema.parse(v, name);
  const start = r.start as number, end = r.end as number;
  if (end < start) throw outOfRange(`${name}.end`, `an integer from ${start} (the start) to 65535`, end);
  return { start, end };
};
const address: Check = (v, name) => parseAddress(v, name);

const masqueradeSchema = new Schema('firewall.masquerade options', { from: network, out: ifName });
const filterSchema = new Schema('firewall.allow|deny options', {
  from: network, to: network, protocol: oneOf(PROTOCOLS), port: portOrRange, iif: ifName, oif: ifName,
});
const portMapSchema = new Schema('firewall.portMap options', {
  protocol: required(oneOf(PORT_PROTOCOLS)), port: required(portOrRange), to: required((v, name) => parseTarget(v, name)),
  dst: address, from: network, iif: ifName,
});
const ruleRefSchema = new Schema('firewall.remove rule', {
  family: required(oneOf(['inet'])), table: required(oneOf(['netns'])), chain: required(oneOf(HELPER_CHAINS)),
  handle: required(int(1, Number.MAX_SAFE_INTEGER)),
});
const ruleRefs = arrayOf(nested(ruleRefSchema), { max: 100000, what: 'rules ({ family, table, chain, handle })' });

export interface MasqueradeSpec { readonly from?: ParsedPrefix; readonly out?: string }

export interface FilterSpec {
  /** Pinned by from/to or by an ICMP protocol; absent: both families. */
  readonly family?: Family;
  readonly from?: ParsedPrefix;
  readonly to?: ParsedPrefix;
  readonly protocol?: FirewallProtocol;
  readonly port?: PortRange;
  readonly iif?: string;
  readonly oif?: string;
}

export interface PortMapTarget { readonly address: ParsedAddress; readonly port?: number }

export interface PortMapSpec {
  readonly family: Family;
  readonly protocol: FirewallPortProtocol;
  readonly port: PortRange;
  readonly to: PortMapTarget;
  readonly dst?: ParsedAddress;
  readonly from?: ParsedPrefix;
  readonly iif?: string;
}

/** 'A.B.C.D:PORT', '[IPv6]:PORT', or an address alone (the port is kept). */
function parseTarget(v: unknown, name: string): PortMapTarget {
  if (typeof v !== 'string') return { address: parseAddress(v, name) };  // the TypeError of an address
  const bad = (): Error => invalidArgValue(name, v, 'must be "ADDRESS:PORT", "[IPv6]:PORT" or an address');
  let host = v, portText: string | undefined;
  if (v.startsWith('[')) {
    const m = /^\[([^\]]*)\](?::(\d{1,5}))?$/.exec(v);
    if (!m) throw bad();
    host = m[1];
    portText = m[2];
    if (!host.includes(':')) throw bad();  // brackets hold an IPv6 address only
  } else if (v.indexOf(':') >= 0 && v.indexOf(':') === v.lastIndexOf(':')) {
    const m = /^([^:]*):(\d{1,5})$/.exec(v);
    if (!m) throw bad();
    host = m[1];
    portText = m[2];
  }
  const addr = parseAddress(host, name);
  // port given as undefined: an own property, so that a polluted Object.prototype.port cannot show through.
  if (portText === undefined) return { address: addr, port: undefined };
  const p = Number(portText);
  if (p < 1 || p > 65535) throw outOfRange(`${name} port`, 'an integer from 1 to 65535', p);
  return { address: addr, port: p };
}

/** The one family the given addresses share; a mixed pair is refused under the later name. */
function commonFamily(named: ReadonlyArray<[string, ParsedAddress | undefined]>): Family | undefined {
  let family: Family | undefined, first = '';
  for (const [name, a] of named) {
    if (a === undefined) continue;
    if (family === undefined) { family = a.family; first = name; continue; }
    if (a.family !== family) throw invalidArgValue(name, a.text, `must be an IPv${family} address, as ${first} is`);
  }
  return family;
}

export function parseMasquerade(options: unknown): MasqueradeSpec {
  const o = masqueradeSchema.parse(options, 'options');
  return { from: o.from as ParsedPrefix | undefined, out: o.out as string | undefined };
}

export function parseFilter(options: unknown): FilterSpec {
  const o = filterSchema.parse(options, 'options');
  const from = o.from as ParsedPrefix | undefined, to = o.to as ParsedPrefix | undefined;
  const protocol = o.protocol as FirewallProtocol | undefined;
  let family = commonFamily([['options.from', from], ['options.to', to]]);
  const icmpFamily: Family | undefined = protocol === 'icmp' ? 4 : protocol === 'icmpv6' ? 6 : undefined;
  if (icmpFamily !== undefined) {
    if (family !== undefined && family !== icmpFamily) throw invalidArgValue('options.protocol', protocol, `does not match IPv${family} addresses`);
    family = icmpFamily;
  }
  const portRange = o.port as PortRange | undefined;
  if (portRange !== undefined && (protocol === undefined || !PORT_PROTOCOLS.includes(protocol as FirewallPortProtocol))) {
    throw invalidArgValue('options.port', o.port, 'needs options.protocol tcp, udp or sctp');
  }
  return { family, from, to, protocol, port: portRange, iif: o.iif as string | undefined, oif: o.oif as string | undefined };
}

export function parsePortMap(options: unknown): PortMapSpec {
  const o = portMapSchema.parse(options, 'options');
  const to = o.to as PortMapTarget, dst = o.dst as ParsedAddress | undefined, from = o.from as ParsedPrefix | undefined;
  const family = commonFamily([['options.to', to.address], ['options.dst', dst], ['options.from', from]])!;
  return {
    family, protocol: o.protocol as FirewallPortProtocol, port: o.port as PortRange, to, dst, from, iif: o.iif as string | undefined,
  };
}

/** remove()'s argument: rules of table inet netns, as the helpers return them. */
export function parseRuleRefs(rules: unknown): FirewallRuleRef[] {
  return (ruleRefs(rules, 'rules') as Checked[]).map((r) => ({
    family: 'inet', table: 'netns', chain: r.chain as HelperChain, handle: r.handle as number,
  }));
}
