// Bridge VLAN specs (bridgeVlans.add/delete) -> checked values, every field validated before any
// system call; the device name is left for the caller to resolve.
import type { LinkRef } from '../types/link';
import { BRIDGE_FLAGS, BRIDGE_VLAN_INFO } from '../uapi/if_bridge';
import { invalidArgValue, outOfRange } from '../errors';
import { Schema, bool, int, linkRef, required } from './schema';
import type { BridgeVlanSpec } from '../types/bridge-vlan';
import type { BridgeVlanMessage } from '../codecs/bridge-vlan-codec';

/** The kernel takes 1..4094 (br_vlan_valid_id): 0 and 4095 are reserved by 802.1Q. */
const vid = int(1, 4094);

export const bridgeVlanSpecSchema = new Schema('bridgeVlan', {
  dev: required(linkRef), vid: required(vid), vidEnd: vid, pvid: bool, untagged: bool, master: bool, self: bool,
});

export const bridgeVlanFilterSchema = new Schema('bridgeVlans.list filter', { dev: linkRef, vid });

/**
 * As `bridge vlan add|del` builds it (iproute2 bridge/vlan.c vlan_modify): IFLA_BRIDGE_FLAGS only
 * when master or self is given; a range is two entries, the first flagged RANGE_BEGIN, the second
 * RANGE_END; pvid is refused on a range, as bridge refuses it.
 */
export function parseBridgeVlanSpec(input: BridgeVlanSpec): { dev: LinkRef; msg: Omit<BridgeVlanMessage, 'ifindex'> } {
  const spec = bridgeVlanSpecSchema.parse(input, 'bridgeVlan');
  const start = spec.vid as number;
  const end = spec.vidEnd as number | undefined;
  let flags = 0;
  if (spec.pvid === true) flags |= BRIDGE_VLAN_INFO.PVID;
  if (spec.untagged === true) flags |= BRIDGE_VLAN_INFO.UNTAGGED;
  if (end !== undefined) {
    if (end <= start) throw outOfRange('bridgeVlan.vidEnd', `> vid (${start}) and <= 4094`, end);
    if (spec.pvid === true) throw invalidArgValue('bridgeVlan.pvid', true, 'cannot be set for a range of VLANs (vidEnd)');
  }
  let bridgeFlags = 0;
  if (spec.master === true) bridgeFlags |= BRIDGE_FLAGS.MASTER;
  if (spec.self === true) bridgeFlags |= BRIDGE_FLAGS.SELF;
  return { dev: spec.dev as LinkRef, msg: { vid: start, vidEnd: end, flags, bridgeFlags } };
}
