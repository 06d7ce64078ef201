// Bridge forwarding database entries (bridge fdb): ndmsg with family AF_BRIDGE, keyed by MAC.
import type { LinkRef } from '../types/link';
import { NDA, NDMSG_LEN, NTF, NUD } from '../uapi/neighbour';
import { NLMSG_HDRLEN } from '../uapi/netlink';
import { AF_BRIDGE } from '../uapi/socket';
import { ntfNames, writeNdmsg } from './neigh-codec';
import { MalformedMessageError, readIp, readMac, readRaw, forEachAttr } from './reader';
import type { MessageWriter } from './writer';
import { parseAddress, parseMac, type ParsedAddress } from '../specs/ip';
import { Schema, address, bool, int, linkRef, mac, oneOf, required } from '../specs/schema';
import type { FdbEntry, FdbSpec, FdbState } from '../types/fdb';

export interface FdbMessage {
  ifindex: number; state: number; flags: number; lladdr: Buffer;
  dst?: ParsedAddress; vlan?: number; port?: number; vni?: number;
}

const STATES: readonly FdbState[] = ['permanent', 'static', 'dynamic'];

/**
 * As `bridge fdb add|replace|del` builds it (iproute2 bridge/fdb.c fdb_modify): NTF_SELF unless
 * master or self is given; state permanent = NUD_PERMANENT, static = NUD_REACHABLE, dynamic =
 * NUD_REACHABLE without NUD_NOARP; NUD_NOARP on all but dynamic entries.
 */
export const fdbSpecSchema = new Schema('fdb', {
  lladdr: required(mac), dev: required(linkRef), master: bool, self: bool, state: oneOf(STATES), vlan: int(1, 4094),
  dst: address(), vni: int(0, 0xffffff), port: int(1, 65535), sticky: bool, externLearn: bool,
});

export function parseFdbSpec(input: FdbSpec): { dev: LinkRef; msg: Omit<FdbMessage, 'ifindex'>; lladdr: string } {
  const spec = fdbSpecSchema.parse(input, 'fdb');
  const lladdr = parseMac(spec.lladdr, 'fdb.lladdr');
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
  if (spec.dst !== undefined) msg.dst = parseAddress(spec.dst, 'fdb.dst');
  if (spec.vlan !== undefined) msg.vlan = spec.vlan as number;
  if (spec.port !== undefined) msg.port = spec.port as number;
  if (spec.vni !== undefined) msg.vni = spec.vni as number;
  return { dev: spec.dev as LinkRef, msg, lladdr: spec.lladdr as string };
}

/** ndmsg (AF_BRIDGE) then NDA_LLADDR, NDA_DST, NDA_VLAN, NDA_PORT (network order), NDA_VNI. */
export function writeFdbMessage(w: MessageWriter, m: FdbMessage): void {
  writeNdmsg(w, AF_BRIDGE, m.ifindex, m.state, m.flags);
  w.attrBytes(NDA.LLADDR, m.lladdr);
  if (m.dst) w.attrBytes(NDA.DST, m.dst.bytes);
  if (m.vlan !== undefined) w.attrU16(NDA.VLAN, m.vlan);
  if (m.port !== undefined) w.attrU16BE(NDA.PORT, m.port);
  if (m.vni !== undefined) w.attrU32(NDA.VNI, m.vni);
}

export function decodeFdb(buf: Buffer, off: number, len: number, names?: ReadonlyMap<number, string>): FdbEntry | undefined {
  if (len < NLMSG_HDRLEN + NDMSG_LEN || off + len > buf.length) throw new MalformedMessageError('short ndmsg');
  const h = off + NLMSG_HDRLEN;
  if (buf[h] !== AF_BRIDGE) return undefined;
  const ifindex = buf.readInt32LE(h + 4);
  const state = buf.readUInt16LE(h + 8);
  const e: Record<string, unknown> = {
    lladdr: '', ifindex,
    state: state & NUD.permanent ? 'permanent' : state & NUD.noarp ? 'static' : 'dynamic',
    flags: ntfNames(buf[h + 10]),
  };
  const dev = names?.get(ifindex);
  if (dev !== undefined) e.dev = dev;
  const raw: Record<number, Buffer> = {};
  forEachAttr(buf, h + NDMSG_LEN, off + len, (t, p, l) => {
    switch (t) {
      case NDA.LLADDR: e.lladdr = readMac(buf, p, l); break;
      case NDA.DST: e.dst = readIp(buf, p, l); break;
      case NDA.VLAN: if (l >= 2) e.vlan = buf.readUInt16LE(p); break;
      case NDA.PORT: if (l >= 2) e.port = buf.readUInt16BE(p); break;
      case NDA.VNI: if (l >= 4) e.vni = buf.readUInt32LE(p); break;
      case NDA.MASTER: if (l >= 4) { const m = buf.readUInt32LE(p); e.master = names?.get(m) ?? m; } break;
      case NDA.CACHEINFO: break;
      default: raw[t] = readRaw(buf, p, l);
    }
  });
  e.raw = raw;
  return e as unknown as FdbEntry;
}
