// vrf: an L3 master device bound to a routing table. IFLA_VRF_TABLE.
import { defineKind } from './registry';
import { int, required } from '../specs/schema';
import { decodeFields, u32, type FieldTable } from './decode';

const IFLA_VRF_TABLE = 1;

/** A VRF device bound to a routing table (ip link add NAME type vrf table T). */
export interface VrfSpec {
  kind: 'vrf';
  /** The routing table the VRF uses. */
  table: number;
}
/** A VRF device's settings (IFLA_VRF_*). */
export interface VrfInfo {
  /** The routing table the VRF uses. */
  table?: number;
  /** Attributes without a name, by number. */
  raw?: Record<number, Buffer>;
}

declare module '../types/link' {
  interface LinkSpecByKind { vrf: VrfSpec }
  interface LinkInfoByKind { vrf: VrfInfo }
}

const fields: FieldTable<VrfInfo> = { [IFLA_VRF_TABLE]: ['table', u32] };

defineKind<VrfSpec, VrfInfo>({
  kind: 'vrf',
  fields: { table: required(int(1, 0xffffffff)) },
  encodeData: (w, spec) => { w.attrU32(IFLA_VRF_TABLE, spec.table); },
  decodeData: (buf, start, end) => decodeFields(buf, start, end, fields),
});
