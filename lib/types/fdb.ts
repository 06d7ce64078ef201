// Public types of bridge forwarding database entries (ns.fdb).
import type { LinkRef } from './link';

/** A forwarding database entry as `bridge fdb show` reports it (RTM_NEWNEIGH, AF_BRIDGE). */
export interface FdbEntry {
  /** The MAC address, lowercase 'aa:bb:cc:dd:ee:ff'. */
  readonly lladdr: string;
  /** The port's (or vxlan device's) name, when it is in this namespace. */
  readonly dev?: string;
  /** The port's ifindex. */
  readonly ifindex: number;
  /** The bridge this port belongs to (NDA_MASTER). */
  readonly master?: LinkRef;
  /** How the entry was made and whether it ages out. */
  readonly state: FdbState;
  /** The VLAN id the entry is for (NDA_VLAN). */
  readonly vlan?: number;
  /** The remote VTEP of a vxlan entry (NDA_DST). */
  readonly dst?: string;
  /** The VNI of a vxlan entry (NDA_VNI). */
  readonly vni?: number;
  /** The UDP port of a vxlan entry (NDA_PORT). */
  readonly port?: number;
  /** NTF_* flags by name (self, master, extern_learn, sticky, ...). */
  readonly flags: readonly string[];
  /** Attributes this library does not decode, by NDA_* number. */
  readonly raw: Readonly<Record<number, Buffer>>;
}

/** What fdb.add/replace/delete take (bridge fdb add LLADDR dev DEV ...). */
export interface FdbSpec {
  /** The MAC address, 'aa:bb:cc:dd:ee:ff'. */
  lladdr: string;
  /** The bridge port (or the vxlan device with self). */
  dev: LinkRef;
  /** Entry in the master bridge's table (NTF_MASTER). */
  master?: boolean;
  /** Entry in the device's own table (NTF_SELF): the default when neither is given, as in bridge(8). */
  self?: boolean;
  /** Default 'permanent' (as bridge fdb add). */
  state?: FdbState;
  /** The VLAN id, 1..4094 (bridge's vlan). */
  vlan?: number;
  /** Remote VTEP of a vxlan entry. */
  dst?: string;
  /** The VNI of a vxlan entry (bridge's vni). */
  vni?: number;
  /** The UDP port of a vxlan entry's remote (bridge's port). */
  port?: number;
  /** The entry does not move to another port (NTF_STICKY). */
  sticky?: boolean;
  /** Learned by an outside controller (NTF_EXT_LEARNED, bridge's extern_learn). */
  externLearn?: boolean;
}

/** What fdb.list() shows (bridge fdb show [br B] [brport P]). */
export interface FdbFilter {
  /** Entries of this bridge port (or vxlan device). */
  dev?: LinkRef;
  /** Entries of the ports of this bridge. */
  master?: LinkRef;
}

/** permanent: a local address of the bridge; static: a fixed port entry; dynamic: ages out. */
export type FdbState = 'permanent' | 'static' | 'dynamic';
