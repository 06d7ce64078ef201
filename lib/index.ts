// netns: Linux network namespaces from Node.js.
// require('netns') loads the Namespace class, the errors and little else: the collections, link
// kinds and batch code load on first use (Namespace's getters load them too). The names below
// declared `export declare const X` (with a type alias X) are those: their values are getters,
// defined at the end of this file, that load the module on first read. api.ts re-exports them as
// the classes they are, for the reference documentation.
import type * as links from './collections/links';
import type * as sysctl from './collections/sysctl';
import type * as firewall from './collections/firewall';
import type * as monitor from './collections/monitor';
import type * as routes from './collections/routes';
import type * as rules from './collections/rules';
import type * as neighbors from './collections/neighbors';
import type * as nexthops from './collections/nexthops';
import type * as fdb from './collections/fdb';
import type * as bridgeVlans from './collections/bridge-vlans';
import type * as tc from './collections/tc';
import type * as tcFilters from './collections/tc-filters';
import type * as addresses from './collections/addresses';
import type * as linkKinds from './link-kinds';
import type * as batch from './collections/batch';
export { Namespace, NETNS_RUN_DIR } from './namespace';
export type { NamespaceInfo, CreateOptions, OpenOptions } from './types/namespace';
export declare const Links: typeof links.Links;
export type Links = links.Links;
export type {
  Link, LinkStats, LinkFilter, LinkSpec, LinkChanges, LinkCommonSpec, RawKindSpec, RawAttribute, KindSpec,
  LinkBase, TypedLink, OtherLink, LinkInfo, LinkInfoKey, LinkInfoByKind, LinkSpecByKind, TypedLinkKind, KindRawInfo,
  LinkRef,
} from './types/link';
export type { BridgePort, BridgePortChanges, BridgePortState } from './types/bridge-port';
export type { Family } from './specs/ip';
export { NetlinkError } from './errors';
export type { ExtendedAck } from './errors';
export { MalformedMessageError } from './codecs/reader';
// Namespace.netlink() is the escape hatch for raw requests: the types its connection takes.
export type { NetlinkConnection, RequestSpec, MessageHandler } from './transport/connection';
export type { MessageWriter } from './codecs/writer';
export type { ExecOptions, ExecResult, SpawnInOptions } from './types/process';
export declare const Sysctl: typeof sysctl.Sysctl;
export type Sysctl = sysctl.Sysctl;
export declare const Firewall: typeof firewall.Firewall;
export type Firewall = firewall.Firewall;
export { NftablesError } from './firewall/errors';
export type { NftRuleset, NftFamily, NftTableRef } from './types/firewall';
export type { FirewallFilterOptions, FirewallPortProtocol, FirewallProtocol, FirewallRuleRef, MasqueradeOptions, PortMapOptions } from './types/firewall-helpers';
export declare const Monitor: typeof monitor.Monitor;
export type Monitor = monitor.Monitor;
export type { MonitorEvent, MonitorEventOf, MonitorValues, MonitorGroup, MonitorOptions, MonitorObject } from './types/monitor';
export declare const Routes: typeof routes.Routes;
export type Routes = routes.Routes;
export type { Route, RouteSpec, RouteFilter, RouteGetOptions, RouteNexthop, RouteNexthopSpec, RouteMetrics } from './types/route';
export declare const Rules: typeof rules.Rules;
export type Rules = rules.Rules;
export type { Rule, RuleSpec, RuleFilter, RuleAction, PortRange } from './types/rule';
export declare const Neighbors: typeof neighbors.Neighbors;
export type Neighbors = neighbors.Neighbors;
export type { Neighbor, NeighborSpec, NeighborFilter, NeighborState } from './types/neighbor';
export declare const Nexthops: typeof nexthops.Nexthops;
export type Nexthops = nexthops.Nexthops;
export type { Nexthop, NexthopSpec, NexthopFilter, NexthopGroupMember, NexthopGroupType } from './types/nexthop';
export declare const Fdb: typeof fdb.Fdb;
export type Fdb = fdb.Fdb;
export type { FdbEntry, FdbSpec, FdbFilter, FdbState } from './types/fdb';
export declare const BridgeVlans: typeof bridgeVlans.BridgeVlans;
export type BridgeVlans = bridgeVlans.BridgeVlans;
export type { BridgeVlan, BridgeVlanSpec, BridgeVlanFilter } from './types/bridge-vlan';
export type { BridgeChanges } from './link-kinds/bridge';
export declare const Tc: typeof tc.Tc;
export type Tc = tc.Tc;
export declare const Qdiscs: typeof tc.Qdiscs;
export type Qdiscs = tc.Qdiscs;
export declare const TcClasses: typeof tc.TcClasses;
export type TcClasses = tc.TcClasses;
export declare const TcFilters: typeof tcFilters.TcFilters;
export type TcFilters = tcFilters.TcFilters;
export type {
  FilterSpec, FilterTarget, U32FilterSpec, MatchallFilterSpec, BpfFilterSpec, FilterDeleteSpec, FilterFilter, Filter, U32Match, U32Key,
  TcActionSpec, MirredActionSpec, PoliceActionSpec, GactActionSpec, TcAction, TcActionStats, TcVerdict,
} from './types/tc-filter';
export type {
  TcHandle, TcRate, TcSize, TcTime, QdiscTarget, QdiscSpec, TbfQdiscSpec, HtbQdiscSpec, FqCodelQdiscSpec, PrioQdiscSpec,
  NetemQdiscSpec, IngressQdiscSpec, QdiscDeleteSpec, TcClassSpec, HtbClassSpec, TcClassDeleteSpec, TcListFilter, TcStats,
  TcOptions, Qdisc, TcClass,
} from './types/tc';
export type { RouteType } from './types/route';
export declare const Addresses: typeof addresses.Addresses;
export type Addresses = addresses.Addresses;
export type { Address, AddressOptions, AddressFilter, AddressScope, Lifetime } from './types/address';
export declare const knownKinds: typeof linkKinds.knownKinds;
export type {
  VethSpec, VethPeerSpec, BridgeSpec, BridgeInfo, VxlanSpec, VxlanInfo, MacvlanSpec, MacvlanInfo, MacvlanMode,
  IfbSpec, DummySpec, WireguardSpec, TunSpec, TunInfo, VrfSpec, VrfInfo, VlanSpec, VlanInfo, BondSpec, BondInfo,
  BondMode, IpvlanSpec, IpvlanInfo, IpvlanMode, IpvlanFlags, GreSpec, GreInfo, GeneveSpec, GeneveInfo, VlanProtocol,
} from './link-kinds';
export type { ListenOptions, ConnectOptions, UdpOptions, DeviceOption } from './types/socket';
export declare const BatchError: typeof batch.BatchError;
export type BatchError = batch.BatchError;
export type { BatchBuilder } from './collections/batch';
export type { BatchFailure, BatchOptions, BatchResult, BatchSummary } from './types/batch';

