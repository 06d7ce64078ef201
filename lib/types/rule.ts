// Public types of policy routing rules (ns.rules).
import type { Family } from '../specs/ip';

export interface Rule {
  readonly family: Family;
  readonly priority: number;
  readonly from?: string;
  readonly to?: string;
  readonly table: number;
  readonly action: RuleAction;
  readonly goto?: number;
  readonly fwmark?: number;
  readonly fwmask?: number;
  readonly iif?: string;
  readonly oif?: string;
  readonly tos: number;
  readonly suppressPrefixLength?: number;
  readonly suppressIfgroup?: number;
  readonly uidRange?: { readonly start: number; readonly end: number };
  readonly l3mdev: boolean;
  readonly not: boolean;
  readonly protocol: string;
  readonly ipProto?: number;
  readonly sport?: PortRange;
  readonly dport?: PortRange;
  /** FIB_RULE_* flag word (permanent, invert, unresolved, iif/oif detached). */
  readonly flags: number;
  readonly raw: Readonly<Record<number, Buffer>>;
}

/** What rules.add/delete take (a Rule from list() works for delete). */
export interface RuleSpec {
  /** 4 (default unless from/to say otherwise) or 6. */
  family?: Family;
  priority?: number;
  from?: string;
  to?: string;
  /** Number or name; default main for 'lookup' rules. */
  table?: number | string;
  /** Default 'lookup' (when adding). */
  action?: RuleAction;
  /** Target priority of a 'goto' rule. */
  goto?: number;
  fwmark?: number;
  fwmask?: number;
  /** Input device name (FRA_IIFNAME: the device need not exist yet). */
  iif?: string;
  oif?: string;
  tos?: number;
  /** Ignore lookup results with a prefix length of this or less (ip's suppress_prefixlength). */
  suppressPrefixLength?: number;
  suppressIfgroup?: number;
  uidRange?: { start: number; end: number };
  /** Look up the table of the VRF device the packet belongs to. */
  l3mdev?: boolean;
  /** Negate the selector (ip rule add not ...). */
  not?: boolean;
  protocol?: string | number;
  ipProto?: number;
  sport?: number | PortRange;
  dport?: number | PortRange;
}

export interface RuleFilter {
  /** 4 or 6; default both. */
  family?: Family;
}

export type RuleAction = 'lookup' | 'goto' | 'nop' | 'blackhole' | 'unreachable' | 'prohibit';

export interface PortRange { start: number; end: number }
