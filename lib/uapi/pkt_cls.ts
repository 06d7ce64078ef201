// linux/pkt_cls.h: TCA_ACT_*, TC_ACT_*, TCA_POLICE_*, TCA_U32_*, TCA_MATCHALL_*, TCA_BPF_*; with
// linux/tc_act/tc_mirred.h and tc_gact.h, and linux/if_ether.h's ETH_P_* that filters match on.
import { VLAN_PROTOCOL_VALUES } from '../link-kinds/vlan-protocols';

/** Attributes of one action (nested in a filter's *_ACT list, one nest per action, numbered from 1). */
export const TCA_ACT = {
  UNSPEC: 0, KIND: 1, OPTIONS: 2, INDEX: 3, STATS: 4, PAD: 5, COOKIE: 6, FLAGS: 7, HW_STATS: 8,
  USED_HW_STATS: 9, IN_HW_COUNT: 10,
} as const;
/** At most this many actions per filter (TCA_ACT_MAX_PRIO). */
export const TCA_ACT_MAX_PRIO = 32;

/** Verdicts (TC_ACT_*): what an action or a bpf classifier returns. */
export const TC_ACT = {
  UNSPEC: -1, OK: 0, RECLASSIFY: 1, SHOT: 2, PIPE: 3, STOLEN: 4, QUEUED: 5, REPEAT: 6, REDIRECT: 7, TRAP: 8,
} as const;
/** TC_ACT_JUMP / TC_ACT_GOTO_CHAIN live in the top bits of a verdict (TC_ACT_EXT_OPCODE_MAX). */
export const TC_ACT_EXT_MASK = 0xf0000000;

/** struct tc_gen, the head of every action's parameter struct: index, capab, action, refcnt, bindcnt. */
export const TC_GEN_LEN = 20;
/** struct tcf_t: install, lastuse, expires, firstuse (u64 jiffies). */
export const TCF_T_LEN = 32;

export const TCA_MIRRED = { UNSPEC: 0, TM: 1, PARMS: 2, PAD: 3, BLOCKID: 4 } as const;
/** struct tc_mirred: tc_gen, eaction (int), ifindex (u32). */
export const TC_MIRRED_LEN = 28;
/** tc_mirred.eaction. */
export const TCA_MIRRED_EACTION = { EGRESS_REDIR: 1, EGRESS_MIRROR: 2, INGRESS_REDIR: 3, INGRESS_MIRROR: 4 } as const;

export const TCA_GACT = { UNSPEC: 0, TM: 1, PARMS: 2, PROB: 3, PAD: 4 } as const;
/** struct tc_gact is a bare tc_gen. */
export const TC_GACT_LEN = TC_GEN_LEN;

export const TCA_POLICE = {
  UNSPEC: 0, TBF: 1, RATE: 2, PEAKRATE: 3, AVRATE: 4, RESULT: 5, TM: 6, PAD: 7, RATE64: 8, PEAKRATE64: 9,
  PKTRATE64: 10, PKTBURST64: 11,
} as const;
/**
 * struct tc_police: index, action (int), limit, burst (ticks), mtu (u32), rate, peakrate
 * (tc_ratespec), refcnt, bindcnt (int), capab (u32).
 */
export const TC_POLICE_LEN = 56;

export const TCA_U32 = {
  UNSPEC: 0, CLASSID: 1, HASH: 2, LINK: 3, DIVISOR: 4, SEL: 5, POLICE: 6, ACT: 7, INDEV: 8, PCNT: 9,
  MARK: 10, FLAGS: 11, PAD: 12,
} as const;
/** struct tc_u32_sel without keys: flags, offshift, nkeys (u8), offmask (be16), off (u16), offoff, hoff (s16), hmask (be32). */
export const TC_U32_SEL_LEN = 16;
/** struct tc_u32_key: mask, val (be32), off, offmask (int). */
export const TC_U32_KEY_LEN = 16;
/** tc_u32_sel.flags. */
export const TC_U32_FLAG = { TERMINAL: 1, OFFSET: 2, VAROFFSET: 4, EAT: 8 } as const;
/** u32 handles: 12-bit hash table, 8-bit bucket, 12-bit node. */
export const TC_U32_HTID = (h: number): number => (h & 0xfff00000) >>> 0;

export const TCA_MATCHALL = { UNSPEC: 0, CLASSID: 1, ACT: 2, FLAGS: 3, PCNT: 4, PAD: 5 } as const;

export const TCA_BPF = {
  UNSPEC: 0, ACT: 1, POLICE: 2, CLASSID: 3, OPS_LEN: 4, OPS: 5, FD: 6, NAME: 7, FLAGS: 8, FLAGS_GEN: 9,
  TAG: 10, ID: 11,
} as const;
/** TCA_BPF_FLAGS: the program's return value is the verdict (tc's `da`). */
export const TCA_BPF_FLAG_ACT_DIRECT = 1;

/** TCA_CLS_FLAGS_*: offload and hardware state of a classifier. */
export const TCA_CLS_FLAGS = { SKIP_HW: 1, SKIP_SW: 2, IN_HW: 4, NOT_IN_HW: 8, VERBOSE: 16 } as const;

/** EtherTypes filters match on (tcm_info's low half, in network order), by the names tc prints. */
export const ETH_P: Readonly<Record<string, number>> = Object.assign(Object.create(null) as Record<string, number>, {
  all: 0x0003, ip: 0x0800, arp: 0x0806, ipv6: 0x86dd, mpls_uc: 0x8847,
}, VLAN_PROTOCOL_VALUES);  // the VLAN tags from the one table of them
