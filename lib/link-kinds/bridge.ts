// bridge: IFLA_BR_* (linux/if_link.h). Timers are in hundredths of a second, as `ip` prints them.
import { defineKind } from './registry';
import { bool as isBool, int, u32 as isU32 } from '../specs/schema';
import { bool, decodeFields, named, u16, u16be, u32, u64, u8, type FieldTable } from './decode';
import { VLAN_PROTOCOLS, type VlanProtocol } from './vlan-protocols';
import { IFLA, IFLA_INFO } from '../uapi/if_link';
import type { MessageWriter } from '../codecs/writer';
import type { SpecFields } from './registry';

const BR = {
  FORWARD_DELAY: 1, HELLO_TIME: 2, MAX_AGE: 3, AGEING_TIME: 4, STP_STATE: 5, PRIORITY: 6,
  VLAN_FILTERING: 7, VLAN_PROTOCOL: 8, GROUP_FWD_MASK: 9, ROOT_PORT: 12, ROOT_PATH_COST: 13,
  TOPOLOGY_CHANGE: 14, TOPOLOGY_CHANGE_DETECTED: 15, HELLO_TIMER: 16, TCN_TIMER: 17,
  TOPOLOGY_CHANGE_TIMER: 18, GC_TIMER: 19, MCAST_ROUTER: 22, MCAST_SNOOPING: 23,
  MCAST_QUERIER: 25, NF_CALL_IPTABLES: 36, NF_CALL_IP6TABLES: 37, NF_CALL_ARPTABLES: 38,
  VLAN_DEFAULT_PVID: 39, VLAN_STATS_ENABLED: 41, MCAST_STATS_ENABLED: 42,
  MCAST_IGMP_VERSION: 43, MCAST_MLD_VERSION: 44,
} as const;

/** A bridge (ip link add NAME type bridge ...); timers in hundredths of a second, as the kernel takes them. */
export interface BridgeSpec {
  /** 'bridge'. */
  kind: 'bridge';
  /** Spanning tree on/off (stp_state). */
  stp?: boolean;
  /** In hundredths of a second (ip's forward_delay). */
  forwardDelay?: number;
  /** STP hello time, 100..1000 hundredths of a second (ip's hello_time). */
  helloTime?: number;
  /** STP max message age, 600..4000 hundredths of a second (ip's max_age). */
  maxAge?: number;
  /** How long a learned MAC is kept, in hundredths of a second (ip's ageing_time). */
  ageingTime?: number;
  /** STP bridge priority, 0..65535 (ip's priority). */
  priority?: number;
  /** Filter by VLAN (ip's vlan_filtering). */
  vlanFiltering?: boolean;
  /** The PVID given to new ports, 0..4094; 0 gives none (ip's vlan_default_pvid). */
  vlanDefaultPvid?: number;
  /** IGMP/MLD snooping (ip's mcast_snooping). */
  mcastSnooping?: boolean;
}

/** A bridge's settings and state as `ip -d link show` reports them (IFLA_BR_*, by ip's names in camelCase; timers in hundredths of a second). */
export interface BridgeInfo {
  /** STP forward delay, hundredths of a second. */
  forwardDelay?: number;
  /** STP hello time, hundredths of a second. */
  helloTime?: number;
  /** STP max message age, hundredths of a second. */
  maxAge?: number;
  /** How long a learned MAC is kept, hundredths of a second. */
  ageingTime?: number;
  /** Spanning tree on. */
  stp?: boolean;
  /** STP bridge priority. */
  priority?: number;
  /** Filtering by VLAN on. */
  vlanFiltering?: boolean;
  /** The VLAN protocol of vlan filtering (a number when it has no name here). */
  vlanProtocol?: VlanProtocol | number;
  /** The PVID new ports get (0: none). */
  vlanDefaultPvid?: number;
  /** IGMP/MLD snooping on. */
  mcastSnooping?: boolean;
  /** Which link-local group addresses (01:80:c2:00:00:0X) are forwarded, one bit per X. */
  groupFwdMask?: number;
  /** The STP root port's number. */
  rootPort?: number;
  /** The STP cost to the root. */
  rootPathCost?: number;
  /** STP topology change in progress. */
  topologyChange?: boolean;
  /** STP topology change detected. */
  topologyChangeDetected?: boolean;
  /** STP hello timer now, hundredths of a second. */
  helloTimer?: number;
  /** STP TCN timer now, hundredths of a second. */
  tcnTimer?: number;
  /** STP topology change timer now, hundredths of a second. */
  topologyChangeTimer?: number;
  /** FDB garbage collection timer now, hundredths of a second. */
  gcTimer?: number;
  /** Multicast router port mode: 0 disabled, 1 learned, 2 permanent. */
  mcastRouter?: number;
  /** The bridge acts as IGMP/MLD querier. */
  mcastQuerier?: boolean;
  /** Bridged IPv4 traffic goes through iptables. */
  nfCallIptables?: boolean;
  /** Bridged IPv6 traffic goes through ip6tables. */
  nfCallIp6tables?: boolean;
  /** Bridged ARP traffic goes through arptables. */
  nfCallArptables?: boolean;
  /** Per-VLAN counters on. */
  vlanStatsEnabled?: boolean;
  /** Multicast counters on. */
  mcastStatsEnabled?: boolean;
  /** The IGMP version the querier uses. */
  mcastIgmpVersion?: number;
  /** The MLD version the querier uses. */
  mcastMldVersion?: number;
  /** Attributes without a name, by number. */
  raw?: Record<number, Buffer>;
}

