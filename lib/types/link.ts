// Public types of network devices (ns.links).
import type { OperState, STATS64_FIELDS } from '../codecs/link-attr-names';
import type { Namespace } from '../namespace';

/** A network device, by name ("veth0") or by ifindex. */
export type LinkRef = string | number;

/** The info of a kind read back without a decoder: its IFLA_INFO_DATA attributes by number. */
export interface KindRawInfo { raw?: Record<number, Buffer> }

// The two tables below are filled by the kinds: each file of lib/link-kinds/ adds its entries
// (`declare module '../types/link'`), so that a kind joins LinkSpec and Link from its own file.

/** The spec links.add takes for each kind this library types, by kind name. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface LinkSpecByKind {}

/** The `info` of each kind this library decodes, by the IFLA_INFO_KIND the kernel reports. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface LinkInfoByKind {}

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
  readonly index: number;
  readonly name: string;
  readonly mtu: number;
  readonly up: boolean;
  readonly operState: OperState;
  readonly address?: string;
  readonly broadcast?: string;
  readonly permAddress?: string;
  /** Index of the master device (bridge, bond, vrf). */
  readonly master?: number;
  /** IFLA_LINK: index of the parent (vlan, macvlan...) or of a veth's peer, in the namespace namespaceId names. */
  readonly parent?: number;
  /** For veth: the peer's index (in namespaceId's namespace when that is set). */
  readonly peerIndex?: number;
  /** IFLA_LINK_NETNSID: the NSID, seen from this link's namespace, of the namespace parent/peer lives in. */
  readonly namespaceId?: number;
  readonly alias?: string;
  readonly txqueuelen?: number;
  readonly minMtu?: number;
  readonly maxMtu?: number;
  readonly group?: number;
  readonly promiscuity?: number;
  readonly numTxQueues?: number;
  readonly numRxQueues?: number;
  readonly carrier?: boolean;
  readonly carrierChanges?: number;
  readonly qdisc?: string;
  /** ARPHRD_* of ifi_type (1 = ether, 772 = loopback). */
  readonly linkType: number;
  /** IFF_* flag names, as `ip link` prints them. */
  readonly flags: readonly string[];
  /** The raw IFF_* flag word. */
  readonly flagsValue: number;
  readonly stats?: LinkStats;
  /** Kind of the port, when enslaved (IFLA_INFO_SLAVE_KIND: 'bridge', 'bond', 'vrf'). */
  readonly portKind?: string;
  readonly portInfo?: Readonly<Record<string, unknown>>;
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

export type LinkStats = { readonly [K in (typeof STATS64_FIELDS)[number]]: number };

export interface LinkFilter {
  /** Only links of this kind (the kernel filters the dump). */
  kind?: string;
  /** Only ports of this master (name or index). */
  master?: LinkRef;
}

export type LinkSpec = LinkCommonSpec & (KindSpec | RawKindSpec);

export interface LinkChanges {
  up?: boolean;
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
  txqueuelen?: number;
}

/** Options every kind accepts on creation. */
export interface LinkCommonSpec {
  name: string;
  mtu?: number;
  /** MAC address, 6 bytes. */
  address?: string;
  txqueuelen?: number;
  /** Bring the link up once created. */
  up?: boolean;
  /** Enslave to this bridge/bond/vrf on creation. */
  master?: LinkRef;
}

/** Any other kind, with IFLA_INFO_DATA given as raw attributes. */
export interface RawKindSpec {
  kind: string;
  /** Parent device (IFLA_LINK), for kinds stacked on another (macvtap, ...). */
  parent?: LinkRef;
  data?: RawAttribute[] | Record<number, Uint8Array>;
}

/** A raw attribute for kinds this library has no typed spec for; nested when value is a list. */
export interface RawAttribute {
  type: number;
  value: Uint8Array | RawAttribute[];
}

/** The spec of any kind this library types (veth, bridge, vxlan, ...). */
export type KindSpec = LinkSpecByKind[keyof LinkSpecByKind];
