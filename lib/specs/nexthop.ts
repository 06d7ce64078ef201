// Nexthop specs (nexthops.add/replace) -> checked values: every field validated before any system
// call; the device name is left for the caller to resolve.
import type { LinkRef } from '../types/link';
import { RTNH_F } from '../uapi/rtnetlink';
import { AF_INET, AF_UNSPEC } from '../uapi/socket';
import { afOf, ofFamily, parseAddress, type Family, type ParsedAddress } from './ip';
import { invalidArgValue } from '../errors';
import { parseProtocol } from '../codecs/iproute2-names';
import {
  MAX_ATTR_PAYLOAD, Schema, arrayOf, bool, family, int, linkRef, nested, oneOf, required, type Checked,
} from './schema';
import type { NexthopGroupType, NexthopSpec } from '../types/nexthop';
import type { ParsedNexthop } from '../codecs/nexthop-codec';
import { GROUP_TYPES } from '../uapi/nexthop';

const memberSchema = new Schema('nexthop.group[]', { id: required(int(1, 0xffffffff)), weight: int(1, 256) });

export const nexthopSpecSchema = new Schema('nexthop', {
  id: required(int(1, 0xffffffff)), via: (v, name) => parseAddress(v, name), dev: linkRef, blackhole: bool,
  // struct nexthop_grp is 8 bytes: NHA_GROUP holds at most this many.
  group: arrayOf(nested(memberSchema), { min: 1, max: Math.floor(MAX_ATTR_PAYLOAD / 8), what: '{ id, weight? }' }),
  groupType: oneOf(GROUP_TYPES), onlink: bool, family, protocol: (v, name) => parseProtocol(v, name), fdb: bool,
});

export function parseNexthopSpec(input: NexthopSpec): ParsedNexthop {
  const spec = nexthopSpecSchema.parse(input, 'nexthop');
  const fam = spec.family as Family | undefined;
  // Every optional key own: nothing is read from a polluted Object.prototype when encoding.
  const out: ParsedNexthop = {
    af: fam === undefined ? AF_UNSPEC : afOf(fam), protocol: 0, flags: 0, id: spec.id as number, blackhole: spec.blackhole === true,
    fdb: spec.fdb === true, gateway: undefined, dev: undefined, group: undefined, groupType: undefined,
  };
  if (spec.via !== undefined) {
    out.gateway = ofFamily(spec.via as ParsedAddress, fam, 'nexthop.via')!;  // parsed by the schema
    out.af = out.gateway.af;
  }
  if (spec.dev !== undefined) out.dev = spec.dev as LinkRef;
  if (spec.onlink === true) out.flags |= RTNH_F.ONLINK;
  if (spec.protocol !== undefined) out.protocol = spec.protocol as number;
  if (spec.group !== undefined) {
    out.group = (spec.group as Checked[]).map((m) => ({ id: m.id as number, weight: (m.weight as number | undefined) ?? 1 }));
    if (out.gateway || out.dev !== undefined || out.blackhole) throw invalidArgValue('nexthop.group', spec.group, 'cannot be combined with via, dev or blackhole');
    out.af = AF_UNSPEC;  // groups have no family of their own
    if (spec.groupType !== undefined) out.groupType = GROUP_TYPES.indexOf(spec.groupType as NexthopGroupType);
  } else if (spec.groupType !== undefined) throw invalidArgValue('nexthop.groupType', spec.groupType, 'needs a group');
  if (out.blackhole && (out.gateway || out.dev !== undefined)) throw invalidArgValue('nexthop.blackhole', true, 'cannot be combined with via or dev');
  if (!out.blackhole && !out.group && !out.gateway && out.dev === undefined) {
    throw invalidArgValue('nexthop', input, 'needs via, dev, blackhole or group');
  }
  // The kernel wants a family on every single next hop; iproute2 uses IPv4 unless told otherwise.
  if (!out.group && out.af === AF_UNSPEC) out.af = AF_INET;
  return out;
}

/**
 * nhmsg and attributes in iproute2's order: NHA_ID, NHA_GROUP (+ NHA_GROUP_TYPE when not mpath),
 * NHA_BLACKHOLE, NHA_GATEWAY, NHA_OIF, NHA_FDB. Group weights go on the wire as weight - 1.
 */

export const nexthopFilterSchema = new Schema('nexthops.list filter', { dev: linkRef, groups: bool });
