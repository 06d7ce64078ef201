// FDB entry specs (fdb.add/replace/delete) -> checked values: every field validated before any
// system call; the device name is left for the caller to resolve.
import type { LinkRef } from '../types/link';
import { NTF, NUD } from '../uapi/neighbour';
import { parseAddress, parseMac, type ParsedAddress } from './ip';
import { readMac } from '../codecs/reader';
import {
  Schema, bool, int, linkRef, oneOf, required,
} from './schema';
import type { FdbSpec, FdbState } from '../types/fdb';
import type { FdbMessage } from '../codecs/fdb-codec';

const STATES: readonly FdbState[] = ['permanent', 'static', 'dynamic'];

/**
 * As `bridge fdb add|replace|del` builds it (iproute2 bridge/fdb.c fdb_modify): NTF_SELF unless
 * master or self is given; state permanent = NUD_PERMANENT, static = NUD_REACHABLE, dynamic =
 * NUD_REACHABLE without NUD_NOARP; NUD_NOARP on all but dynamic entries.
 */
export const fdbSpecSchema = new Schema('fdb', {
  lladdr: required((v, name) => parseMac(v, name)), dev: required(linkRef), master: bool, self: bool, state: oneOf(STATES), vlan: int(1, 4094),
  dst: (v, name) => parseAddress(v, name), vni: int(0, 0xffffff), port: int(1, 65535), sticky: bool, externLearn: bool,
});

export function parseFdbSpec(input: FdbSpec): { dev: LinkRef; msg: Omit<FdbMessage, 'ifindex'>; lladdr: string } {
  const spec = fdbSpecSchema.parse(input, 'fdb');
  const lladdr = spec.lladdr as Buffer;  // lladdr and dst are parsed by the schema
  let flags = 0;
  if (spec.master === true) flags |= NTF.MASTER;
  if (spec.self === true) flags |= NTF.SELF;
  if (!(flags & (NTF.MASTER | NTF.SELF))) flags |= NTF.SELF;
  if (spec.sticky === true) flags |= NTF.STICKY;
  if (spec.externLearn === true) flags |= NTF.EXT_LEARNED;
  const stateName = (spec.state as FdbState | undefined) ?? 'permanent';
  let state = stateName === 'permanent' ? NUD.permanent : NUD.reachable;
  if (stateName !== 'dynamic') state |= NUD.noarp;
  const msg: Omit<FdbMessage, 'ifindex'> = { state, flags, lladdr, dst: undefined, vlan: undefined, port: undefined, vni: undefined };
  if (spec.dst !== undefined) msg.dst = spec.dst as ParsedAddress;
  if (spec.vlan !== undefined) msg.vlan = spec.vlan as number;
  if (spec.port !== undefined) msg.port = spec.port as number;
  if (spec.vni !== undefined) msg.vni = spec.vni as number;
  return { dev: spec.dev as LinkRef, msg, lladdr: readMac(lladdr, 0, lladdr.length) };
}

/** ndmsg (AF_BRIDGE) then NDA_LLADDR, NDA_DST, NDA_VLAN, NDA_PORT (network order), NDA_VNI. */

export const fdbFilterSchema = new Schema('fdb.list filter', { dev: linkRef, master: linkRef });
