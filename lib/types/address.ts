// Public types of IPv4/IPv6 addresses (ns.addresses).

/** An address as `ip addr show` reports it (RTM_NEWADDR decoded). */
export interface Address {
  /** Name of the link the address is on. */
  readonly link: string;
  /** Index of that link. */
  readonly index: number;
  /** 4 or 6. */
  readonly family: 4 | 6;
  /** The local address (IFA_LOCAL, or IFA_ADDRESS where there is none, as for IPv6). */
  readonly address: string;
  /** The prefix length, e.g. 24. */
  readonly prefixLength: number;
  /** address/prefixLength */
  readonly cidr: string;
  /** The other end of a point-to-point address, when it differs from the local one. */
  readonly peer?: string;
  /** The IPv4 broadcast address (IFA_BROADCAST). */
  readonly broadcast?: string;
  /** The IPv6 anycast address (IFA_ANYCAST). */
  readonly anycast?: string;
  /** The IPv4 label (IFA_LABEL), e.g. 'v0:1'. */
  readonly label?: string;
  /** The scope by name, or a number ip has no name for. */
  readonly scope: AddressScope;
  /** IFA_F_* names, as `ip addr` prints them. */
  readonly flags: readonly string[];
  /** The raw IFA_F_* flag word. */
  readonly flagsValue: number;
  /** Seconds; 'forever' when the address does not expire. */
  readonly validLifetime: Lifetime;
  /** Seconds; 'forever' when it does not expire. */
  readonly preferredLifetime: Lifetime;
  /** Metric of the prefix route (IFA_RT_PRIORITY). */
  readonly metric?: number;
  /** IFA_PROTO: who added the address. */
  readonly protocol?: number;
  /** Attributes this library does not decode, by IFA_* number: payload bytes. */
  readonly raw: Readonly<Record<number, Buffer>>;
}

/** What addresses.add takes besides the link and the address/prefix (ip addr add ... options). */
export interface AddressOptions {
  /** IPv4 only: an explicit broadcast address, or true to compute it from the prefix (ip's "broadcast +"). */
  broadcast?: string | true;
  /** IPv4 only: a label (ip's "label v0:1"); must begin with the link's name. */
  label?: string;
  /** Default: 'host' for 127/8, else 'global'. */
  scope?: AddressScope | 'universe';
  /** Do not add the prefix route. */
  noprefixroute?: boolean;
  /** IPv6: skip duplicate address detection. */
  nodad?: boolean;
  /** Seconds, or 'forever' (the default). */
  validLifetime?: Lifetime;
  /** Seconds, or 'forever' (the default); at most validLifetime. */
  preferredLifetime?: Lifetime;
  /** Metric of the prefix route. */
  metric?: number;
}

/** What addresses.list() shows (ip addr show [dev D]). */
export interface AddressFilter {
  /** Only addresses of this link, by name or ifindex. */
  link?: string | number;
  /** 4 or 6; default both. */
  family?: 4 | 6;
}

/** An address scope (RT_SCOPE_*) by ip's name, or a number. */
export type AddressScope = 'global' | 'site' | 'link' | 'host' | 'nowhere' | number;

/** A lifetime in seconds, or 'forever'. */
export type Lifetime = number | 'forever';
