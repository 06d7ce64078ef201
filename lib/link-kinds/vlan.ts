// vlan: an 802.1Q/802.1ad sub-interface of a parent. IFLA_VLAN_* (linux/if_link.h).
import type { LinkRef } from '../types/link';
import { defineKind } from './registry';
import { int, linkRef, oneOf, required } from '../specs/schema';
import { decodeFields, named, u16, u16be, type FieldTable } from './decode';
import { encodeParent, parentRefs } from './parent';
import { VLAN_PROTOCOLS, VLAN_PROTOCOL_VALUES, type VlanProtocol } from './vlan-protocols';

const VLAN = { ID: 1, FLAGS: 2, EGRESS_QOS: 3, INGRESS_QOS: 4, PROTOCOL: 5 } as const;

/** An 802.1Q/802.1ad VLAN device on a parent (ip link add NAME link PARENT type vlan id ID). */
export interface VlanSpec {
  /** 'vlan'. */
  kind: 'vlan';
  /** The lower device, by name or ifindex. */
  parent: LinkRef;
  /** The VLAN id, 0..4094 (ip's id). */
  id: number;
  /** Default '802.1Q'. */
  protocol?: VlanProtocol;
}

/** A VLAN device's settings: id, protocol and VLAN_FLAG_* flags (IFLA_VLAN_*). */
export interface VlanInfo {
  /** The VLAN id. */
  id?: number;
  /** The tag protocol (a number when it has no name here). */
  protocol?: VlanProtocol | number;
  /** VLAN_FLAG_* bits set (reorder_hdr, gvrp, loose_binding, mvrp) and the mask of those reported. */
  flags?: { flags: number; mask: number };
  /** Attributes without a name, by number. */
  raw?: Record<number, Buffer>;
}

declare module '../types/link' {
  interface LinkSpecByKind { vlan: VlanSpec }
  interface LinkInfoByKind { vlan: VlanInfo }
}

const fields: FieldTable<VlanInfo> = {
  [VLAN.ID]: ['id', u16], [VLAN.PROTOCOL]: ['protocol', named(u16be, VLAN_PROTOCOLS)],
  [VLAN.FLAGS]: ['flags', (b, o, l) => (l < 8 ? undefined : { flags: b.readUInt32LE(o), mask: b.readUInt32LE(o + 4) })],
};

defineKind<VlanSpec, VlanInfo>({
  kind: 'vlan',
  fields: { parent: required(linkRef), id: required(int(0, 4094)), protocol: oneOf(Object.values(VLAN_PROTOCOLS)) },
  linkRefs: parentRefs,
  encodeTop: encodeParent,
  encodeData(w, spec) {
    // iproute2 sends the protocol first when one is given.
    if (spec.protocol !== undefined) w.attrU16BE(VLAN.PROTOCOL, VLAN_PROTOCOL_VALUES[spec.protocol]);
    w.attrU16(VLAN.ID, spec.id);
  },
  decodeData: (buf, start, end) => decodeFields(buf, start, end, fields),
});
