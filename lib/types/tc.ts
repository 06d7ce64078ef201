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

/** Where a qdisc goes: dev, and parent ('root' unless given) and handle as `tc qdisc add dev D parent P handle H`. */
export interface QdiscTarget {
  dev: LinkRef;
  parent?: TcHandle;
  handle?: TcHandle;
}

/** tbf: `rate R burst B latency L | limit N [peakrate P mtu M] [mpu N]`. */
export interface TbfQdiscSpec extends QdiscTarget {
  kind: 'tbf';
  rate: TcRate;
  burst: TcSize;
  /** Longest a packet may wait; exclusive with limit. */
  latency?: TcTime;
  /** Bytes that may queue; exclusive with latency. */
  limit?: TcSize;
  peakrate?: TcRate;
  /** Required with peakrate (tc's mtu/minburst). */
  mtu?: TcSize;
  mpu?: TcSize;
}

/** htb: `default MINOR r2q N direct_qlen N`. */
export interface HtbQdiscSpec extends QdiscTarget {
  kind: 'htb';
  /** Minor id of the class unclassified traffic goes to: a number, or tc's hexadecimal text ('10' is 0x10). */
  default?: number | string;
  r2q?: number;
  directQlen?: number;
}

/** fq_codel: only the options given are sent; the kernel's defaults fill the rest. */
export interface FqCodelQdiscSpec extends QdiscTarget {
  kind: 'fq_codel';
  limit?: number;
  flows?: number;
  target?: TcTime;
  interval?: TcTime;
  quantum?: TcSize;
  ecn?: boolean;
  ceThreshold?: TcTime;
  memoryLimit?: TcSize;
  dropBatch?: number;
}

/** prio: `bands N priomap P0 .. P15`. */
export interface PrioQdiscSpec extends QdiscTarget {
  kind: 'prio';
  /** 2 to 16; 3 unless given. */
  bands?: number;
  /** Band of each of the 16 priorities (tc's default map unless given). */
  priomap?: number[];
}

/** netem: `delay D [JITTER] loss P% rate R limit N`. */
export interface NetemQdiscSpec extends QdiscTarget {
  kind: 'netem';
  delay?: TcTime;
  jitter?: TcTime;
  /** Loss probability in percent (0 to 100). */
  loss?: number;
  rate?: TcRate;
  /** Packets that may queue; 1000 unless given. */
  limit?: number;
}

/** ingress and clsact: parent and handle default to what `tc qdisc add dev D ingress|clsact` uses. */
export interface IngressQdiscSpec extends QdiscTarget { kind: 'ingress' | 'clsact' }

/** A qdisc to add, replace or change. */
export type QdiscSpec = TbfQdiscSpec | HtbQdiscSpec | FqCodelQdiscSpec | PrioQdiscSpec | NetemQdiscSpec | IngressQdiscSpec;

/** What `tc qdisc del` names: dev with parent (and handle, kind when given), or an ingress/clsact by kind. */
export interface QdiscDeleteSpec extends QdiscTarget { kind?: string }

/** An htb class: `tc class add dev D parent P classid C htb rate R [ceil C burst B cburst B prio N quantum N mtu N]`. */
export interface HtbClassSpec {
  dev: LinkRef;
  parent: TcHandle;
  classid: TcHandle;
  kind: 'htb';
  rate: TcRate;
  /** rate unless given. */
  ceil?: TcRate;
  burst?: TcSize;
  cburst?: TcSize;
  prio?: number;
  quantum?: number;
  /** The packet size the rate tables are built for; 1600 unless given. */
  mtu?: TcSize;
}

/** A class to add, replace or change. */
export type TcClassSpec = HtbClassSpec;

/** What `tc class del dev D classid C` names. */
export interface TcClassDeleteSpec { dev: LinkRef; classid: TcHandle; parent?: TcHandle; kind?: string }

/** list()'s filter: one device's, or every device's. */
export interface TcListFilter { dev?: LinkRef }

/** Statistics of a qdisc or class, as `tc -s` shows them (TCA_STATS2). */
export interface TcStats {
  bytes: number;
  packets: number;
  drops: number;
  overlimits: number;
  requeues: number;
  backlog: number;
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
  index: number;
  /** 'MAJ:' as tc prints it. */
  handle: string;
  /** 'root', or the parent's 'MAJ:MIN' ('ffff:fff1' for ingress and clsact). */
  parent: string;
  kind: string;
  options: TcOptions;
  stats: TcStats;
}

/** A class as `tc -s class show` lists it. */
export interface TcClass {
  dev: string | undefined;
  index: number;
  classid: string;
  parent: string;
  kind: string;
  /** The handle of the qdisc attached below this class, if one is. */
  leaf?: string;
  options: TcOptions;
  stats: TcStats;
}
