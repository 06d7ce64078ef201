// Public types of ARP/NDP entries (ns.neighbors).
import type { Family } from '../specs/ip';
import type { LinkRef } from './link';

export interface Neighbor {
  readonly family: Family;
  readonly address: string;
  readonly dev?: string;
  readonly ifindex: number;
  readonly lladdr?: string;
  /** The NUD state by name; several bits are joined with '|' (`string & {}` keeps the names in completion). */
  readonly state: NeighborState | (string & {});
  readonly proxy: boolean;
  readonly router: boolean;
  /** NTF_* flags by name. */
  readonly flags: readonly string[];
  readonly probes?: number;
  readonly raw: Readonly<Record<number, Buffer>>;
}

export interface NeighborSpec {
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

export interface NeighborFilter {
  dev?: LinkRef;
  family?: Family;
  /** List proxy entries instead of the neighbour cache (ip neigh show proxy). */
  proxy?: boolean;
}

export type NeighborState = 'permanent' | 'reachable' | 'stale' | 'noarp' | 'delay' | 'probe' | 'failed' | 'incomplete' | 'none';
