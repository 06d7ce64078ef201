// ipvlan: children sharing the parent's MAC. IFLA_IPVLAN_MODE / IFLA_IPVLAN_FLAGS.
import type { LinkRef } from '../types/link';
import { defineKind } from './registry';
import { linkRef, oneOf, required } from '../specs/schema';
import { decodeFields, invert, named, u16, type FieldTable } from './decode';
import { encodeParent, parentRefs } from './parent';

const IPVLAN = { MODE: 1, FLAGS: 2 } as const;
const MODES: Record<number, IpvlanMode> = { 0: 'l2', 1: 'l3', 2: 'l3s' };
const FLAGS: Record<number, IpvlanFlags> = { 0: 'bridge', 1: 'private', 2: 'vepa' };
const MODE_VALUES = invert(MODES);
const FLAG_VALUES = invert(FLAGS);

/** Where ipvlan switches: at layer 2, layer 3, or layer 3 through netfilter ('l3s'). */
export type IpvlanMode = 'l2' | 'l3' | 'l3s';
/** How ipvlan devices on one parent reach each other. */
export type IpvlanFlags = 'bridge' | 'private' | 'vepa';

/** An ipvlan device on a parent (ip link add NAME link PARENT type ipvlan mode MODE [FLAGS]). */
export interface IpvlanSpec {
  /** 'ipvlan'. */
  kind: 'ipvlan';
  /** The lower device, by name or ifindex. */
  parent: LinkRef;
  /** The ipvlan mode; the kernel's default is 'l3'. */
  mode?: IpvlanMode;
  /** Default 'bridge'. */
  flags?: IpvlanFlags;
}

/** An ipvlan device's mode and flags (IFLA_IPVLAN_*). */
export interface IpvlanInfo {
  /** The mode (a number when it has no name here). */
  mode?: IpvlanMode | number;
  /** How devices on the parent reach each other (a number when it has no name here). */
  flags?: IpvlanFlags | number;
  /** Attributes without a name, by number. */
  raw?: Record<number, Buffer>;
}

declare module '../types/link' {
  interface LinkSpecByKind { ipvlan: IpvlanSpec }
  interface LinkInfoByKind { ipvlan: IpvlanInfo }
}

const fields: FieldTable<IpvlanInfo> = { [IPVLAN.MODE]: ['mode', named(u16, MODES)], [IPVLAN.FLAGS]: ['flags', named(u16, FLAGS)] };

defineKind<IpvlanSpec, IpvlanInfo>({
  kind: 'ipvlan',
  fields: { parent: required(linkRef), mode: oneOf(Object.values(MODES)), flags: oneOf(Object.values(FLAGS)) },
  linkRefs: parentRefs,
  encodeTop: encodeParent,
  encodeData(w, spec) {
    if (spec.mode === undefined && spec.flags === undefined) return;
    // iproute2 sends the flags word whenever it has options, 0 (bridge) by default.
    if (spec.mode !== undefined) w.attrU16(IPVLAN.MODE, MODE_VALUES[spec.mode]);
    w.attrU16(IPVLAN.FLAGS, spec.flags === undefined ? 0 : FLAG_VALUES[spec.flags]);
  },
  decodeData: (buf, start, end) => decodeFields(buf, start, end, fields),
});
