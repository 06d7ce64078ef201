// Traffic control (tc qdisc / tc class): specs taken by ns.tc and the objects its list() returns.
import type { LinkRef } from './link';

/** A handle or class id: 'root', 'ingress', 'clsact', '1:', '1:10' (hexadecimal, as tc), or the u32. */
export type TcHandle = string | number;
/** A rate: tc's text ('10mbit', '1gbit', '100kbps' = kilobytes/s) or a number of bits per second. */
export type TcRate = string | number;
/** A size: tc's text ('32kb', '1mb', '1500b'; k = 1024) or a number of bytes. */
export type TcSize = string | number;
/** A time: tc's text ('50ms', '1s', '100us') or a number of microseconds. */
export type TcTime = string | number;

/** Where a qdisc goes: `tc qdisc add dev D parent P handle H`. */
export interface QdiscTarget {
  /** The device, by name or index. */
  dev: LinkRef;
  /** 'root' unless given (ingress and clsact: ffff:fff1). */
  parent?: TcHandle;
  /** The qdisc's own handle, a major only ('1:'); the kernel picks one unless given. */
  handle?: TcHandle;
}

/** tbf: `rate R burst B latency L | limit N [peakrate P mtu M] [mpu N]`. */
export interface TbfQdiscSpec extends QdiscTarget {
  kind: 'tbf';
  /** The rate tokens arrive at. */
  rate: TcRate;
  /** The bucket's size: what may leave at once. */
  burst: TcSize;
  /** Longest a packet may wait; exclusive with limit. */
  latency?: TcTime;
  /** Bytes that may queue; exclusive with latency. */
  limit?: TcSize;
  /** A second, smaller bucket's rate, capping bursts. */
  peakrate?: TcRate;
  /** Required with peakrate (tc's mtu/minburst). */
  mtu?: TcSize;
  /** Smallest size a packet is counted as. */
  mpu?: TcSize;
}

/** htb: `default MINOR r2q N direct_qlen N`. */
export interface HtbQdiscSpec extends QdiscTarget {
  kind: 'htb';
  /** Minor id of the class unclassified traffic goes to: a number, or tc's hexadecimal text ('10' is 0x10). */
  'default'?: number | string;
  /** Divides a class's rate into its quantum (10 unless given). */
  r2q?: number;
  /** Length of the queue for unclassified packets when there is no default class. */
  directQlen?: number;
}

/** fq_codel: only the options given are sent; the kernel's defaults fill the rest. */
export interface FqCodelQdiscSpec extends QdiscTarget {
  kind: 'fq_codel';
  /** Packets the qdisc holds. */
  limit?: number;
  /** Number of flow queues. */
  flows?: number;
  /** Acceptable queueing delay. */
  target?: TcTime;
  /** Window the delay is measured over. */
  interval?: TcTime;
  /** Bytes a flow may send per round. */
  quantum?: TcSize;
  /** Mark with ECN instead of dropping. */
  ecn?: boolean;
  /** Delay above which packets are CE-marked. */
  ceThreshold?: TcTime;
  /** Memory the queues may use. */
  memoryLimit?: TcSize;
  /** Packets dropped at once when over limit. */
  dropBatch?: number;
}

/** prio: `bands N priomap P0 .. P15`. */
export interface PrioQdiscSpec extends QdiscTarget {
  kind: 'prio';
  /** 2 to 16; 3 unless given. */
  bands?: number;
  /** Band of each of the 16 priorities, from the first (tc's default map for those not given). */
  priomap?: number[];
}

/** netem: `delay D [JITTER] loss P% rate R limit N`. */
export interface NetemQdiscSpec extends QdiscTarget {
  kind: 'netem';
  /** Delay added to every packet. */
  delay?: TcTime;
  /** Random variation of the delay. */
  jitter?: TcTime;
  /** Loss probability in percent (0 to 100). */
  loss?: number;
  /** Rate the qdisc sends at. */
  rate?: TcRate;
  /** Packets that may queue; 1000 unless given. */
  limit?: number;
}

/** ingress and clsact: parent and handle default to what `tc qdisc add dev D ingress|clsact` uses. */
export interface IngressQdiscSpec extends QdiscTarget { kind: 'ingress' | 'clsact' }

