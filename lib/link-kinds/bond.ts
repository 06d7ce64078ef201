// bond: link aggregation. IFLA_BOND_* (linux/if_link.h).
import { defineKind } from './registry';
import { int, oneOf } from '../specs/schema';
import { bool, decodeFields, invert, named, u16, u32, u8, type FieldTable } from './decode';

const BOND = {
  MODE: 1, ACTIVE_SLAVE: 2, MIIMON: 3, UPDELAY: 4, DOWNDELAY: 5, USE_CARRIER: 6, ARP_INTERVAL: 7,
  ARP_VALIDATE: 9, ARP_ALL_TARGETS: 10, PRIMARY: 11, PRIMARY_RESELECT: 12, FAIL_OVER_MAC: 13,
  XMIT_HASH_POLICY: 14, RESEND_IGMP: 15, NUM_PEER_NOTIF: 16, ALL_SLAVES_ACTIVE: 17, MIN_LINKS: 18,
  LP_INTERVAL: 19, PACKETS_PER_SLAVE: 20, AD_LACP_RATE: 21, AD_SELECT: 22, AD_ACTOR_SYS_PRIO: 24,
  AD_USER_PORT_KEY: 25, TLB_DYNAMIC_LB: 27, PEER_NOTIF_DELAY: 28, AD_LACP_ACTIVE: 29, MISSED_MAX: 30,
} as const;
const MODES: Record<number, BondMode> = {
  0: 'balance-rr', 1: 'active-backup', 2: 'balance-xor', 3: 'broadcast', 4: '802.3ad', 5: 'balance-tlb', 6: 'balance-alb',
};
const MODE_VALUES = invert(MODES);

/** A bonding mode by the kernel's name. */
export type BondMode = 'balance-rr' | 'active-backup' | 'balance-xor' | 'broadcast' | '802.3ad' | 'balance-tlb' | 'balance-alb';

/** A bonding device (ip link add NAME type bond mode MODE ...). */
export interface BondSpec {
  /** 'bond'. */
  kind: 'bond';
  /** The bonding mode; the kernel's default is 'balance-rr'. */
  mode?: BondMode;
  /** MII link monitoring interval, ms. */
  miimon?: number;
  /** Delay before enabling a port after link up, ms. */
  updelay?: number;
  /** Delay before disabling a port after link down, ms. */
  downdelay?: number;
  /** Ports that must be up for the bond to have carrier (ip's min_links). */
  minLinks?: number;
}

/** A bond's settings as `ip -d link show` reports them (IFLA_BOND_*, by ip's names in camelCase; times in ms). */
export interface BondInfo {
  /** The bonding mode (a number when it has no name here). */
  mode?: BondMode | number;
  /** MII link monitoring interval, ms (0: off). */
  miimon?: number;
  /** Delay before enabling a port after link up, ms. */
  updelay?: number;
  /** Delay before disabling a port after link down, ms. */
  downdelay?: number;
  /** The ifindex of the active port (active-backup). */
  activeSlave?: number;
  /** Link state from carrier rather than MII/ethtool. */
  useCarrier?: boolean;
  /** ARP monitoring interval, ms (0: off). */
  arpInterval?: number;
  /** Which ARP probes/replies are checked (BOND_ARP_VALIDATE_*). */
  arpValidate?: number;
  /** 0: any ARP target up suffices, 1: all must be. */
  arpAllTargets?: number;
  /** The ifindex of the preferred port. */
  primary?: number;
  /** When the primary becomes active again (BOND_PRI_RESELECT_*). */
  primaryReselect?: number;
  /** How MACs are handled on failover (BOND_FOM_*). */
  failOverMac?: number;
  /** The transmit hash policy (BOND_XMIT_POLICY_*). */
  xmitHashPolicy?: number;
  /** IGMP reports sent after a failover. */
  resendIgmp?: number;
  /** Peer notifications (gratuitous ARP/NA) after a failover. */
  numPeerNotif?: number;
  /** Duplicate frames on inactive ports are delivered. */
  allSlavesActive?: number;
  /** Ports that must be up for carrier. */
  minLinks?: number;
  /** Seconds between learning packets (balance-tlb/alb). */
  lpInterval?: number;
  /** Packets per port before moving on (balance-rr). */
  packetsPerSlave?: number;
  /** LACPDU rate: 0 slow (30 s), 1 fast (1 s). */
  adLacpRate?: number;
  /** 802.3ad aggregator selection (BOND_AD_*). */
  adSelect?: number;
  /** balance-tlb rebalances dynamically. */
  tlbDynamicLb?: number;
  /** Delay between peer notifications, ms. */
  peerNotifyDelay?: number;
  /** LACPDUs are sent (1) or only answered (0). */
  adLacpActive?: number;
  /** ARP/NS monitor misses before a port is down. */
  missedMax?: number;
  /** 802.3ad system priority. */
  adActorSysPrio?: number;
  /** 802.3ad user port key. */
  adUserPortKey?: number;
  /** Attributes without a name, by number. */
  raw?: Record<number, Buffer>;
}