// One getter per name, written out: Node's ESM loader finds a CommonJS module's export names by
// reading its code (cjs-module-lexer), which sees `get() { return a.b; }` and nothing computed, so
// that `import { Routes } from 'netns'` works from an ES module too.
/* eslint-disable @typescript-eslint/no-require-imports -- these requires are the lazy loading */
const onFirstRead = {
  get Links(): typeof links.Links { return (require('./collections/links') as typeof links).Links; },
  get Sysctl(): typeof sysctl.Sysctl { return (require('./collections/sysctl') as typeof sysctl).Sysctl; },
  get Firewall(): typeof firewall.Firewall { return (require('./collections/firewall') as typeof firewall).Firewall; },
  get Monitor(): typeof monitor.Monitor { return (require('./collections/monitor') as typeof monitor).Monitor; },
  get Routes(): typeof routes.Routes { return (require('./collections/routes') as typeof routes).Routes; },
  get Rules(): typeof rules.Rules { return (require('./collections/rules') as typeof rules).Rules; },
  get Neighbors(): typeof neighbors.Neighbors { return (require('./collections/neighbors') as typeof neighbors).Neighbors; },
  get Nexthops(): typeof nexthops.Nexthops { return (require('./collections/nexthops') as typeof nexthops).Nexthops; },
  get Fdb(): typeof fdb.Fdb { return (require('./collections/fdb') as typeof fdb).Fdb; },
  get BridgeVlans(): typeof bridgeVlans.BridgeVlans { return (require('./collections/bridge-vlans') as typeof bridgeVlans).BridgeVlans; },
  get Tc(): typeof tc.Tc { return (require('./collections/tc') as typeof tc).Tc; },
  get Qdiscs(): typeof tc.Qdiscs { return (require('./collections/tc') as typeof tc).Qdiscs; },
  get TcClasses(): typeof tc.TcClasses { return (require('./collections/tc') as typeof tc).TcClasses; },
  get TcFilters(): typeof tcFilters.TcFilters { return (require('./collections/tc-filters') as typeof tcFilters).TcFilters; },
  get Addresses(): typeof addresses.Addresses { return (require('./collections/addresses') as typeof addresses).Addresses; },
  get knownKinds(): typeof linkKinds.knownKinds { return (require('./link-kinds') as typeof linkKinds).knownKinds; },
  get BatchError(): typeof batch.BatchError { return (require('./collections/batch') as typeof batch).BatchError; },
};
/* eslint-enable @typescript-eslint/no-require-imports */
Object.defineProperty(exports, 'Links', { enumerable: true, get() { return onFirstRead.Links; } });
Object.defineProperty(exports, 'Sysctl', { enumerable: true, get() { return onFirstRead.Sysctl; } });
Object.defineProperty(exports, 'Firewall', { enumerable: true, get() { return onFirstRead.Firewall; } });
Object.defineProperty(exports, 'Monitor', { enumerable: true, get() { return onFirstRead.Monitor; } });
Object.defineProperty(exports, 'Routes', { enumerable: true, get() { return onFirstRead.Routes; } });
Object.defineProperty(exports, 'Rules', { enumerable: true, get() { return onFirstRead.Rules; } });
Object.defineProperty(exports, 'Neighbors', { enumerable: true, get() { return onFirstRead.Neighbors; } });
Object.defineProperty(exports, 'Nexthops', { enumerable: true, get() { return onFirstRead.Nexthops; } });
Object.defineProperty(exports, 'Fdb', { enumerable: true, get() { return onFirstRead.Fdb; } });
Object.defineProperty(exports, 'BridgeVlans', { enumerable: true, get() { return onFirstRead.BridgeVlans; } });
Object.defineProperty(exports, 'Tc', { enumerable: true, get() { return onFirstRead.Tc; } });
Object.defineProperty(exports, 'Qdiscs', { enumerable: true, get() { return onFirstRead.Qdiscs; } });
Object.defineProperty(exports, 'TcClasses', { enumerable: true, get() { return onFirstRead.TcClasses; } });
Object.defineProperty(exports, 'TcFilters', { enumerable: true, get() { return onFirstRead.TcFilters; } });
Object.defineProperty(exports, 'Addresses', { enumerable: true, get() { return onFirstRead.Addresses; } });
Object.defineProperty(exports, 'knownKinds', { enumerable: true, get() { return onFirstRead.knownKinds; } });
Object.defineProperty(exports, 'BatchError', { enumerable: true, get() { return onFirstRead.BatchError; } });
