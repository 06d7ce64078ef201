// Public types of nexthop objects (ns.nexthops).
import type { Family } from '../specs/ip';
import type { LinkRef } from './link';

/** A nexthop object as `ip nexthop show` reports it (RTM_NEWNEXTHOP decoded). */
export interface Nexthop {
  /** The object's id (NHA_ID), which routes name with nhid. */
  readonly id: number;
  /** 4 or 6; absent for a group or a family-less blackhole. */
  readonly family?: Family;
  /** The gateway address. */
  readonly via?: string;
  /** The device's name, when it is in this namespace. */
  readonly dev?: string;
  /** The device's ifindex. */
  readonly oif?: number;
  /** Packets sent to it are dropped. */
  readonly blackhole: boolean;
  /** The members of a group, with their weights (1..256). */
  readonly group?: ReadonlyArray<{ readonly id: number; readonly weight: number }>;
  /** The group's type. */
  readonly groupType?: NexthopGroupType;
  /** Who installed it, by rt_protos name. */
  readonly protocol: string;
  /** The scope by name: 'universe', 'link', 'host', ... */
  readonly scope: string;
  /** The gateway is taken as on-link (RTNH_F_ONLINK). */
  readonly onlink: boolean;
  /** The raw RTNH_F_* flag word. */
  readonly flags: number;
  /** A next hop for bridge fdb entries (NHA_FDB). */
  readonly fdb: boolean;
  /** Attributes this library does not decode, by NHA_* number. */
  readonly raw: Readonly<Record<number, Buffer>>;
}

/** What nexthops.add/replace take: a single next hop (via/dev), a blackhole, or a group. */
export interface NexthopSpec {
  /** The object's id, 1..2^32-1 (ip nexthop add id ID). */
  id: number;
  /** The gateway address. */
  via?: string;
  /** The device, by name or ifindex. */
  dev?: LinkRef;
  /** Drop what is sent to it (ip nexthop add id ID blackhole). */
  blackhole?: boolean;
  /** The members of a group (ip nexthop add id ID group A,W/B,W). */
  group?: readonly NexthopGroupMember[];
  /** Group type; default 'mpath' (hash-threshold ECMP). */
  groupType?: NexthopGroupType;
  /** Take the gateway as on-link (ip's onlink). */
  onlink?: boolean;
  /** For a blackhole or a device-only next hop: the family of routes that may use it. */
  family?: Family;
  /** An rt_protos name or number; default 0 (unspec). */
  protocol?: string | number;
  /** A next hop for bridge fdb entries (VXLAN). */
  fdb?: boolean;
}

/** What nexthops.list() shows (ip nexthop show [dev D] [groups]). */
export interface NexthopFilter {
  /** Only next hops out of this device. */
  dev?: LinkRef;
  /** Only groups. */
  groups?: boolean;
}

/** A member of a nexthop group: another nexthop's id and its weight (default 1). */
export interface NexthopGroupMember {
  /** The member nexthop's id. */
  id: number;
  /** Its share, 1..256 (default 1). */
  weight?: number;
}

/** A group type: 'mpath' (hash-threshold ECMP) or 'resilient' (resilient hashing). */
export type NexthopGroupType = 'mpath' | 'resilient';
