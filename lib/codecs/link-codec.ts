// struct ifinfomsg + IFLA_* attributes <-> typed Link objects.
import { IFF } from '../uapi/if';
import { IFINFOMSG_LEN, IFLA, IFLA_INFO } from '../uapi/if_link';
import { AF_UNSPEC } from '../uapi/socket';
import { OPER_STATES, STATS64_FIELDS } from './link-attr-names';
import { ipFlagNames } from './link-flags';
import { decodeBridgePort } from './bridge-port';
import {
  MalformedMessageError, forEachAttr, readI32, readMac, readRaw, readString, readU32, readU64Number, readU8,
} from './reader';
import type { MessageWriter } from './writer';
import { findKind } from '../link-kinds/registry';
import type { Link, LinkStats } from '../types/link';
import type { BridgePort } from '../types/bridge-port';

export interface IfInfoHeader {
  family?: number;
  type?: number;
  index?: number;
  flags?: number;
  change?: number;
}

const NO_HEADER: IfInfoHeader = Object.freeze(Object.create(null) as IfInfoHeader);

// Own properties only: a polluted Object.prototype.index must not address another link.
const ownField = (h: IfInfoHeader, k: keyof IfInfoHeader): number => (Object.hasOwn(h, k) ? h[k] ?? 0 : 0);

export function writeIfInfo(w: MessageWriter, h: IfInfoHeader = NO_HEADER): void {
  writeIfInfoFields(w, ownField(h, 'family'), ownField(h, 'type'), ownField(h, 'index'), ownField(h, 'flags'), ownField(h, 'change'));
}

/** struct ifinfomsg from its fields (family 0 is AF_UNSPEC): for requests built per call, with no header object. */
export function writeIfInfoFields(w: MessageWriter, family: number, type: number, index: number, flags: number, change: number): void {
  w.u8(family || AF_UNSPEC).u8(0).u16(type).i32(index).u32(flags).u32(change);
}

const u64At = (b: Buffer, o: number): number => b.readUInt32LE(o + 4) * 0x100000000 + b.readUInt32LE(o);

/**
 * struct rtnl_link_stats64. A literal of fixed shape: decoding runs for every link read (each
 * links.set reads its link back), and an object grown key by key is several times slower.
 */
function decodeStats64(b: Buffer, o: number, len: number): LinkStats {
  if (len < STATS64_FIELDS.length * 8) return decodeShortStats64(b, o, len);
  return {
    rxPackets: u64At(b, o), txPackets: u64At(b, o + 8), rxBytes: u64At(b, o + 16), txBytes: u64At(b, o + 24),
    rxErrors: u64At(b, o + 32), txErrors: u64At(b, o + 40), rxDropped: u64At(b, o + 48), txDropped: u64At(b, o + 56),
    multicast: u64At(b, o + 64), collisions: u64At(b, o + 72), rxLengthErrors: u64At(b, o + 80),
    rxOverErrors: u64At(b, o + 88), rxCrcErrors: u64At(b, o + 96), rxFrameErrors: u64At(b, o + 104),
    rxFifoErrors: u64At(b, o + 112), rxMissedErrors: u64At(b, o + 120), txAbortedErrors: u64At(b, o + 128),
    txCarrierErrors: u64At(b, o + 136), txFifoErrors: u64At(b, o + 144), txHeartbeatErrors: u64At(b, o + 152),
    txWindowErrors: u64At(b, o + 160), rxCompressed: u64At(b, o + 168), txCompressed: u64At(b, o + 176),
    rxNohandler: u64At(b, o + 184), rxOtherhostDropped: u64At(b, o + 192),
  };
}

/** Older kernels send fewer fields: only those that are there. */
function decodeShortStats64(buf: Buffer, off: number, len: number): LinkStats {
  const stats: Record<string, number> = {};
  for (let i = 0; i < STATS64_FIELDS.length; i++) {
    if ((i + 1) * 8 > len) break;
    stats[STATS64_FIELDS[i]] = readU64Number(buf, off + i * 8, 8);
  }
  return stats as LinkStats;
}

interface LinkInfo { kind?: string; info: Record<string, unknown>; portKind?: string; portInfo?: Readonly<Record<string, unknown>> | BridgePort }

function decodeLinkInfo(buf: Buffer, off: number, len: number): LinkInfo {
  // Every key own: the reads below must not find a polluted Object.prototype's kind.
  const out: LinkInfo = { kind: undefined, info: {}, portKind: undefined, portInfo: undefined };
  let data: [number, number] | undefined;
  let portData: [number, number] | undefined;
  forEachAttr(buf, off, off + len, (type, aoff, alen) => {
    if (type === IFLA_INFO.KIND) out.kind = readString(buf, aoff, alen);
    else if (type === IFLA_INFO.DATA) data = [aoff, alen];
    else if (type === IFLA_INFO.SLAVE_KIND) out.portKind = readString(buf, aoff, alen);
    else if (type === IFLA_INFO.SLAVE_DATA) portData = [aoff, alen];
  });
  if (data) out.info = decodeKindData(out.kind, buf, data[0], data[1]);
  if (portData) {
    out.portInfo = out.portKind === 'bridge'
      ? decodeBridgePort(buf, portData[0], portData[0] + portData[1])
      : decodeKindData(out.portKind ? `${out.portKind}:port` : undefined, buf, portData[0], portData[1]);
  }
  return out;
}

