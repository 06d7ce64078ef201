// Numbers from linux/rtnetlink.h for route messages (struct rtmsg + RTA_*).

export const RTMSG_LEN = 12;

export const RTA = {
  DST: 1, SRC: 2, IIF: 3, OIF: 4, GATEWAY: 5, PRIORITY: 6, PREFSRC: 7, METRICS: 8, MULTIPATH: 9,
  FLOW: 11, CACHEINFO: 12, TABLE: 15, MARK: 16, MFC_STATS: 17, VIA: 18, NEWDST: 19, PREF: 20,
  ENCAP_TYPE: 21, ENCAP: 22, EXPIRES: 23, PAD: 24, UID: 25, TTL_PROPAGATE: 26, IP_PROTO: 27,
  SPORT: 28, DPORT: 29, NH_ID: 30, FLOWLABEL: 31,
} as const;

export const RTM_F = {
  NOTIFY: 0x100, CLONED: 0x200, EQUALIZE: 0x400, PREFIX: 0x800, LOOKUP_TABLE: 0x1000,
  FIB_MATCH: 0x2000, OFFLOAD: 0x4000, TRAP: 0x8000, OFFLOAD_FAILED: 0x20000000,
} as const;

export const RTNH_F = { DEAD: 1, PERVASIVE: 2, ONLINK: 4, OFFLOAD: 8, LINKDOWN: 16, UNRESOLVED: 32, TRAP: 64 } as const;

/** rtm_flags / rtnh_flags bits by the names ip prints. */
export const ROUTE_FLAG_NAMES: ReadonlyArray<[number, string]> = [
  [RTNH_F.DEAD, 'dead'], [RTNH_F.PERVASIVE, 'pervasive'], [RTNH_F.ONLINK, 'onlink'],
  [RTNH_F.OFFLOAD, 'offload'], [RTNH_F.LINKDOWN, 'linkdown'], [RTNH_F.UNRESOLVED, 'unresolved'],
  [RTNH_F.TRAP, 'trap'], [RTM_F.NOTIFY, 'notify'], [RTM_F.CLONED, 'cloned'], [RTM_F.EQUALIZE, 'equalize'],
  [RTM_F.PREFIX, 'prefix'], [RTM_F.LOOKUP_TABLE, 'lookup_table'], [RTM_F.FIB_MATCH, 'fib_match'],
  [RTM_F.OFFLOAD, 'rt_offload'], [RTM_F.TRAP, 'rt_trap'], [RTM_F.OFFLOAD_FAILED, 'rt_offload_failed'],
];

/** RTAX_* route metrics (inside RTA_METRICS), by the names ip uses. cc_algo is a string. */
// Null-prototype tables: a name looked up here never finds Object.prototype's members.
export const RTAX: Readonly<Record<string, number>> = Object.assign(Object.create(null), {
  lock: 1, mtu: 2, window: 3, rtt: 4, rttvar: 5, ssthresh: 6, cwnd: 7, advmss: 8, reordering: 9,
  hoplimit: 10, initcwnd: 11, features: 12, rto_min: 13, initrwnd: 14, quickack: 15, cc_algo: 16,
  fastopen_no_cookie: 17,
});

export const RTAX_NAMES: readonly string[] = (() => {
  const names: string[] = [];
  for (const [name, n] of Object.entries(RTAX)) names[n] = name;
  return names;
})();

/** IPv6 router preference (RTA_PREF, ICMPV6_ROUTER_PREF_*). */
export const ROUTER_PREF: Readonly<Record<string, number>> = Object.assign(Object.create(null), { medium: 0, high: 1, low: 3 });
