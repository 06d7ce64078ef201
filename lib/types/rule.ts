// Public types of policy routing rules (ns.rules).
import type { Family } from '../specs/ip';

/** A policy routing rule as `ip rule show` reports it (RTM_NEWRULE decoded). */
export interface Rule {
  /** 4 or 6. */
  readonly family: Family;
  /** The rule's priority (ip's pref): lower numbers match first. */
  readonly priority: number;
  /** The source prefix it matches; absent for all. */
  readonly from?: string;
  /** The destination prefix it matches; absent for all. */
  readonly to?: string;
  /** The table a 'lookup' rule looks in (FRA_TABLE or rtm_table). */
  readonly table: number;
  /** What a match does. */
  readonly action: RuleAction;
  /** The priority a 'goto' rule jumps to. */
  readonly goto?: number;
  /** The firewall mark it matches. */
  readonly fwmark?: number;
  /** The mask applied to the mark before comparing. */
  readonly fwmask?: number;
  /** The input device name it matches. */
  readonly iif?: string;
  /** The output device name it matches. */
  readonly oif?: string;
  /** The TOS byte it matches (0: any). */
  readonly tos: number;
  /** Lookup results with this prefix length or less are ignored (ip's suppress_prefixlength). */
  readonly suppressPrefixLength?: number;
  /** Lookup results through a device of this group are ignored (ip's suppress_ifgroup). */
  readonly suppressIfgroup?: number;
  /** The socket uid range it matches (ip's uidrange), inclusive. */
  readonly uidRange?: { readonly start: number; readonly end: number };
  /** Looks up the table of the packet's VRF device. */
  readonly l3mdev: boolean;
  /** The selector is negated (FIB_RULE_INVERT). */
  readonly not: boolean;
  /** Who installed it, by rt_protos name ('kernel', 'boot', ...). */
  readonly protocol: string;
  /** The IP protocol number it matches (ip's ipproto). */
  readonly ipProto?: number;
  /** The source port range it matches. */
  readonly sport?: PortRange;
  /** The destination port range it matches. */
  readonly dport?: PortRange;
  /** FIB_RULE_* flag word (permanent, invert, unresolved, iif/oif detached). */
  readonly flags: number;
  /** Attributes this library does not decode, by FRA_* number. */
  readonly raw: Readonly<Record<number, Buffer>>;
}

/** What rules.add/delete take (a Rule from list() works for delete). */
export interface RuleSpec {
  /** 4 (default unless from/to say otherwise) or 6. */
  family?: Family;
  /** The rule's priority (ip's pref); default: the kernel picks one, as for ip rule add without pref. */
  priority?: number;
  /** The source prefix to match, e.g. '10.0.0.0/8'. */
  from?: string;
  /** The destination prefix to match. */
  to?: string;
  /** Number or name; default main for 'lookup' rules. */
  table?: number | string;
  /** Default 'lookup' (when adding). */
  action?: RuleAction;
  /** Target priority of a 'goto' rule. */
  goto?: number;
  /** The firewall mark to match (ip's fwmark). */
  fwmark?: number;
  /** The mask for fwmark (ip's fwmark M/MASK). */
  fwmask?: number;
  /** Input device name (FRA_IIFNAME: the device need not exist yet). */
  iif?: string;
  /** Output device name (FRA_OIFNAME: the device need not exist yet). */
  oif?: string;
  /** The TOS byte to match (ip's tos). */
  tos?: number;
  /** Ignore lookup results with a prefix length of this or less (ip's suppress_prefixlength). */
  suppressPrefixLength?: number;
  /** Ignore lookup results through a device of this group (ip's suppress_ifgroup). */
  suppressIfgroup?: number;
  /** The socket uid range to match, inclusive (ip's uidrange START-END). */
  uidRange?: { start: number; end: number };
  /** Look up the table of the VRF device the packet belongs to. */
  l3mdev?: boolean;
  /** Negate the selector (ip rule add not ...). */
  not?: boolean;
  /** An rt_protos name or number (ip's protocol). */
  protocol?: string | number;
  /** The IP protocol number to match (ip's ipproto). */
  ipProto?: number;
  /** A source port or range to match (ip's sport). */
  sport?: number | PortRange;
  /** A destination port or range to match (ip's dport). */
  dport?: number | PortRange;
}

/** What rules.list() shows. */
export interface RuleFilter {
  /** 4 or 6; default both. */
  family?: Family;
}

/** What a rule does on a match (FR_ACT_*): look up a table, jump, or refuse. */
export type RuleAction = 'lookup' | 'goto' | 'nop' | 'blackhole' | 'unreachable' | 'prohibit';

/** An inclusive port range (ip rule's sport/dport START-END). */
export interface PortRange {
  /** The first port, 0..65535. */
  start: number;
  /** The last port, 0..65535. */
  end: number;
}
