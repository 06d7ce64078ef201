// linux/if_addr.h: struct ifaddrmsg, IFA_* attributes and IFA_F_* flags.

export const IFADDRMSG_LEN = 8;
export const IFA = {
  ADDRESS: 1, LOCAL: 2, LABEL: 3, BROADCAST: 4, ANYCAST: 5, CACHEINFO: 6, MULTICAST: 7, FLAGS: 8,
  RT_PRIORITY: 9, TARGET_NETNSID: 10, PROTO: 11,
} as const;

export const IFA_F = {
  SECONDARY: 0x01, NODAD: 0x02, OPTIMISTIC: 0x04, DADFAILED: 0x08, HOMEADDRESS: 0x10, DEPRECATED: 0x20,
  TENTATIVE: 0x40, PERMANENT: 0x80, MANAGETEMPADDR: 0x100, NOPREFIXROUTE: 0x200, MCAUTOJOIN: 0x400,
  STABLE_PRIVACY: 0x800,
} as const;

/** ifa_cacheinfo's "no expiry". */
export const INFINITY_LIFE_TIME = 0xffffffff;
