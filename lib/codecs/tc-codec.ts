// struct tcmsg and the TCA_* attributes every qdisc/class message has: the header writer, and the
// decoding of a listed qdisc or class (kind options by the kind's decoder, TCA_STATS2 statistics).
import { NLMSG_HDRLEN } from '../uapi/netlink';
import { AF_UNSPEC } from '../uapi/socket';
import { TCA, TCMSG_LEN } from '../uapi/rtnetlink';
import { TCA_STATS } from '../uapi/gen_stats';
import { MalformedMessageError, forEachAttr, readRaw, readString, readU64Number } from './reader';
import type { MessageWriter } from './writer';
import type { TcKind } from '../tc-kinds';
import type { TcStats } from '../types/tc';

export interface Tcmsg { ifindex: number; handle: number; parent: number; info?: number }

export function writeTcmsg(w: MessageWriter, m: Tcmsg): void {
  w.u8(AF_UNSPEC).u8(0).u16(0).i32(m.ifindex).u32(m.handle).u32(m.parent).u32(m.info ?? 0);
}

/** A qdisc or class message, decoded; handles as numbers (the collections format them). */
export interface DecodedTc {
  ifindex: number; handle: number; parent: number; info: number; kind: string;
  options: Record<string, unknown>; stats: TcStats;
}

export function decodeStats2(buf: Buffer, start: number, end: number, stats: TcStats): void {
  forEachAttr(buf, start, end, (t, p, l) => {
    if (t === TCA_STATS.BASIC && l >= 12) {
      stats.bytes = readU64Number(buf, p, 8);
      stats.packets = buf.readUInt32LE(p + 8);
    } else if (t === TCA_STATS.PKT64 && l >= 8) {
      stats.packets = readU64Number(buf, p, l);
    } else if (t === TCA_STATS.QUEUE && l >= 20) {
      stats.qlen = buf.readUInt32LE(p);
      stats.backlog = buf.readUInt32LE(p + 4);
      stats.drops = buf.readUInt32LE(p + 8);
      stats.requeues = buf.readUInt32LE(p + 12);
      stats.overlimits = buf.readUInt32LE(p + 16);
    } else if (t === TCA_STATS.RATE_EST && l >= 8 && stats.rateEstimate === undefined) {
      stats.rateEstimate = { bps: buf.readUInt32LE(p), pps: buf.readUInt32LE(p + 4) };
    } else if (t === TCA_STATS.RATE_EST64 && l >= 16) {
      stats.rateEstimate = { bps: readU64Number(buf, p, 8), pps: readU64Number(buf, p + 8, 8) };
    }
  });
}

/** One RTM_NEWQDISC/RTM_NEWTCLASS; kinds gives the option decoders. */
export function decodeTc(buf: Buffer, off: number, len: number, kinds: ReadonlyMap<string, TcKind>): DecodedTc {
  if (len < NLMSG_HDRLEN + TCMSG_LEN || off + len > buf.length) throw new MalformedMessageError('short tcmsg');
  const h = off + NLMSG_HDRLEN;
  const out: DecodedTc = {
    ifindex: buf.readInt32LE(h + 4), handle: buf.readUInt32LE(h + 8), parent: buf.readUInt32LE(h + 12),
    info: buf.readUInt32LE(h + 16), kind: '', options: {},
    stats: { bytes: 0, packets: 0, drops: 0, overlimits: 0, requeues: 0, backlog: 0, qlen: 0 },
  };
  let options: [number, number] | undefined;
  forEachAttr(buf, h + TCMSG_LEN, off + len, (t, p, l) => {
    if (t === TCA.KIND) out.kind = readString(buf, p, l);
    else if (t === TCA.OPTIONS) options = [p, l];
    else if (t === TCA.STATS2) decodeStats2(buf, p, p + l, out.stats);
  });
  if (options) {
    const kind = kinds.get(out.kind);
    if (kind?.decode) out.options = kind.decode(buf, options[0], options[1]);
    else if (options[1] > 0) out.options = { raw: readRaw(buf, options[0], options[1]) };
  }
  return out;
}
