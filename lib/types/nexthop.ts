// Public types of nexthop objects (ns.nexthops).
import type { Family } from '../specs/ip';
import type { LinkRef } from './link';

export interface Nexthop {
  readonly id: number;
  readonly family?: Family;
  readonly via?: string;
  readonly dev?: string;
  readonly oif?: number;
  readonly blackhole: boolean;
  readonly group?: ReadonlyArray<{ readonly id: number; readonly weight: number }>;
  readonly groupType?: NexthopGroupType;
  readonly protocol: string;
  readonly scope: string;
  readonly onlink: boolean;
  readonly flags: number;
  readonly fdb: boolean;
  readonly raw: Readonly<Record<number, Buffer>>;
}

/** What nexthops.add/replace take: a single next hop (via/dev), a blackhole, or a group. */
export interface NexthopSpec {
  id: number;
  via?: string;
  dev?: LinkRef;
  blackhole?: boolean;
  group?: readonly NexthopGroupMember[];
  /** Group type; default 'mpath' (hash-threshold ECMP). */
  groupType?: NexthopGroupType;
  onlink?: boolean;
  /** For a blackhole or a device-only next hop: the family of routes that may use it. */
  family?: Family;
  protocol?: string | number;
  /** A next hop for bridge fdb entries (VXLAN). */
  fdb?: boolean;
}

export interface NexthopFilter {
  /** Only next hops out of this device. */
  dev?: LinkRef;
  /** Only groups. */
  groups?: boolean;
}

export interface NexthopGroupMember { id: number; /** 1..256 */ weight?: number }

export type NexthopGroupType = 'mpath' | 'resilient';
