// Public types of bridge VLAN table entries (ns.bridgeVlans, bridge vlan).
import type { LinkRef } from './link';

/**
 * What bridgeVlans.add and delete take (bridge vlan add|del dev DEV vid VID ...). A range is
 * `vid` to `vidEnd`, both included (bridge's `vid 10-20`).
 */
export interface BridgeVlanSpec {
  /** The bridge port, or the bridge itself (with self). */
  dev: LinkRef;
  /** The VLAN id, 1..4094; the first of a range when vidEnd is given. */
  vid: number;
  /** The last VLAN id of a range, greater than vid and at most 4094. */
  vidEnd?: number;
  /** Untagged frames arriving on the port go to this VLAN (not with a range). */
  pvid?: boolean;
  /** Frames of this VLAN leave the port untagged (bridge's 'untagged'). */
  untagged?: boolean;
  /** Change the table of the bridge the port belongs to (BRIDGE_FLAGS_MASTER); the kernel's default. */
  master?: boolean;
  /** Change the device's own table (BRIDGE_FLAGS_SELF): the bridge's own VLANs when dev is the bridge. */
  self?: boolean;
}

/** One VLAN of one device's table, as `bridge vlan show` lists it (one entry per VLAN id). */
export interface BridgeVlan {
  /** The device's name: a bridge port, or a bridge (its own VLANs). */
  readonly dev: string;
  /** The device's ifindex. */
  readonly index: number;
  /** The bridge a port belongs to (IFLA_MASTER): its name when the dump listed it, else its index. */
  readonly master?: LinkRef;
  /** The VLAN id. */
  readonly vid: number;
  /** Untagged frames arriving on the device go to this VLAN (PVID). */
  readonly pvid: boolean;
  /** Frames of this VLAN leave the device untagged (Egress Untagged). */
  readonly untagged: boolean;
  /** The BRIDGE_VLAN_INFO_* bits the kernel reported (range bits cleared). */
  readonly flags: number;
}

/** What bridgeVlans.list() shows (bridge vlan show [dev DEV] [vid VID]). */
export interface BridgeVlanFilter {
  /** Only this device's VLANs. */
  dev?: LinkRef;
  /** Only this VLAN id. */
  vid?: number;
}
