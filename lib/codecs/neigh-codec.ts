// struct ndmsg + NDA_* attributes (linux/neighbour.h) <-> typed Neighbor objects (ARP and NDP).
import { NDMSG_LEN, NDA, NUD, NTF } from '../uapi/neighbour';
import { NLMSG_HDRLEN } from '../uapi/netlink';
import { AF_INET, AF_INET6 } from '../uapi/socket';
import { MalformedMessageError, readIp, readMac, readRaw, forEachAttr } from './reader';
import type { MessageWriter } from './writer';
import type { Neighbor } from '../types/neighbor';

const NTF_NAMES: ReadonlyArray<[number, string]> = [
  [NTF.USE, 'use'], [NTF.SELF, 'self'], [NTF.MASTER, 'master'], [NTF.PROXY, 'proxy'],
  [NTF.EXT_LEARNED, 'extern_learn'], [NTF.OFFLOADED, 'offload'], [NTF.STICKY, 'sticky'], [NTF.ROUTER, 'router'],
];

export interface NdMessage {
  af: number; ifindex: number; state: number; flags: number; type?: number;
  dst?: Buffer; lladdr?: Buffer;
}

export function writeNdmsg(w: MessageWriter, af: number, ifindex: number, state: number, flags: number, type = 0): void {
  w.u8(af).u8(0).u16(0).i32(ifindex).u16(state).u8(flags).u8(type);
}

export function writeNeighborMessage(w: MessageWriter, m: NdMessage): void {
  writeNdmsg(w, m.af, m.ifindex, m.state, m.flags, m.type);
  if (m.dst) w.attrBytes(NDA.DST, m.dst);
  if (m.lladdr) w.attrBytes(NDA.LLADDR, m.lladdr);
}

export function stateName(state: number): string {
  if (state === 0) return 'none';
  const names: string[] = [];
  for (const [name, bit] of Object.entries(NUD)) if (bit !== 0 && state & bit) names.push(name);
  return names.join('|');
}

export function ntfNames(flags: number): string[] {
  const out: string[] = [];
  for (const [bit, name] of NTF_NAMES) if (flags & bit) out.push(name);
  return out;
}

/** Decodes one RTM_NEWNEIGH of the IPv4/IPv6 tables; undefined for other families. */
export function decodeNeighbor(buf: Buffer, off: number, len: number, names?: ReadonlyMap<number, string>): Neighbor | undefined {
  if (len < NLMSG_HDRLEN + NDMSG_LEN || off + len > buf.length) throw new MalformedMessageError('short ndmsg');
  const h = off + NLMSG_HDRLEN;
  const af = buf[h];
  if (af !== AF_INET && af !== AF_INET6) return undefined;
  const ifindex = buf.readInt32LE(h + 4);
  const state = buf.readUInt16LE(h + 8);
  const flags = buf[h + 10];
  const n: Record<string, unknown> = {
    family: af === AF_INET ? 4 : 6, address: '', ifindex, state: stateName(state),
    proxy: (flags & NTF.PROXY) !== 0, router: (flags & NTF.ROUTER) !== 0, flags: ntfNames(flags),
  };
  const dev = names?.get(ifindex);
  if (dev !== undefined) n.dev = dev;
  const raw: Record<number, Buffer> = {};
  forEachAttr(buf, h + NDMSG_LEN, off + len, (t, p, l) => {
    switch (t) {
      case NDA.DST: n.address = readIp(buf, p, l); break;
      case NDA.LLADDR: n.lladdr = readMac(buf, p, l); break;
      case NDA.PROBES: if (l >= 4) n.probes = buf.readUInt32LE(p); break;
      case NDA.CACHEINFO: break;  // ages in jiffies: ip -s shows them; not part of the entry
      default: raw[t] = readRaw(buf, p, l);
    }
  });
  n.raw = raw;
  return n as unknown as Neighbor;
}