/**
 * What links.set's `bridge` changes on an existing bridge (ip link set DEV type bridge ...), e.g.
 * `{ vlanFiltering: true }`: the options of BridgeSpec; those left out stay as they are.
 */
export type BridgeChanges = Omit<BridgeSpec, 'kind'>;

declare module '../types/link' {
  interface LinkSpecByKind { bridge: BridgeSpec }
  interface LinkInfoByKind { bridge: BridgeInfo }
}

const fields: FieldTable<BridgeInfo> = {
  [BR.FORWARD_DELAY]: ['forwardDelay', u32], [BR.HELLO_TIME]: ['helloTime', u32], [BR.MAX_AGE]: ['maxAge', u32],
  [BR.AGEING_TIME]: ['ageingTime', u32], [BR.STP_STATE]: ['stp', (b, o, l) => u32(b, o, l) !== 0],
  [BR.PRIORITY]: ['priority', u16], [BR.VLAN_FILTERING]: ['vlanFiltering', bool],
  [BR.VLAN_PROTOCOL]: ['vlanProtocol', named(u16be, VLAN_PROTOCOLS)], [BR.GROUP_FWD_MASK]: ['groupFwdMask', u16],
  [BR.ROOT_PORT]: ['rootPort', u16], [BR.ROOT_PATH_COST]: ['rootPathCost', u32],
  [BR.TOPOLOGY_CHANGE]: ['topologyChange', bool], [BR.TOPOLOGY_CHANGE_DETECTED]: ['topologyChangeDetected', bool],
  [BR.HELLO_TIMER]: ['helloTimer', u64], [BR.TCN_TIMER]: ['tcnTimer', u64],
  [BR.TOPOLOGY_CHANGE_TIMER]: ['topologyChangeTimer', u64], [BR.GC_TIMER]: ['gcTimer', u64],
  [BR.MCAST_ROUTER]: ['mcastRouter', u8], [BR.MCAST_SNOOPING]: ['mcastSnooping', bool],
  [BR.MCAST_QUERIER]: ['mcastQuerier', bool], [BR.NF_CALL_IPTABLES]: ['nfCallIptables', bool],
  [BR.NF_CALL_IP6TABLES]: ['nfCallIp6tables', bool], [BR.NF_CALL_ARPTABLES]: ['nfCallArptables', bool],
  [BR.VLAN_DEFAULT_PVID]: ['vlanDefaultPvid', u16], [BR.VLAN_STATS_ENABLED]: ['vlanStatsEnabled', bool],
  [BR.MCAST_STATS_ENABLED]: ['mcastStatsEnabled', bool], [BR.MCAST_IGMP_VERSION]: ['mcastIgmpVersion', u8],
  [BR.MCAST_MLD_VERSION]: ['mcastMldVersion', u8],
};

/** The checks of the bridge's options, for links.add and links.set's `bridge`. */
export const BRIDGE_FIELDS: SpecFields<BridgeSpec> = {
  // Ranges the kernel enforces (br_netlink.c / br_stp_if.c), timers in hundredths of a second.
  stp: isBool, forwardDelay: int(200, 3000), helloTime: int(100, 1000), maxAge: int(600, 4000), ageingTime: isU32,
  priority: int(0, 0xffff), vlanFiltering: isBool, vlanDefaultPvid: int(0, 4094), mcastSnooping: isBool,
};

/** IFLA_INFO_DATA of a bridge: each option given (iproute2 keeps command-line order; the kernel takes any). */
function encodeBridgeData(w: MessageWriter, spec: BridgeChanges): void {
  if (spec.forwardDelay !== undefined) w.attrU32(BR.FORWARD_DELAY, spec.forwardDelay);
  if (spec.helloTime !== undefined) w.attrU32(BR.HELLO_TIME, spec.helloTime);
  if (spec.maxAge !== undefined) w.attrU32(BR.MAX_AGE, spec.maxAge);
  if (spec.ageingTime !== undefined) w.attrU32(BR.AGEING_TIME, spec.ageingTime);
  if (spec.stp !== undefined) w.attrU32(BR.STP_STATE, spec.stp ? 1 : 0);
  if (spec.priority !== undefined) w.attrU16(BR.PRIORITY, spec.priority);
  if (spec.vlanFiltering !== undefined) w.attrU8(BR.VLAN_FILTERING, spec.vlanFiltering ? 1 : 0);
  if (spec.mcastSnooping !== undefined) w.attrU8(BR.MCAST_SNOOPING, spec.mcastSnooping ? 1 : 0);
  if (spec.vlanDefaultPvid !== undefined) w.attrU16(BR.VLAN_DEFAULT_PVID, spec.vlanDefaultPvid);
}

/** IFLA_LINKINFO of `ip link set DEV type bridge OPTIONS`: the kind, then the options given. */
export function writeBridgeChanges(w: MessageWriter, changes: BridgeChanges): void {
  const info = w.beginNested(IFLA.LINKINFO);
  w.attrBytes(IFLA_INFO.KIND, Buffer.from('bridge'));  // no NUL, as iproute2 sends kinds
  const data = w.beginNested(IFLA_INFO.DATA);
  encodeBridgeData(w, changes);
  w.endNested(data);
  w.endNested(info);
}

defineKind<BridgeSpec, BridgeInfo>({
  kind: 'bridge',
  fields: BRIDGE_FIELDS,
  encodeData: encodeBridgeData,
  decodeData: (buf, start, end) => decodeFields(buf, start, end, fields),
});
