// linux/nexthop.h: struct nhmsg, NHA_* attributes and the group types.

export const NHMSG_LEN = 8;

export const NHA = {
  ID: 1, GROUP: 2, GROUP_TYPE: 3, BLACKHOLE: 4, OIF: 5, GATEWAY: 6, ENCAP_TYPE: 7, ENCAP: 8,
  GROUPS: 9, MASTER: 10, FDB: 11, RES_GROUP: 12, RES_BUCKET: 13, OP_FLAGS: 14,
} as const;

/** NEXTHOP_GRP_TYPE_* by value (mpath, resilient), named as ip nexthop prints them. */
export const GROUP_TYPES = ['mpath', 'resilient'] as const;
