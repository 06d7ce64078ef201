// How ip link prints link message fields: flag names in its order, operstate names, rtnl_link_stats64 field order.
import { IFF } from '../uapi/if';

/** Flag names in the order `ip link` prints them (it never prints RUNNING: link-flags.ts). */
export const IFF_NAMES: ReadonlyArray<[number, string]> = [
  [IFF.LOOPBACK, 'LOOPBACK'], [IFF.BROADCAST, 'BROADCAST'], [IFF.POINTOPOINT, 'POINTOPOINT'],
  [IFF.MULTICAST, 'MULTICAST'], [IFF.NOARP, 'NOARP'], [IFF.ALLMULTI, 'ALLMULTI'],
  [IFF.PROMISC, 'PROMISC'], [IFF.MASTER, 'MASTER'], [IFF.SLAVE, 'SLAVE'], [IFF.DEBUG, 'DEBUG'],
  [IFF.DYNAMIC, 'DYNAMIC'], [IFF.AUTOMEDIA, 'AUTOMEDIA'], [IFF.PORTSEL, 'PORTSEL'],
  [IFF.NOTRAILERS, 'NOTRAILERS'], [IFF.UP, 'UP'], [IFF.LOWER_UP, 'LOWER_UP'], [IFF.DORMANT, 'DORMANT'],
  [IFF.ECHO, 'ECHO'],
];

export const OPER_STATES = ['unknown', 'notpresent', 'down', 'lowerlayerdown', 'testing', 'dormant', 'up'] as const;
export type OperState = (typeof OPER_STATES)[number];

/** struct rtnl_link_stats64 field order. */
export const STATS64_FIELDS = [
  'rxPackets', 'txPackets', 'rxBytes', 'txBytes', 'rxErrors', 'txErrors', 'rxDropped', 'txDropped',
  'multicast', 'collisions', 'rxLengthErrors', 'rxOverErrors', 'rxCrcErrors', 'rxFrameErrors',
  'rxFifoErrors', 'rxMissedErrors', 'txAbortedErrors', 'txCarrierErrors', 'txFifoErrors',
  'txHeartbeatErrors', 'txWindowErrors', 'rxCompressed', 'txCompressed', 'rxNohandler',
  'rxOtherhostDropped',
] as const;
