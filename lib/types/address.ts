// Public types of IPv4/IPv6 addresses (ns.addresses).

export interface Address {
  /** Name of the link the address is on. */
  readonly link: string;
  /** Index of that link. */
  readonly index: number;
  readonly family: 4 | 6;
  /** The local address (IFA_LOCAL, or IFA_ADDRESS where there is none, as for IPv6). */
  readonly address: string;
  readonly prefixLength: number;
  /** address/prefixLength */
  readonly cidr: string;
  /** The other end of a point-to-point address, when it differs from the local one. */
  readonly peer?: string;
  readonly broadcast?: string;
  readonly anycast?: string;
  readonly label?: string;
  readonly scope: AddressScope;
  /** IFA_F_* names, as `ip addr` prints them. */
  readonly flags: readonly string[];
  readonly flagsValue: number;
  /** Seconds; 'forever' when the address does not expire. */
  readonly validLifetime: Lifetime;
  readonly preferredLifetime: Lifetime;
  /** Metric of the prefix route (IFA_RT_PRIORITY). */
  readonly metric?: number;
  /** IFA_PROTO: who added the address. */
  readonly protocol?: number;
  /** Attributes this library does not decode, by IFA_* number: payload bytes. */
  readonly raw: Readonly<Record<number, Buffer>>;
}

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
  preferredLifetime?: Lifetime;
  /** Metric of the prefix route. */
  metric?: number;
}

export interface AddressFilter {
  link?: string | number;
  family?: 4 | 6;
}

export type AddressScope = 'global' | 'site' | 'link' | 'host' | 'nowhere' | number;

export type Lifetime = number | 'forever';