function decodeKindData(kind: string | undefined, buf: Buffer, off: number, len: number): Record<string, unknown> {
  const codec = kind ? findKind(kind) : undefined;
  if (codec?.decodeData) return codec.decodeData(buf, off, off + len);
  // Unknown kind: keep every attribute raw, by number.
  const raw: Record<number, Buffer> = {};
  forEachAttr(buf, off, off + len, (type, aoff, alen) => { raw[type] = readRaw(buf, aoff, alen); });
  return { raw };
}

/**
 * ifinfomsg.ifi_index of the link message at buf[off, off + len): the one reader of it, for
 * decodeLink and for lookups that need no more of the link.
 */
export function readIfIndex(buf: Buffer, off: number, len: number): number {
  if (len < 16 + IFINFOMSG_LEN) throw new MalformedMessageError('short ifinfomsg');
  return buf.readInt32LE(off + 16 + 4);
}

/** ifinfomsg.ifi_flags of the link message at buf[off, off + len) (for M-DOWN: link-flags.ts). */
export function readIfFlags(buf: Buffer, off: number, len: number): number {
  if (len < 16 + IFINFOMSG_LEN) throw new MalformedMessageError('short ifinfomsg');
  return buf.readUInt32LE(off + 16 + 8);
}

/** Decodes one RTM_NEWLINK message at buf[off, off + len). */
export function decodeLink(buf: Buffer, off: number, len: number): Link {
  const index = readIfIndex(buf, off, len);
  if (off + len > buf.length) throw new MalformedMessageError('link message runs past the buffer');
  // One copy of the message; attributes kept raw are views of it, not one copy each.
  buf = Buffer.from(buf.subarray(off, off + len));
  off = 0;
  const body = 16;
  const linkType = buf.readUInt16LE(body + 2);
  const flagsValue = buf.readUInt32LE(body + 8);
  const link: Record<string, unknown> = {
    index, name: '', mtu: 0, up: (flagsValue & IFF.UP) !== 0, operState: 'unknown',
    linkType, flags: ipFlagNames(flagsValue), flagsValue, info: {},
  };
  const raw: Record<number, Buffer> = {};
  let linkAttr: number | undefined;
  forEachAttr(buf, body + IFINFOMSG_LEN, off + len, (type, a, l) => {
    switch (type) {
      case IFLA.IFNAME: link.name = readString(buf, a, l); break;
      case IFLA.MTU: link.mtu = readU32(buf, a, l); break;
      case IFLA.ADDRESS: link.address = readMac(buf, a, l); break;
      case IFLA.BROADCAST: link.broadcast = readMac(buf, a, l); break;
      case IFLA.PERM_ADDRESS: link.permAddress = readMac(buf, a, l); break;
      case IFLA.MASTER: link.master = readU32(buf, a, l); break;
      case IFLA.LINK: linkAttr = readU32(buf, a, l); break;
      case IFLA.LINK_NETNSID: link.namespaceId = readI32(buf, a, l); break;
      case IFLA.IFALIAS: link.alias = readString(buf, a, l); break;
      case IFLA.TXQLEN: link.txqueuelen = readU32(buf, a, l); break;
      case IFLA.MIN_MTU: link.minMtu = readU32(buf, a, l); break;
      case IFLA.MAX_MTU: link.maxMtu = readU32(buf, a, l); break;
      case IFLA.GROUP: link.group = readU32(buf, a, l); break;
      case IFLA.PROMISCUITY: link.promiscuity = readU32(buf, a, l); break;
      case IFLA.NUM_TX_QUEUES: link.numTxQueues = readU32(buf, a, l); break;
      case IFLA.NUM_RX_QUEUES: link.numRxQueues = readU32(buf, a, l); break;
      case IFLA.CARRIER: link.carrier = readU8(buf, a, l) !== 0; break;
      case IFLA.CARRIER_CHANGES: link.carrierChanges = readU32(buf, a, l); break;
      case IFLA.QDISC: link.qdisc = readString(buf, a, l); break;
      case IFLA.OPERSTATE: link.operState = OPER_STATES[readU8(buf, a, l)] ?? 'unknown'; break;
      case IFLA.STATS64: link.stats = decodeStats64(buf, a, l); break;
      case IFLA.STATS: break;  // the 32-bit copy of STATS64
      case IFLA.LINKINFO: {
        const li = decodeLinkInfo(buf, a, l);
        if (li.kind !== undefined) link.kind = li.kind;
        link.info = li.info;
        if (li.portKind !== undefined) link.portKind = li.portKind;
        if (li.portInfo !== undefined) link.portInfo = li.portInfo;
        if (li.portKind === 'bridge' && li.portInfo !== undefined) link.port = li.portInfo;
        break;
      }
      default: raw[type] = buf.subarray(a, a + l);
    }
  });
  // IFLA_LINK equal to the link's own index, in its own namespace, carries no information (ip hides it too).
  // Own properties only: a polluted Object.prototype.kind or namespaceId must not show through.
  if (linkAttr !== undefined && linkAttr !== 0 && (linkAttr !== index || Object.hasOwn(link, 'namespaceId'))) {
    link.parent = linkAttr;
    if (Object.hasOwn(link, 'kind') && link.kind === 'veth') link.peerIndex = linkAttr;
  }
  link.raw = raw;
  return link as unknown as Link;
}
