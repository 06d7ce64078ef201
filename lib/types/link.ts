// Public types of network devices (ns.links).
import type { OperState, STATS64_FIELDS } from '../codecs/link-attr-names';
import type { Namespace } from '../namespace';
import type { BridgeChanges } from '../link-kinds/bridge';
import type { BridgePort, BridgePortChanges } from './bridge-port';

/** A network device, by name ("veth0") or by ifindex. */
export type LinkRef = string | number;

/** The info of a kind read back without a decoder: its IFLA_INFO_DATA attributes by number. */
export interface KindRawInfo {
  /** IFLA_INFO_DATA attributes by number: payload bytes. */
  raw?: Record<number, Buffer>;
}

// The two tables below are filled by the kinds: each file of lib/link-kinds/ adds its entries
// (`declare module '../types/link'`), so that a kind joins LinkSpec and Link from its own file.

/** The spec links.add takes for each kind this library types, by kind name. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface LinkSpecByKind {}

/** The `info` of each kind this library decodes, by the IFLA_INFO_KIND the kernel reports. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface LinkInfoByKind {}

/** The kinds whose info this library decodes: the keys of LinkInfoByKind. */
export type TypedLinkKind = keyof LinkInfoByKind;

/** Every field name some kind's info has. */
export type LinkInfoKey = { [K in TypedLinkKind]: keyof LinkInfoByKind[K] }[TypedLinkKind];

/**
 * A kind's info, with every other kind's fields declared absent: reading `info.vni` off a Link
 * whose kind is not known yet gives `number | undefined`, and a name no kind has is a type error.
 */
export type LinkInfo<I> = Readonly<I> & { readonly [K in Exclude<LinkInfoKey, keyof I>]?: never };

/** Fields every link has, whatever its kind. */
export interface LinkBase {
  /** The ifindex. */
  readonly index: number;
  /** The device name (IFLA_IFNAME). */
  readonly name: string;
  /** MTU in bytes. */
  readonly mtu: number;
  /** Administratively up (IFF_UP), as ip link set up makes it. */
  readonly up: boolean;
  /** RFC 2863 operational state, as ip prints it: 'UP', 'DOWN', 'UNKNOWN', ... */
  readonly operState: OperState;
  /** The MAC address, lowercase 'aa:bb:cc:dd:ee:ff' (other lengths for other link types). */
  readonly address?: string;
  /** The link-layer broadcast address. */
  readonly broadcast?: string;
  /** The permanent (factory) MAC address, where the driver has one. */
  readonly permAddress?: string;
  /** Index of the master device (bridge, bond, vrf). */
  readonly master?: number;
  /** IFLA_LINK: index of the parent (vlan, macvlan...) or of a veth's peer, in the namespace namespaceId names. */
  readonly parent?: number;
  /** For veth: the peer's index (in namespaceId's namespace when that is set). */
  readonly peerIndex?: number;
  /** IFLA_LINK_NETNSID: the NSID, seen from this link's namespace, of the namespace parent/peer lives in. */
  readonly namespaceId?: number;
  /** The interface alias (ip link set DEV alias TEXT). */
  readonly alias?: string;
  /** Transmit queue length in packets (ip's qlen). */
  readonly txqueuelen?: number;
  /** The smallest MTU the device accepts. */
  readonly minMtu?: number;
  /** The largest MTU the device accepts. */
  readonly maxMtu?: number;
  /** The device group number (ip link set DEV group N). */
  readonly group?: number;
  /** How many users asked for promiscuous mode. */
  readonly promiscuity?: number;
  /** Number of transmit queues. */
  readonly numTxQueues?: number;
  /** Number of receive queues. */
  readonly numRxQueues?: number;
  /** Whether the device has carrier. */
  readonly carrier?: boolean;
  /** How often carrier went up or down. */
  readonly carrierChanges?: number;
  /** The root queueing discipline's name, e.g. 'noqueue'. */
  readonly qdisc?: string;
  /** ARPHRD_* of ifi_type (1 = ether, 772 = loopback). */
  readonly linkType: number;
  /**
   * Flag names exactly as `ip -j link` prints them: IFF_* names in ip's order without RUNNING,
   * NO-CARRIER first when up without carrier, M-DOWN last when the IFLA_LINK parent in this
   * namespace is down (list, get, add and a move add it; a monitor event's link has no M-DOWN).
   * PROMISC, ALLMULTI, NOARP and MULTICAST show what links.set's promisc, allmulti, arp and multicast set.
   */
  readonly flags: readonly string[];
  /** The raw IFF_* flag word. */
  readonly flagsValue: number;
  /** 64-bit counters (IFLA_STATS64), as ip -s link prints them. */
  readonly stats?: LinkStats;
  /** Kind of the port, when enslaved (IFLA_INFO_SLAVE_KIND: 'bridge', 'bond', 'vrf'). */
  readonly portKind?: string;
  /** Port attributes when enslaved (IFLA_INFO_SLAVE_DATA): named where the port kind has a decoder, else under raw. */
  readonly portInfo?: Readonly<Record<string, unknown>>;
  /** A bridge port's options by name (portKind 'bridge'), what links.set's `port` changes; the same object as portInfo. */
  readonly port?: BridgePort;
  /** Attributes this library does not decode, by IFLA_* number: payload bytes. */
  readonly raw: Readonly<Record<number, Buffer>>;
}