declare module '../types/link' {
  interface LinkSpecByKind { bond: BondSpec }
  interface LinkInfoByKind { bond: BondInfo }
}

const fields: FieldTable<BondInfo> = {
  [BOND.MODE]: ['mode', named(u8, MODES)], [BOND.ACTIVE_SLAVE]: ['activeSlave', u32], [BOND.MIIMON]: ['miimon', u32],
  [BOND.UPDELAY]: ['updelay', u32], [BOND.DOWNDELAY]: ['downdelay', u32], [BOND.USE_CARRIER]: ['useCarrier', bool],
  [BOND.ARP_INTERVAL]: ['arpInterval', u32], [BOND.ARP_VALIDATE]: ['arpValidate', u32],
  [BOND.ARP_ALL_TARGETS]: ['arpAllTargets', u32], [BOND.PRIMARY]: ['primary', u32],
  [BOND.PRIMARY_RESELECT]: ['primaryReselect', u8], [BOND.FAIL_OVER_MAC]: ['failOverMac', u8],
  [BOND.XMIT_HASH_POLICY]: ['xmitHashPolicy', u8], [BOND.RESEND_IGMP]: ['resendIgmp', u32],
  [BOND.NUM_PEER_NOTIF]: ['numPeerNotif', u8], [BOND.ALL_SLAVES_ACTIVE]: ['allSlavesActive', u8],
  [BOND.MIN_LINKS]: ['minLinks', u32], [BOND.LP_INTERVAL]: ['lpInterval', u32],
  [BOND.PACKETS_PER_SLAVE]: ['packetsPerSlave', u32], [BOND.AD_LACP_RATE]: ['adLacpRate', u8],
  [BOND.AD_SELECT]: ['adSelect', u8], [BOND.TLB_DYNAMIC_LB]: ['tlbDynamicLb', u8],
  [BOND.PEER_NOTIF_DELAY]: ['peerNotifyDelay', u32], [BOND.AD_LACP_ACTIVE]: ['adLacpActive', u8],
  [BOND.MISSED_MAX]: ['missedMax', u8],
  [BOND.AD_ACTOR_SYS_PRIO]: ['adActorSysPrio', u16], [BOND.AD_USER_PORT_KEY]: ['adUserPortKey', u16],
  // 23 (AD_INFO, nested, 802.3ad only) and 26 (AD_ACTOR_SYSTEM, a MAC) stay raw.
};

defineKind<BondSpec, BondInfo>({
  kind: 'bond',
  fields: {
    mode: oneOf(Object.values(MODES)), miimon: int(0, 0x7fffffff), updelay: int(0, 0x7fffffff),
    downdelay: int(0, 0x7fffffff), minLinks: int(0, 0x7fffffff),
  },
  encodeData(w, spec) {
    if (spec.mode !== undefined) w.attrU8(BOND.MODE, MODE_VALUES[spec.mode]);
    if (spec.miimon !== undefined) w.attrU32(BOND.MIIMON, spec.miimon);
    if (spec.updelay !== undefined) w.attrU32(BOND.UPDELAY, spec.updelay);
    if (spec.downdelay !== undefined) w.attrU32(BOND.DOWNDELAY, spec.downdelay);
    if (spec.minLinks !== undefined) w.attrU32(BOND.MIN_LINKS, spec.minLinks);
  },
  decodeData: (buf, start, end) => decodeFields(buf, start, end, fields),
});
