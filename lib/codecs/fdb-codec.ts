// Bridge forwarding database entries (bridge fdb): ndmsg with family AF_BRIDGE, keyed by MAC.
import { NDA, NDMSG_LEN, NUD } from '../uapi/neighbour';
import { NLMSG_HDRLEN } from '../uapi/netlink';
import { AF_BRIDGE } from '../uapi/socket';
import { ntfNames, writeNdmsg } from './neigh-codec';
import { MalformedMessageError, readIp, readMac, readRaw, forEachAttr } from './reader';
import type { MessageWriter } from './writer';
import { type ParsedAddress } from '../specs/ip';
import type { FdbEntry } from '../types/fdb';

export interface FdbMessage {
  ifindex: number; state: number; flags: number; lladdr: Buffer;
  dst?: ParsedAddress; vlan?: number; port?: number; vni?: number;
}

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
