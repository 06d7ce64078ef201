// Public types of bridge forwarding database entries (ns.fdb).
import type { LinkRef } from './link';

export interface FdbEntry {
  readonly lladdr: string;
  readonly dev?: string;
  readonly ifindex: number;
  /** The bridge this port belongs to (NDA_MASTER). */
  readonly master?: LinkRef;
  readonly state: FdbState;
  readonly vlan?: number;
  readonly dst?: string;
  readonly vni?: number;
  readonly port?: number;
  readonly flags: readonly string[];
  readonly raw: Readonly<Record<number, Buffer>>;
}

export interface FdbSpec {
  lladdr: string;
  /** The bridge port (or the vxlan device with self). */
  dev: LinkRef;
  /** Entry in the master bridge's table (NTF_MASTER). */
  master?: boolean;
  /** Entry in the device's own table (NTF_SELF): the default when neither is given, as in bridge(8). */
  self?: boolean;
  /** Default 'permanent' (as bridge fdb add). */
  state?: FdbState;
  vlan?: number;
  /** Remote VTEP of a vxlan entry. */
  dst?: string;
  vni?: number;
  port?: number;
  sticky?: boolean;
  externLearn?: boolean;
}

export interface FdbFilter {
  /** Entries of this bridge port (or vxlan device). */
  dev?: LinkRef;
  /** Entries of the ports of this bridge. */
  master?: LinkRef;
}

/** permanent: a local address of the bridge; static: a fixed port entry; dynamic: ages out. */
export type FdbState = 'permanent' | 'static' | 'dynamic';
