// Public types of routes (ns.routes).
import type { Family } from '../specs/ip';
import type { LinkRef } from './link';

export interface Route {
  readonly family: Family;
  /** Always a prefix: '0.0.0.0/0', '10.1.0.0/16', '10.0.0.77/32'. */
  readonly dst: string;
  readonly dstLength: number;
  /** RTA_SRC source prefix (ip's "from"). */
  readonly from?: string;
  readonly table: number;
  readonly type: RouteType;
  readonly protocol: string;
  readonly scope: string;
  readonly tos: number;
  readonly metric?: number;
  readonly via?: string;
  readonly dev?: string;
  readonly oif?: number;
  /** Preferred source (RTA_PREFSRC, ip's src). */
  readonly src?: string;
  readonly onlink?: boolean;
  /** rtm_flags by name (onlink, linkdown, cloned, ...). */
  readonly flags: readonly string[];
  readonly nexthops?: readonly RouteNexthop[];
  readonly nhid?: number;
  readonly metrics?: Readonly<RouteMetrics>;
  readonly lock?: readonly string[];
  readonly pref?: 'low' | 'medium' | 'high';
  /** Input interface (route get with iif, multicast routes). */
  readonly iif?: LinkRef;
  readonly mark?: number;
  readonly uid?: number;
  /** Seconds until the route expires (IPv6 RA routes, exceptions). */
  readonly expires?: number;
  /** Attributes this library does not decode, by RTA_* number. */
  readonly raw: Readonly<Record<number, Buffer>>;
}

/** What routes.add/replace/delete take (a Route from list() works too). */
export interface RouteSpec {
  /** 'default', a prefix '10.1.0.0/16' or an address (host route). */
  dst: string;
  /** Needed only for dst 'default' without via: 4 (the default) or 6. */
  family?: Family;
  /** Source prefix the route applies to (RTA_SRC, ip's "from"; IPv6). */
  from?: string;
  via?: string;
  dev?: LinkRef;
  /** An ifindex, as Route objects carry it; dev wins when both are given. */
  oif?: number;
  /** Number, 'main', 'local', 'default' or a name from rt_tables. Default main (local for local/broadcast). */
  table?: number | string;
  /** Route priority (ip's metric / preference). */
  metric?: number;
  /** Preferred source address (ip's src). */
  src?: string;
  scope?: string | number;
  protocol?: string | number;
  type?: RouteType;
  tos?: number;
  /** Multipath (ECMP) next hops with weights. */
  nexthops?: readonly RouteNexthopSpec[];
  /** A nexthop object id (ns.nexthops). */
  nhid?: number;
  onlink?: boolean;
  /** Shortcut for metrics.mtu. */
  mtu?: number;
  metrics?: RouteMetrics;
  /** Metrics the kernel must not change (ip's "lock"), e.g. ['mtu']. */
  lock?: readonly string[];
  /** IPv6 router preference. */
  pref?: 'low' | 'medium' | 'high';
}

export interface RouteFilter {
  /** A table number or name, or 'all'. Default: main (like ip route show). */
  table?: number | string;
  /** 4 or 6; default both. */
  family?: Family;
  /** Only routes out of this device. */
  dev?: LinkRef;
  protocol?: string | number;
  type?: RouteType;
}

/** What routes.get takes besides the destination. */
export interface RouteGetOptions {
  from?: string;
  iif?: LinkRef;
  oif?: LinkRef;
  mark?: number;
  uid?: number;
  tos?: number;
  /** Return the FIB entry that matched (ip route get fibmatch) instead of the resolved route. */
  fibMatch?: boolean;
}

export interface RouteNexthop {
  readonly via?: string;
  readonly dev?: string;
  readonly oif?: number;
  readonly weight: number;
  readonly onlink?: boolean;
  readonly flags: readonly string[];
  /** Per-hop attributes the library does not decode (RTA_FLOW, RTA_ENCAP, ...), by type. */
  readonly raw?: Readonly<Record<number, Buffer>>;
}

export interface RouteNexthopSpec {
  via?: string;
  dev?: LinkRef;
  /** 1..256, ECMP share of this hop. */
  weight?: number;
  onlink?: boolean;
}

/** Route metrics (RTA_METRICS), by ip's names. */
export interface RouteMetrics {
  mtu?: number; window?: number; rtt?: number; rttvar?: number; ssthresh?: number; cwnd?: number;
  advmss?: number; reordering?: number; hoplimit?: number; initcwnd?: number; features?: number;
  rto_min?: number; initrwnd?: number; quickack?: number; cc_algo?: string; fastopen_no_cookie?: number;
}

export type RouteType =
  | 'unspec' | 'unicast' | 'local' | 'broadcast' | 'anycast' | 'multicast' | 'blackhole'
  | 'unreachable' | 'prohibit' | 'throw' | 'nat' | 'xresolve';
