// Public types of traffic control filters and their actions (ns.tc.filters, `tc filter`).
import type { LinkRef } from './link';

/**
 * What an action (or a bpf classifier) tells the kernel to do with the packet next, by tc's names:
 * 'pass' (also 'ok'), 'drop' (also 'shot'), 'reclassify', 'pipe' (on to the next action),
 * 'continue' (on to the next filter), 'stolen', 'trap'.
 */
export type TcVerdict = 'pass' | 'ok' | 'drop' | 'shot' | 'reclassify' | 'pipe' | 'continue' | 'stolen' | 'trap';

/** `action mirred egress|ingress redirect|mirror dev DEV`: send the packet (or a copy) to a device. */
export interface MirredActionSpec {
  kind: 'mirred';
  /** Where and how: redirect moves the packet, mirror sends a copy and lets the original go on. */
  action: 'egress redirect' | 'egress mirror' | 'ingress redirect' | 'ingress mirror';
  /** The target device (an ifb, a veth...), by name or ifindex in this namespace. */
  dev: LinkRef;
  /** The verdict after the action; default as tc: 'stolen' for a redirect, 'pipe' for a mirror. */
  verdict?: TcVerdict;
}

/** `action police rate R burst B [mtu M] [conform-exceed EXCEED/CONFORM]`: a token bucket policer. */
export interface PoliceActionSpec {
  kind: 'police';
  /** Bytes per second, or tc's text ('1mbit'); a bare number is bits per second, as in tc. */
  rate: number | string;
  /** The bucket: bytes, or tc's text ('10k', '32kb'). */
  burst: number | string;
  /** Largest packet the policer lets through (tc's mtu); default: any. */
  mtu?: number | string;
  /** Packets over the rate; default 'reclassify' (tc's default). */
  exceed?: TcVerdict;
  /** Packets within the rate; default: the kernel's ('pass'). */
  conform?: TcVerdict;
}

/** `action pass|drop|...` (the generic action, gact). */
export interface GactActionSpec {
  kind: 'gact';
  /** The verdict for every packet. */
  action: TcVerdict;
}

/** An action of a filter, as filters.add takes it. */
export type TcActionSpec = MirredActionSpec | PoliceActionSpec | GactActionSpec;

/** Counters of an action or a filter (TCA_STATS2 / gnet_stats). */
export interface TcActionStats {
  /** Bytes the action handled. */
  readonly bytes: number;
  /** Packets the action handled. */
  readonly packets: number;
  /** Packets it dropped (police over the rate, gact drop). */
  readonly drops: number;
  /** Packets over the limit (police). */
  readonly overlimits: number;
  /** Requeues, backlog and queue length: zero for actions, kept as tc prints them. */
  readonly requeues: number;
  /** Bytes queued (0 for actions). */
  readonly backlog: number;
  /** Packets queued (0 for actions). */
  readonly qlen: number;
}

/** An action as the kernel reports it in a filter dump. */
export interface TcAction {
  /** 1 for the first action of the filter, 2 for the next... */
  readonly order: number;
  /** 'mirred', 'police', 'gact' or another action kind. */
  readonly kind: string;
  /** The action's index in the kernel's table of its kind. */
  readonly index: number;
  /** The verdict after the action (tc's control_action); for police, what exceeding packets get. */
  readonly verdict: TcVerdict | (string & {});
  /** References the kernel counts to the action. */
  readonly ref: number;
  /** Filters bound to the action. */
  readonly bind: number;
  /** mirred: 'egress redirect', 'ingress mirror'... */
  readonly action?: string;
  /** mirred: the target device's name (when it is in this namespace). */
  readonly dev?: string;
  /** mirred: the target device's ifindex. */
  readonly ifindex?: number;
  /** police: bytes per second. */
  readonly rate?: number;
  /** police: bucket size in bytes (from the kernel's burst in ticks, as tc prints it). */
  readonly burst?: number;
  /** police: largest packet allowed, 0 for any. */
  readonly mtu?: number;
  /** police: verdict for packets within the rate, when one was set. */
  readonly conform?: TcVerdict | (string & {});
  /** Counters, when the kernel sent them. */
  readonly stats?: TcActionStats;
}

/** One key of a u32 selector: the 32-bit word at `at` (from the network header), masked, equals value. */
export interface U32Key {
  /** The value as a host number of the big-endian word (tc prints it in hex). */
  readonly value: number;
  /** The mask, likewise. */
  readonly mask: number;
  /** Byte offset of the word. */
  readonly at: number;
  /** Offset mask (variable offsets; 0 for plain keys). */
  readonly offmask: number;
}

/**
 * A u32 match as tc's `match` takes it: `{ src: '10.0.0.0/24' }` (match ip src), `{ dst: ... }`,
 * `{ sport: 80, mask?: 0xffff }`, `{ dport: 80 }`, `{ u32: 0x00060000, mask: 0x00ff0000, at: 8 }`
 * (match u32 VAL MASK at OFF). `{ u32: 0, mask: 0, at: 0 }` matches every packet.
 */
export type U32Match =
  | { src: string }
  | { dst: string }
  | { sport: number; mask?: number }
  | { dport: number; mask?: number }
  | { u32: number; mask: number; at: number };

