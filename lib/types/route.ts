// Public types of routes (ns.routes).
import type { Family } from '../specs/ip';
import type { LinkRef } from './link';

/** A route as `ip -d route show` reports it (RTM_NEWROUTE decoded). */
export interface Route {
  /** 4 or 6. */
  readonly family: Family;
  /** Always a prefix: '0.0.0.0/0', '10.1.0.0/16', '10.0.0.77/32'. */
  readonly dst: string;
  /** The destination prefix length (0 for default). */
  readonly dstLength: number;
  /** RTA_SRC source prefix (ip's "from"). */
  readonly from?: string;
  /** The table number (254 main, 255 local; RTA_TABLE). */
  readonly table: number;
  /** The route type: 'unicast', 'local', 'blackhole', ... */
  readonly type: RouteType;
  /** Who installed it, by rt_protos name: 'kernel', 'boot', 'static', ... (a number as text when unnamed). */
  readonly protocol: string;
  /** The scope by name: 'universe', 'link', 'host', ... */
  readonly scope: string;
  /** The TOS/DSCP byte the route matches (0: any). */
  readonly tos: number;
  /** The route priority (RTA_PRIORITY, ip's metric). */
  readonly metric?: number;
  /** The gateway address (RTA_GATEWAY, or RTA_VIA for a gateway of the other family). */
  readonly via?: string;
  /** The output device's name, when it is in this namespace. */
  readonly dev?: string;
  /** The output device's ifindex. */
  readonly oif?: number;
  /** Preferred source (RTA_PREFSRC, ip's src). */
  readonly src?: string;
  /** The gateway is taken as on-link without a matching route (RTNH_F_ONLINK). */
  readonly onlink?: boolean;
  /** rtm_flags by name (onlink, linkdown, cloned, ...). */
  readonly flags: readonly string[];
  /** Multipath next hops (RTA_MULTIPATH), in kernel order. */
  readonly nexthops?: readonly RouteNexthop[];
  /** The nexthop object the route uses (RTA_NH_ID). */
  readonly nhid?: number;
  /** RTA_METRICS by ip's names; absent when the route has none. */
  readonly metrics?: Readonly<RouteMetrics>;
  /** Metrics locked against change, by name (ip's "lock"). */
  readonly lock?: readonly string[];
  /** IPv6 router preference (RTA_PREF). */
  readonly pref?: 'low' | 'medium' | 'high';
  /** Input interface (route get with iif, multicast routes). */
  readonly iif?: LinkRef;
  /** The firewall mark a route get was asked with (RTA_MARK). */
  readonly mark?: number;
  /** The uid a route get was asked with (RTA_UID). */
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
  /** The gateway address; of the other family than dst for an IPv4 route via IPv6 (RTA_VIA). */
  via?: string;
  /** The output device, by name or ifindex. */
  dev?: LinkRef;
  /** An ifindex, as Route objects carry it; dev wins when both are given. */
  oif?: number;
  /** Number, 'main', 'local', 'default' or a name from rt_tables. Default main (local for local/broadcast). */
  table?: number | string;
  /** Route priority (ip's metric / preference). */
  metric?: number;
  /** Preferred source address (ip's src). */
  src?: string;
  /** A name ('universe', 'link', 'host', ...) or number; default as ip picks it by type and gateway (host for local, link without a gateway, else universe). */
  scope?: string | number;
  /** An rt_protos name ('static', 'boot', ...) or number; default 'boot', as ip route add. */
  protocol?: string | number;
  /** Default 'unicast'. */
  type?: RouteType;
  /** The TOS/DSCP byte to match; default 0 (any). */
  tos?: number;
  /** Multipath (ECMP) next hops with weights. */
  nexthops?: readonly RouteNexthopSpec[];
  /** A nexthop object id (ns.nexthops). */
  nhid?: number;
  /** Take the gateway as on-link even without a route to it (ip's onlink). */
  onlink?: boolean;
  /** Shortcut for metrics.mtu. */
  mtu?: number;
  /** Route metrics (ip's mtu, advmss, initcwnd, ...). */
  metrics?: RouteMetrics;
  /** Metrics the kernel must not change (ip's "lock"), e.g. ['mtu']. */
  lock?: readonly string[];
  /** IPv6 router preference. */
  pref?: 'low' | 'medium' | 'high';
}

