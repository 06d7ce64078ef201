// linux/fib_rules.h: struct fib_rule_hdr, FRA_* attributes, FIB_RULE_* flags and FR_ACT_* actions.

export const FIB_RULE_HDR_LEN = 12;

export const FRA = {
  DST: 1, SRC: 2, IIFNAME: 3, GOTO: 4, PRIORITY: 6, FWMARK: 10, FLOW: 11, TUN_ID: 12, SUPPRESS_IFGROUP: 13,
  SUPPRESS_PREFIXLEN: 14, TABLE: 15, FWMASK: 16, OIFNAME: 17, PAD: 18, L3MDEV: 19, UID_RANGE: 20,
  PROTOCOL: 21, IP_PROTO: 22, SPORT_RANGE: 23, DPORT_RANGE: 24,
} as const;

export const FIB_RULE = { PERMANENT: 1, INVERT: 2, UNRESOLVED: 4, IIF_DETACHED: 8, OIF_DETACHED: 0x10 } as const;

export const FR_ACT_UNSPEC = 0, FR_ACT_TO_TBL = 1, FR_ACT_GOTO = 2;

/** FR_ACT_* by value, named as ip rule prints them. */
export const ACTIONS = ['unspec', 'lookup', 'goto', 'nop', 'res3', 'res4', 'blackhole', 'unreachable', 'prohibit'] as const;
