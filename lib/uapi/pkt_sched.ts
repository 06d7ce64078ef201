// linux/pkt_sched.h: handles (TC_H_*), struct tc_ratespec, and the qdiscs' TCA_<KIND>_* attributes
// and option structs (tbf, htb, fq_codel, prio, netem).

// Handles: 16-bit major, 16-bit minor.
export const TC_H = {
  MAJ_MASK: 0xffff0000, MIN_MASK: 0x0000ffff, UNSPEC: 0, ROOT: 0xffffffff, INGRESS: 0xfffffff1,
  CLSACT: 0xfffffff1, MIN_PRIORITY: 0xffe0, MIN_INGRESS: 0xfff2, MIN_EGRESS: 0xfff3,
} as const;

/** TC_H_MAKE(maj, min): maj keeps its upper half, min its lower. */
export const tcHandle = (maj: number, min: number): number => ((maj & TC_H.MAJ_MASK) | (min & TC_H.MIN_MASK)) >>> 0;

/** struct tc_ratespec: cell_log u8, linklayer u8, overhead u16, cell_align s16, mpu u16, rate u32. */
export const TC_RATESPEC_LEN = 12;
export const TC_LINKLAYER = { UNAWARE: 0, ETHERNET: 1, ATM: 2 } as const;
export const TC_LINKLAYER_MASK = 0x0f;
/** Rate tables carry 256 u32 transmit times. */
export const TC_RTAB_SIZE = 1024;

export const TCA_TBF = { UNSPEC: 0, PARMS: 1, RTAB: 2, PTAB: 3, RATE64: 4, PRATE64: 5, BURST: 6, PBURST: 7, PAD: 8 } as const;
/** struct tc_tbf_qopt: rate, peakrate (tc_ratespec), limit, buffer, mtu (u32). */
export const TC_TBF_QOPT_LEN = 36;

export const TCA_HTB = {
  UNSPEC: 0, PARMS: 1, INIT: 2, CTAB: 3, RTAB: 4, DIRECT_QLEN: 5, RATE64: 6, CEIL64: 7, PAD: 8, OFFLOAD: 9,
} as const;
/** struct tc_htb_glob: version, rate2quantum, defcls, debug, direct_pkts (u32). */
export const TC_HTB_GLOB_LEN = 20;
export const TC_HTB_PROTOVER = 3;
/** struct tc_htb_opt: rate, ceil (tc_ratespec), buffer, cbuffer, quantum, level, prio (u32). */
export const TC_HTB_OPT_LEN = 44;

export const TCA_FQ_CODEL = {
  UNSPEC: 0, TARGET: 1, LIMIT: 2, INTERVAL: 3, ECN: 4, FLOWS: 5, QUANTUM: 6, CE_THRESHOLD: 7,
  DROP_BATCH_SIZE: 8, MEMORY_LIMIT: 9, CE_THRESHOLD_SELECTOR: 10, CE_THRESHOLD_MASK: 11,
} as const;

/** struct tc_prio_qopt: bands (int), priomap (16 u8). */
export const TC_PRIO_QOPT_LEN = 20;
export const TCQ_PRIO_BANDS = 16;
export const TC_PRIO_MAX = 15;
export const TCA_PRIO = { UNSPEC: 0, MQ: 1 } as const;

export const TCA_NETEM = {
  UNSPEC: 0, CORR: 1, DELAY_DIST: 2, REORDER: 3, CORRUPT: 4, LOSS: 5, RATE: 6, ECN: 7, RATE64: 8, PAD: 9,
  LATENCY64: 10, JITTER64: 11, SLOT: 12, SLOT_DIST: 13, PRNG_SEED: 14,
} as const;
/** struct tc_netem_qopt: latency, limit, loss, gap, duplicate, jitter (u32). */
export const TC_NETEM_QOPT_LEN = 24;
/** struct tc_netem_rate: rate u32, packet_overhead s32, cell_size u32, cell_overhead s32. */
export const TC_NETEM_RATE_LEN = 16;
