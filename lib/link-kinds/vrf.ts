// vrf: an L3 master device bound to a routing table. IFLA_VRF_TABLE.
import { defineKind } from './registry';
import { int, required } from '../specs/schema';
import { decodeFields, u32, type FieldTable } from './decode';

const IFLA_VRF_TABLE = 1;

export interface VrfSpec { kind: 'vrf'; table: number }
export interface VrfInfo { table?: number; raw?: Record<number, Buffer> }

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