/** What routes.list() shows (ip route show [table T] [dev D] [proto P] [type T]). */
export interface RouteFilter {
  /** A table number or name, or 'all'. Default: main (like ip route show). */
  table?: number | string;
  /** 4 or 6; default both. */
  family?: Family;
  /** Only routes out of this device. */
  dev?: LinkRef;
  /** Only routes of this protocol, by name or number. */
  protocol?: string | number;
  /** Only routes of this type. */
  type?: RouteType;
}

/** What routes.get takes besides the destination. */
export interface RouteGetOptions {
  /** The source address to look up with (ip route get ... from). */
  from?: string;
  /** The input device, as if the packet arrived there (ip's iif). */
  iif?: LinkRef;
  /** The output device to force (ip's oif). */
  oif?: LinkRef;
  /** The firewall mark to look up with (ip's mark). */
  mark?: number;
  /** The uid to look up with (ip's uid). */
  uid?: number;
  /** The TOS byte to look up with (ip's tos). */
  tos?: number;
  /** Return the FIB entry that matched (ip route get fibmatch) instead of the resolved route. */
  fibMatch?: boolean;
}

/** One next hop of a multipath route. */
export interface RouteNexthop {
  /** The gateway address. */
  readonly via?: string;
  /** The device's name, when it is in this namespace. */
  readonly dev?: string;
  /** The device's ifindex. */
  readonly oif?: number;
  /** The ECMP share, 1..256 (ip's weight; rtnh_hops + 1). */
  readonly weight: number;
  /** The gateway is taken as on-link. */
  readonly onlink?: boolean;
  /** RTNH_F_* flags by name (dead, linkdown, onlink, ...). */
  readonly flags: readonly string[];
  /** Per-hop attributes the library does not decode (RTA_FLOW, RTA_ENCAP, ...), by type. */
  readonly raw?: Readonly<Record<number, Buffer>>;
}

/** One next hop of a multipath route to add (ip route add ... nexthop via A dev D weight W). */
export interface RouteNexthopSpec {
  /** The gateway address. */
  via?: string;
  /** The device, by name or ifindex. */
  dev?: LinkRef;
  /** 1..256, ECMP share of this hop. */
  weight?: number;
  /** Take the gateway as on-link. */
  onlink?: boolean;
}

/** Route metrics (RTA_METRICS), by ip's names; values as the kernel keeps them (RTAX_*), not converted to ip's display units. */
export interface RouteMetrics {
  /** Path MTU in bytes. */
  mtu?: number;
  /** Largest TCP window to advertise, bytes. */
  window?: number;
  /** Initial RTT estimate. */
  rtt?: number;
  /** Initial RTT variance estimate. */
  rttvar?: number;
  /** Initial slow-start threshold, segments. */
  ssthresh?: number;
  /** Congestion window clamp, segments. */
  cwnd?: number;
  /** MSS to advertise, bytes. */
  advmss?: number;
  /** Initial reordering estimate, segments. */
  reordering?: number;
  /** Hop limit / TTL of packets on this route. */
  hoplimit?: number;
  /** Initial congestion window, segments. */
  initcwnd?: number;
  /** RTAX_FEATURE_* bits (ecn, ...). */
  features?: number;
  /** Minimum TCP retransmission timeout. */
  rto_min?: number;
  /** Initial receive window, segments. */
  initrwnd?: number;
  /** 1 disables delayed ACKs. */
  quickack?: number;
  /** Congestion control algorithm name, e.g. 'cubic'. */
  cc_algo?: string;
  /** 1 allows TCP Fast Open without a cookie. */
  fastopen_no_cookie?: number;
}

/** A route type (RTN_*), by ip's name. */
export type RouteType =
  | 'unspec' | 'unicast' | 'local' | 'broadcast' | 'anycast' | 'multicast' | 'blackhole'
  | 'unreachable' | 'prohibit' | 'throw' | 'nat' | 'xresolve';
