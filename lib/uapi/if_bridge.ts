// linux/if_bridge.h: what a bridge's VLAN table travels in (IFLA_AF_SPEC of an AF_BRIDGE link
// message), and the RTEXT_FILTER_* bits of IFLA_EXT_MASK (linux/rtnetlink.h) that ask for it.

/** Attributes inside IFLA_AF_SPEC of an AF_BRIDGE link message. */
export const IFLA_BRIDGE = { FLAGS: 0, MODE: 1, VLAN_INFO: 2, VLAN_TUNNEL_INFO: 3 } as const;

/** IFLA_BRIDGE_FLAGS: which table a change goes to (the bridge's for a port, or the device's own). */
export const BRIDGE_FLAGS = { MASTER: 1, SELF: 2 } as const;

/** struct bridge_vlan_info.flags. */
export const BRIDGE_VLAN_INFO = {
  MASTER: 1, PVID: 2, UNTAGGED: 4, RANGE_BEGIN: 8, RANGE_END: 16, BRENTRY: 32, ONLY_OPTS: 64,
} as const;

/** struct bridge_vlan_info: u16 flags, u16 vid. */
export const BRIDGE_VLAN_INFO_LEN = 4;

/** IFLA_EXT_MASK bits. */
export const RTEXT_FILTER = { VF: 1, BRVLAN: 2, BRVLAN_COMPRESSED: 4, SKIP_STATS: 8 } as const;
