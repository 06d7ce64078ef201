// linux/neighbour.h: struct ndmsg, NDA_* attributes, NUD_* states and NTF_* flags.

export const NDMSG_LEN = 12;

export const NDA = {
  DST: 1, LLADDR: 2, CACHEINFO: 3, PROBES: 4, VLAN: 5, PORT: 6, VNI: 7, IFINDEX: 8, MASTER: 9,
  LINK_NETNSID: 10, SRC_VNI: 11, PROTOCOL: 12, NH_ID: 13, FDB_EXT_ATTRS: 14, FLAGS_EXT: 15,
} as const;

// Null prototype: a state name never finds Object.prototype's members.
export const NUD: Readonly<Record<string, number>> = Object.assign(Object.create(null) as Record<string, number>, {
  none: 0, incomplete: 0x01, reachable: 0x02, stale: 0x04, delay: 0x08, probe: 0x10, failed: 0x20,
  noarp: 0x40, permanent: 0x80,
});

export const NTF = {
  USE: 0x01, SELF: 0x02, MASTER: 0x04, PROXY: 0x08, EXT_LEARNED: 0x10, OFFLOADED: 0x20, STICKY: 0x40, ROUTER: 0x80,
} as const;
