// netns: Linux network namespaces from Node.js.
export { Namespace, NETNS_RUN_DIR } from './namespace';
export type { NamespaceInfo, CreateOptions } from './types/namespace';
export { Links } from './collections/links';
export type {
  Link, LinkStats, LinkFilter, LinkSpec, LinkChanges, LinkCommonSpec, RawKindSpec, RawAttribute, KindSpec,
  LinkBase, TypedLink, OtherLink, LinkInfo, LinkInfoKey, LinkInfoByKind, LinkSpecByKind, TypedLinkKind, KindRawInfo,
  LinkRef,
} from './types/link';
export type { Family } from './specs/ip';
export { NetlinkError } from './errors';
export type { ExtendedAck } from './errors';
export { MalformedMessageError } from './codecs/reader';
// Namespace.netlink() is the escape hatch for raw requests: the types its connection takes.
export type { NetlinkConnection, RequestSpec, MessageHandler } from './transport/connection';
export type { MessageWriter } from './codecs/writer';
export type { ExecOptions, ExecResult, SpawnInOptions } from './types/process';
export { Sysctl } from './collections/sysctl';
export { Monitor } from './collections/monitor';
export type { MonitorEvent, MonitorGroup, MonitorOptions, MonitorObject } from './types/monitor';
export { Routes } from './collections/routes';
export type { Route, RouteSpec, RouteFilter, RouteGetOptions, RouteNexthop, RouteNexthopSpec, RouteMetrics } from './types/route';
export { Rules } from './collections/rules';
export type { Rule, RuleSpec, RuleFilter, RuleAction, PortRange } from './types/rule';
export { Neighbors } from './collections/neighbors';
export type { Neighbor, NeighborSpec, NeighborFilter, NeighborState } from './types/neighbor';
export { Nexthops } from './collections/nexthops';
export type { Nexthop, NexthopSpec, NexthopFilter, NexthopGroupMember, NexthopGroupType } from './types/nexthop';
export { Fdb } from './collections/fdb';
export type { FdbEntry, FdbSpec, FdbFilter, FdbState } from './types/fdb';
export type { RouteType } from './types/route';
export { Addresses } from './collections/addresses';
export type { Address, AddressOptions, AddressFilter, AddressScope, Lifetime } from './types/address';
export { knownKinds } from './link-kinds';
export type {
  VethSpec, VethPeerSpec, BridgeSpec, BridgeInfo, VxlanSpec, VxlanInfo, MacvlanSpec, MacvlanInfo, MacvlanMode,
  IfbSpec, DummySpec, WireguardSpec, TunSpec, TunInfo, VrfSpec, VrfInfo, VlanSpec, VlanInfo, BondSpec, BondInfo,
  BondMode, IpvlanSpec, IpvlanInfo, IpvlanMode, IpvlanFlags, GreSpec, GreInfo, GeneveSpec, GeneveInfo, VlanProtocol,
} from './link-kinds';
export type { ListenOptions, ConnectOptions, UdpOptions } from './types/socket';
export { BatchError } from './collections/batch';
export type { BatchBuilder } from './collections/batch';
export type { BatchFailure, BatchOptions, BatchResult, BatchSummary } from './types/batch';
