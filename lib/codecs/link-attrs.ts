// Numbers from linux/if_link.h and linux/if.h for link messages (struct ifinfomsg + IFLA_*).

export const IFINFOMSG_LEN = 16;

export const IFLA = {
  ADDRESS: 1, BROADCAST: 2, IFNAME: 3, MTU: 4, LINK: 5, QDISC: 6, STATS: 7, MASTER: 10,
  TXQLEN: 13, OPERSTATE: 16, LINKMODE: 17, LINKINFO: 18, NET_NS_PID: 19, IFALIAS: 20,
  STATS64: 23, AF_SPEC: 26, GROUP: 27, NET_NS_FD: 28, EXT_MASK: 29, PROMISCUITY: 30,
  NUM_TX_QUEUES: 31, NUM_RX_QUEUES: 32, CARRIER: 33, CARRIER_CHANGES: 35, LINK_NETNSID: 37,
  PROTO_DOWN: 39, GSO_MAX_SEGS: 40, GSO_MAX_SIZE: 41, XDP: 43, NEW_NETNSID: 45,
  TARGET_NETNSID: 46, CARRIER_UP_COUNT: 47, CARRIER_DOWN_COUNT: 48, NEW_IFINDEX: 49,
  MIN_MTU: 50, MAX_MTU: 51, PROP_LIST: 52, ALT_IFNAME: 53, PERM_ADDRESS: 54,
  PARENT_DEV_NAME: 56, PARENT_DEV_BUS_NAME: 57, GRO_MAX_SIZE: 58, TSO_MAX_SIZE: 59,
  TSO_MAX_SEGS: 60, ALLMULTI: 61,
} as const;

export const IFLA_INFO = { KIND: 1, DATA: 2, XSTATS: 3, SLAVE_KIND: 4, SLAVE_DATA: 5 } as const;

export const IFF = {
  UP: 0x1, BROADCAST: 0x2, DEBUG: 0x4, LOOPBACK: 0x8, POINTOPOINT: 0x10, NOTRAILERS: 0x20,
  RUNNING: 0x40, NOARP: 0x80, PROMISC: 0x100, ALLMULTI: 0x200, MASTER: 0x400, SLAVE: 0x800,
  MULTICAST: 0x1000, PORTSEL: 0x2000, AUTOMEDIA: 0x4000, DYNAMIC: 0x8000, LOWER_UP: 0x10000,
  DORMANT: 0x20000, ECHO: 0x40000,
} as const;

/** Flag names in the order `ip link` prints them. */
export const IFF_NAMES: ReadonlyArray<[number, string]> = [
  [IFF.LOOPBACK, 'LOOPBACK'], [IFF.BROADCAST, 'BROADCAST'], [IFF.POINTOPOINT, 'POINTOPOINT'],
  [IFF.MULTICAST, 'MULTICAST'], [IFF.NOARP, 'NOARP'], [IFF.ALLMULTI, 'ALLMULTI'],
  [IFF.PROMISC, 'PROMISC'], [IFF.MASTER, 'MASTER'], [IFF.SLAVE, 'SLAVE'], [IFF.DEBUG, 'DEBUG'],
  [IFF.DYNAMIC, 'DYNAMIC'], [IFF.AUTOMEDIA, 'AUTOMEDIA'], [IFF.PORTSEL, 'PORTSEL'],
  [IFF.NOTRAILERS, 'NOTRAILERS'], [IFF.UP, 'UP'], [IFF.LOWER_UP, 'LOWER_UP'], [IFF.DORMANT, 'DORMANT'],
  [IFF.ECHO, 'ECHO'], [IFF.RUNNING, 'RUNNING'],
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
