// macvlan: a MAC-addressed child of a parent device. IFLA_MACVLAN_* (linux/if_link.h).
import type { LinkRef } from '../types/link';
import { defineKind } from './registry';
import { linkRef, oneOf, required } from '../specs/schema';
import { decodeFields, invert, named, u16, u32, type FieldTable } from './decode';
import { encodeParent, parentRefs } from './parent';

const MACVLAN = { MODE: 1, FLAGS: 2, MACADDR_COUNT: 6, BC_QUEUE_LEN: 7, BC_QUEUE_LEN_USED: 8 } as const;
const MODES: Record<number, MacvlanMode> = { 1: 'private', 2: 'vepa', 4: 'bridge', 8: 'passthru', 16: 'source' };
const MODE_VALUES = invert(MODES);

/** How macvlan devices on one parent reach each other (MACVLAN_MODE_*). */
export type MacvlanMode = 'private' | 'vepa' | 'bridge' | 'passthru' | 'source';

/** A macvlan device on a parent (ip link add NAME link PARENT type macvlan mode MODE). */
export interface MacvlanSpec {
  /** 'macvlan'. */
  kind: 'macvlan';
  /** The lower device, by name or ifindex. */
  parent: LinkRef;
  /** The kernel's default is 'vepa'. */
  mode?: MacvlanMode;
}

/** A macvlan device's settings (IFLA_MACVLAN_*): mode, flags and the source-mode and broadcast queue figures. */
export interface MacvlanInfo {
  /** The mode (a number when it has no name here). */
  mode?: MacvlanMode | number;
  /** MACVLAN_FLAG_* bits (nopromisc, nodst). */
  flags?: number;
  /** Source MACs allowed, in source mode. */
  macaddrCount?: number;
  /** Broadcast/multicast queue length requested, packets. */
  bcQueueLen?: number;
  /** Broadcast/multicast queue length in use, packets. */
  bcQueueLenUsed?: number;
  /** Attributes without a name, by number. */
  raw?: Record<number, Buffer>;
}

declare module '../types/link' {
  interface LinkSpecByKind { macvlan: MacvlanSpec }
  interface LinkInfoByKind { macvlan: MacvlanInfo }
}

const fields: FieldTable<MacvlanInfo> = {
  [MACVLAN.MODE]: ['mode', named(u32, MODES)], [MACVLAN.FLAGS]: ['flags', u16],
  [MACVLAN.MACADDR_COUNT]: ['macaddrCount', u32], [MACVLAN.BC_QUEUE_LEN]: ['bcQueueLen', u32],
  [MACVLAN.BC_QUEUE_LEN_USED]: ['bcQueueLenUsed', u32],
};

defineKind<MacvlanSpec, MacvlanInfo>({
  kind: 'macvlan',
  fields: { parent: required(linkRef), mode: oneOf(Object.values(MODES)) },
  linkRefs: parentRefs,
  encodeTop: encodeParent,
  encodeData(w, spec) {
    if (spec.mode !== undefined) w.attrU32(MACVLAN.MODE, MODE_VALUES[spec.mode]);
  },
  decodeData: (buf, start, end) => decodeFields(buf, start, end, fields),
});