/** A link of a kind this library decodes: `link.kind === 'vxlan'` makes `link.info` a VxlanInfo. */
export interface TypedLink<K extends TypedLinkKind> extends LinkBase {
  /** IFLA_INFO_KIND. */
  readonly kind: K;
  /** Kind-specific typed fields (vni, table, mode, id, ...); attributes without a name under `raw`. */
  readonly info: LinkInfo<LinkInfoByKind[K]>;
}

/** A link without a kind (lo, physical NICs) or of a kind this library does not decode (macvtap, ...). */
export interface OtherLink extends LinkBase {
  /** IFLA_INFO_KIND; undefined for devices without one. */
  readonly kind?: string;
  /** IFLA_INFO_DATA kept raw, by attribute number. */
  readonly info: LinkInfo<KindRawInfo>;
}

/** A network device; its kind narrows its info. */
export type Link = { [K in TypedLinkKind]: TypedLink<K> }[TypedLinkKind] | OtherLink;

/** Traffic counters (rtnl_link_stats64) by field name: rxPackets, txBytes, rxDropped, ... */
export type LinkStats = { readonly [K in (typeof STATS64_FIELDS)[number]]: number };

/** What links.list() shows (ip link show [type KIND] [master M]). */
export interface LinkFilter {
  /** Only links of this kind (the kernel filters the dump). */
  kind?: string;
  /** Only ports of this master (name or index). */
  master?: LinkRef;
}

/** What links.add takes: the common options and either a typed kind's spec or a raw kind (ip link add NAME type KIND ...). */
export type LinkSpec = LinkCommonSpec & (KindSpec | RawKindSpec);

/** What links.set changes (ip link set DEV ...); fields left out stay as they are. */
export interface LinkChanges {
  /** true brings the link up, false down. */
  up?: boolean;
  /** New MTU in bytes. */
  mtu?: number;
  /** New name. */
  name?: string;
  /** MAC address, 6 bytes. */
  address?: string;
  /** Enslave to a bridge/bond/vrf (name or index, in the namespace the link ends up in); null releases it. */
  master?: LinkRef | null;
  /** Move the device into this namespace (ip link set DEV netns NS). */
  namespace?: Namespace;
  /** Interface alias; '' or null clears it. */
  alias?: string | null;
  /** New transmit queue length in packets. */
  txqueuelen?: number;
  /** Options of a bridge (ip link set DEV type bridge ...), e.g. `{ vlanFiltering: true }`. */
  bridge?: BridgeChanges;
  /**
   * Bridge port options (ip link set DEV type bridge_slave ...), read back as Link.port. With
   * `master` in the same call the port options go in a second request right after the first,
   * once the link is a port (the kernel applies them before a master change); if the kernel
   * refuses the port options, the call rejects and the link stays a port of its new master.
   */
  port?: BridgePortChanges;
  /** Promiscuous mode (ip link set DEV promisc on|off); 'PROMISC' in Link.flags. */
  promisc?: boolean;
  /** Receive all multicast (ip's allmulticast on|off); 'ALLMULTI' in Link.flags. */
  allmulti?: boolean;
  /** ARP on the device (ip's arp on|off): false sets IFF_NOARP, 'NOARP' in Link.flags. */
  arp?: boolean;
  /** Multicast capable (ip's multicast on|off); 'MULTICAST' in Link.flags. */
  multicast?: boolean;
  /**
   * Carrier (IFLA_CARRIER, ip's carrier on|off), for drivers that let it be set (dummy, tun/tap):
   * others refuse (NetlinkError errno 95, EOPNOTSUPP). Read back as Link.carrier.
   */
  carrier?: boolean;
}

/** Options every kind accepts on creation. */
export interface LinkCommonSpec {
  /** The new device's name, at most 15 bytes. */
  name: string;
  /** MTU in bytes; default the kind's. */
  mtu?: number;
  /** MAC address, 6 bytes. */
  address?: string;
  /** Transmit queue length in packets; default the kind's. */
  txqueuelen?: number;
  /** Bring the link up once created. */
  up?: boolean;
  /** Enslave to this bridge/bond/vrf on creation (a name is looked up in `namespace` when that is given). */
  master?: LinkRef;
  /**
   * Create the device directly inside this namespace, in one request (ip link add ... netns NS):
   * it never appears in the namespace the call is made on. A `parent` (and a vxlan's `dev`) is
   * looked up where the call is made, as the kernel does; the link resolved is read from here.
   * The name must not contain '%'.
   */
  namespace?: Namespace;
}

/** Any other kind, with IFLA_INFO_DATA given as raw attributes. */
export interface RawKindSpec {
  /** The IFLA_INFO_KIND name, e.g. 'macvtap'. */
  kind: string;
  /** Parent device (IFLA_LINK), for kinds stacked on another (macvtap, ...). */
  parent?: LinkRef;
  /** IFLA_INFO_DATA: a list of attributes, or payloads by attribute number. */
  data?: RawAttribute[] | Record<number, Uint8Array>;
}

/** A raw attribute for kinds this library has no typed spec for; nested when value is a list. */
export interface RawAttribute {
  /** The attribute type number. */
  type: number;
  /** The payload bytes, or nested attributes. */
  value: Uint8Array | RawAttribute[];
}

/** The spec of any kind this library types (veth, bridge, vxlan, ...). */
export type KindSpec = LinkSpecByKind[keyof LinkSpecByKind];
