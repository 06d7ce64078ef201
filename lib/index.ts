// netns: Linux network namespaces from Node.js.
export { Namespace, NETNS_RUN_DIR } from './namespace';
export type { NamespaceInfo, CreateOptions } from './namespace';
export { Links } from './links';
export type { Link, LinkStats, LinkFilter, LinkSpec, LinkChanges, LinkCommonSpec, RawKindSpec, RawAttribute, KindSpec } from './links';
export { NetlinkError } from './errors';
export type { ExtendedAck } from './errors';
export { MalformedMessageError } from './rtnetlink/reader';
// Namespace.netlink() is the escape hatch for raw requests: the types its connection takes.
export type { NetlinkConnection, RequestSpec, MessageHandler } from './rtnetlink/connection';
export type { MessageWriter } from './rtnetlink/writer';
export type { ExecOptions, ExecResult, SpawnInOptions } from './process';
export { Sysctl } from './sysctl';
export { Monitor } from './monitor';
export type { MonitorEvent, MonitorGroup, MonitorOptions } from './monitor';
export { Routes } from './routes';
export type { Route, RouteSpec, RouteFilter, RouteGetOptions, RouteNexthop, RouteNexthopSpec, RouteMetrics } from './routes';
export { Rules } from './rules';
export type { Rule, RuleSpec, RuleFilter, RuleAction, PortRange } from './rules';
export { Neighbors } from './neighbors';
export type { Neighbor, NeighborSpec, NeighborFilter, NeighborState } from './neighbors';
export { Nexthops } from './nexthops';
export type { Nexthop, NexthopSpec, NexthopFilter, NexthopGroupMember, NexthopGroupType } from './nexthops';
export { Fdb } from './fdb';
export type { FdbEntry, FdbSpec, FdbFilter, FdbState } from './fdb';
export type { RouteType } from './rt-names';
export { Addresses } from './addresses';
export type { Address, AddressOptions, AddressFilter, AddressScope, Lifetime } from './addresses';
export { knownKinds } from './link-kinds';
export type {
  VethSpec, VethPeerSpec, BridgeSpec, BridgeInfo, VxlanSpec, VxlanInfo, MacvlanSpec, MacvlanInfo, MacvlanMode,
  IfbSpec, DummySpec, WireguardSpec, TunSpec, TunInfo, VrfSpec, VrfInfo, VlanSpec, VlanInfo, BondSpec, BondInfo,
  BondMode, IpvlanSpec, IpvlanInfo, GreSpec, GreInfo, GeneveSpec, GeneveInfo,
} from './link-kinds';
export type { ListenOptions, ConnectOptions, UdpOptions } from './sockets';
export { BatchError } from './batch';
export type { BatchBuilder, BatchOptions, BatchResult } from './batch';
