// linux/gen_stats.h: the statistics nested in TCA_STATS2 of qdiscs, classes, filters and actions.

export const TCA_STATS = {
  UNSPEC: 0, BASIC: 1, RATE_EST: 2, QUEUE: 3, APP: 4, RATE_EST64: 5, PAD: 6, BASIC_HW: 7, PKT64: 8,
} as const;