/** Where a filter is attached: the device and the qdisc (parent), with tc's ordering keys. */
export interface FilterTarget {
  /** The device, by name or ifindex. */
  dev: LinkRef;
  /**
   * The qdisc or class the filter is attached to: 'ffff:' (an ingress qdisc), 'ingress' / 'egress'
   * (a clsact qdisc's hooks), '1:' ... as tc reads them, or a number.
   */
  parent: string | number;
  /** EtherType the filter sees: 'all' (default), 'ip', 'ipv6', 'arp', '802.1Q', or a number. */
  protocol?: string | number;
  /** Priority (tc's prio/pref), 1-65535; the kernel picks one when absent on add. */
  prio?: number;
  /** The filter's handle: u32's 'HT:BKT:NODE' text ('800::800') or a number; bpf/matchall: a number. */
  handle?: string | number;
}

/** `tc filter add ... u32 match ... [classid C] [action ...]`. */
export interface U32FilterSpec extends FilterTarget {
  kind: 'u32';
  /** Every key must match; at least one (`{ u32: 0, mask: 0, at: 0 }` for all packets). */
  match: readonly U32Match[];
  /** The class packets go to (tc's classid/flowid), like '1:10'. */
  classid?: string | number;
  /** Actions run, in order, on packets that match. */
  actions?: readonly TcActionSpec[];
}

/** `tc filter add ... matchall [classid C] [action ...]`: every packet. */
export interface MatchallFilterSpec extends FilterTarget {
  kind: 'matchall';
  /** The class packets go to, like '1:10'. */
  classid?: string | number;
  /** Actions run, in order, on every packet. */
  actions?: readonly TcActionSpec[];
}

/** `tc filter add ... bpf ...` with a loaded program: the fd of a BPF_PROG_TYPE_SCHED_CLS program. */
export interface BpfFilterSpec extends FilterTarget {
  kind: 'bpf';
  /** The program's fd in this process; the kernel takes its own reference, the fd stays the caller's. */
  fd: number;
  /** A name for the program as the dump reports it (tc writes 'file.o:[section]'). */
  name?: string;
  /** The program's return value is the verdict (tc's `da`, direct-action). */
  directAction?: boolean;
  /** The class packets go to when the program does not choose one, like '1:10'. */
  classid?: string | number;
  /** Actions run on packets the program matches (without directAction). */
  actions?: readonly TcActionSpec[];
}

/** What filters.add/replace take. */
export type FilterSpec = U32FilterSpec | MatchallFilterSpec | BpfFilterSpec;

/** What filters.delete takes: the target, and the kind and handle to delete one filter of a prio. */
export interface FilterDeleteSpec extends FilterTarget {
  kind?: string;
}

/** What filters.list takes: the device and, optionally, the parent (default: the root qdisc). */
export interface FilterFilter {
  /** The device, by name or ifindex. */
  dev: LinkRef;
  /** The qdisc whose filters to list ('ffff:', 'ingress', '1:'); default the root qdisc. */
  parent?: string | number;
}

/** A filter as `tc -s filter show dev D parent P` reports it (RTM_NEWTFILTER decoded). */
export interface Filter {
  /** The device's ifindex. */
  readonly ifindex: number;
  /** The device's name. */
  readonly dev?: string;
  /** tc's text of the parent ('ffff:', 'ffff:fff2', '1:'). */
  readonly parent: string;
  /** The handle as tc prints it: u32 as 'HT:BKT:NODE' ('800::800'), others in hex ('0x1'). */
  readonly handle: string;
  /** The handle as a number (0 for the head entry of a prio). */
  readonly handleValue: number;
  /** Priority (tc's pref). */
  readonly prio: number;
  /** 'all', 'ip', ... or the EtherType in hex. */
  readonly protocol: string;
  /** 'u32', 'bpf', 'matchall' or another classifier. */
  readonly kind: string;
  /** The filter chain (0 unless chains are used). */
  readonly chain: number;
  /** u32: the class (flowid), as tc prints it. bpf and matchall likewise. */
  readonly classid?: string;
  /** u32: the selector's keys; absent on the head and hash table entries. */
  readonly match?: readonly U32Key[];
  /** u32: the selector ends classification (TC_U32_TERMINAL). */
  readonly terminal?: boolean;
  /** u32 hash table entries (tc's 'ht divisor'). */
  readonly divisor?: number;
  /** bpf: the name it was attached with. */
  readonly name?: string;
  /** bpf: the program's id (bpftool prog show id N). */
  readonly programId?: number;
  /** bpf: the program's tag, in hex. */
  readonly programTag?: string;
  /** bpf: the program's return value is the verdict. */
  readonly directAction?: boolean;
  /** Offload state (TCA_CLS_FLAGS): not_in_hw as tc prints it. */
  readonly notInHw?: boolean;
  /** The filter's actions, in order. */
  readonly actions?: readonly TcAction[];
  /** u32 with counters (TCA_U32_PCNT): packets seen and matched; matchall: packets matched. */
  readonly hits?: { readonly seen?: number; readonly matched: number };
}
