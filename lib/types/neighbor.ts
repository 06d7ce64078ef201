// Public types of ARP/NDP entries (ns.neighbors).
import type { Family } from '../specs/ip';
import type { LinkRef } from './link';

/** A neighbour entry as `ip neigh show` reports it (RTM_NEWNEIGH decoded). */
export interface Neighbor {
  /** 4 (ARP) or 6 (NDP). */
  readonly family: Family;
  /** The IP address the entry is for. */
  readonly address: string;
  /** The device's name, when it is in this namespace. */
  readonly dev?: string;
  /** The device's ifindex. */
  readonly ifindex: number;
  /** The link-layer address, lowercase; absent while unresolved. */
  readonly lladdr?: string;
  /** The NUD state by name; several bits are joined with '|' (`string & {}` keeps the names in completion). */
  readonly state: NeighborState | (string & {});
  /** A proxy ARP/NDP entry (NTF_PROXY). */
  readonly proxy: boolean;
  /** The neighbour is a router (NTF_ROUTER, NDP). */
  readonly router: boolean;
  /** NTF_* flags by name. */
  readonly flags: readonly string[];
  /** Probes sent so far (NDA_PROBES). */
  readonly probes?: number;
  /** Attributes this library does not decode, by NDA_* number. */
  readonly raw: Readonly<Record<number, Buffer>>;
}

/** What neighbors.add/replace/delete take (ip neigh add ADDR lladdr MAC dev DEV nud STATE). */
export interface NeighborSpec {
  /** The device, by name or ifindex. */
  dev: LinkRef;
  /** The IP address the entry is for. */
  address: string;
  /** The link-layer address; not needed for proxy entries or deletes. */
  lladdr?: string;
  /** Default 'permanent' (as ip neigh add). */
  state?: NeighborState;
  /** A proxy ARP/NDP entry (ip neigh add proxy ADDR dev DEV). */
  proxy?: boolean;
  /** The neighbour is a router (NDP). */
  router?: boolean;
}

/** What neighbors.list() shows (ip neigh show [dev D] [proxy]). */
export interface NeighborFilter {
  /** Only entries of this device. */
  dev?: LinkRef;
  /** 4 or 6; default both. */
  family?: Family;
  /** List proxy entries instead of the neighbour cache (ip neigh show proxy). */
  proxy?: boolean;
  /**
   * Which states to list, as `ip neigh show nud STATE`: 'all', one state or several. Default:
   * every state but 'noarp' and 'none', as `ip neigh show` (proxy entries are listed whatever their state).
   */
  nud?: 'all' | NeighborState | readonly NeighborState[];
}

/** A NUD state by ip's name. */
export type NeighborState = 'permanent' | 'reachable' | 'stale' | 'noarp' | 'delay' | 'probe' | 'failed' | 'incomplete' | 'none';