/** A qdisc to add, replace or change. */
export type QdiscSpec = TbfQdiscSpec | HtbQdiscSpec | FqCodelQdiscSpec | PrioQdiscSpec | NetemQdiscSpec | IngressQdiscSpec;

/** What `tc qdisc del` names: dev with parent (root unless a handle is given), or an ingress/clsact by kind. */
export interface QdiscDeleteSpec extends QdiscTarget {
  /** Sent as TCA_KIND when given, as tc does; 'ingress' and 'clsact' also give parent and handle. */
  kind?: string;
}

/** An htb class: `tc class add dev D parent P classid C htb rate R [ceil C burst B cburst B prio N quantum N mtu N]`. */
export interface HtbClassSpec {
  /** The device, by name or index. */
  dev: LinkRef;
  /** The qdisc ('1:') or class ('1:1') above this class. */
  parent: TcHandle;
  /** This class's id, 'MAJ:MIN' with the qdisc's major. */
  classid: TcHandle;
  kind: 'htb';
  /** The rate the class is guaranteed. */
  rate: TcRate;
  /** The rate it may borrow up to; rate unless given. */
  ceil?: TcRate;
  /** What may leave at once at rate (tc's smallest when absent). */
  burst?: TcSize;
  /** What may leave at once at ceil (tc's smallest when absent). */
  cburst?: TcSize;
  /** 0 (first) to 7: the order spare bandwidth is lent in. */
  prio?: number;
  /** Bytes served per round (from r2q unless given). */
  quantum?: number;
  /** The packet size the rate tables are built for; 1600 unless given. */
  mtu?: TcSize;
}

/** A class to add, replace or change. */
export type TcClassSpec = HtbClassSpec;

/** What `tc class del dev D classid C` names. */
export interface TcClassDeleteSpec {
  /** The device, by name or index. */
  dev: LinkRef;
  /** The class to delete. */
  classid: TcHandle;
  /** Its parent, when given (tc sends it only then). */
  parent?: TcHandle;
  /** Sent as TCA_KIND when given. */
  kind?: string;
}

/** list()'s filter: one device's, or every device's. */
export interface TcListFilter {
  /** Only this device's (by name or index). */
  dev?: LinkRef;
}

/** Statistics of a qdisc or class, as `tc -s` shows them (TCA_STATS2). */
export interface TcStats {
  /** Bytes sent. */
  bytes: number;
  /** Packets sent. */
  packets: number;
  /** Packets dropped. */
  drops: number;
  /** Times a packet was held back by the limits. */
  overlimits: number;
  /** Packets put back in the queue. */
  requeues: number;
  /** Bytes queued now. */
  backlog: number;
  /** Packets queued now. */
  qlen: number;
  /** The rate estimator's view, when one runs (TCA_STATS_RATE_EST): bytes and packets per second. */
  rateEstimate?: { bps: number; pps: number };
}

/**
 * Decoded options of a listed qdisc or class: rates in bits per second, sizes in bytes, times in
 * µs (the numbers add/replace take back); kinds this library does not decode give { raw }.
 */
export type TcOptions = Record<string, unknown>;

/** A qdisc as `tc -s qdisc show` lists it. */
export interface Qdisc {
  /** Device name (undefined if it went away during the listing). */
  dev: string | undefined;
  /** The device's index. */
  index: number;
  /** 'MAJ:' as tc prints it. */
  handle: string;
  /** 'root', or the parent's 'MAJ:MIN' ('ffff:fff1' for ingress and clsact). */
  parent: string;
  /** 'tbf', 'htb', 'noqueue' ... */
  kind: string;
  /** The kind's options, decoded. */
  options: TcOptions;
  /** Counters, as `tc -s` shows them. */
  stats: TcStats;
}

/** A class as `tc -s class show` lists it. */
export interface TcClass {
  /** Device name (undefined if it went away during the listing). */
  dev: string | undefined;
  /** The device's index. */
  index: number;
  /** 'MAJ:MIN'. */
  classid: string;
  /** 'root' for a class right under the qdisc, else the parent class's 'MAJ:MIN'. */
  parent: string;
  /** The class's kind ('htb'). */
  kind: string;
  /** The handle of the qdisc attached below this class, if one is. */
  leaf?: string;
  /** The kind's options, decoded. */
  options: TcOptions;
  /** Counters, as `tc -s` shows them. */
  stats: TcStats;
}
