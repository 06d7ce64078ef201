// Bridge VLAN tables (bridge vlan): RTM_SETLINK/RTM_DELLINK with family AF_BRIDGE carrying
// IFLA_AF_SPEC > IFLA_BRIDGE_VLAN_INFO, and the RTM_GETLINK dump that lists them.
import { IFINFOMSG_LEN, IFLA } from '../uapi/if_link';
import { NLMSG_HDRLEN } from '../uapi/netlink';
import { AF_BRIDGE } from '../uapi/socket';
import { BRIDGE_VLAN_INFO, BRIDGE_VLAN_INFO_LEN, IFLA_BRIDGE, RTEXT_FILTER } from '../uapi/if_bridge';
import { readIfIndex, writeIfInfoFields } from './link-codec';
import { MalformedMessageError, forEachAttr, readString } from './reader';
import type { MessageWriter } from './writer';

export interface BridgeVlanMessage {
  ifindex: number;
  vid: number;
  /** The last VLAN id of a range; undefined for one VLAN. */
  vidEnd: number | undefined;
  /** BRIDGE_VLAN_INFO_PVID / _UNTAGGED. */
  flags: number;
  /** IFLA_BRIDGE_FLAGS (BRIDGE_FLAGS_MASTER / _SELF); 0 sends none. */
  bridgeFlags: number;
}

const RANGE = BRIDGE_VLAN_INFO.RANGE_BEGIN | BRIDGE_VLAN_INFO.RANGE_END;

/** struct bridge_vlan_info { u16 flags; u16 vid; } as one little-endian u32. */
function writeVlanInfo(w: MessageWriter, flags: number, vid: number): void {
  w.attrU32(IFLA_BRIDGE.VLAN_INFO, (flags | (vid << 16)) >>> 0);
}

/** The body of bridge vlan add (RTM_SETLINK) or del (RTM_DELLINK), as iproute2 orders it. */
export function writeBridgeVlanMessage(w: MessageWriter, m: BridgeVlanMessage): void {
  writeIfInfoFields(w, AF_BRIDGE, 0, m.ifindex, 0, 0);
  const spec = w.beginNested(IFLA.AF_SPEC);
  if (m.bridgeFlags !== 0) w.attrU16(IFLA_BRIDGE.FLAGS, m.bridgeFlags);
  if (m.vidEnd === undefined) {
    writeVlanInfo(w, m.flags, m.vid);
  } else {
    writeVlanInfo(w, m.flags | BRIDGE_VLAN_INFO.RANGE_BEGIN, m.vid);
    writeVlanInfo(w, m.flags | BRIDGE_VLAN_INFO.RANGE_END, m.vidEnd);
  }
  w.endNested(spec);
}

/**
 * The body of bridge vlan show's dump: every AF_BRIDGE link with its VLAN table, one VLAN per
 * entry (RTEXT_FILTER_BRVLAN; the compressed form, ranges, is decoded too).
 */
export function writeBridgeVlanDump(w: MessageWriter): void {
  writeIfInfoFields(w, AF_BRIDGE, 0, 0, 0, 0);
  w.attrU32(IFLA.EXT_MASK, RTEXT_FILTER.BRVLAN);
}

/** One device of the dump and its VLANs, before master indexes become names. */
export interface BridgeVlanTable {
  index: number;
  dev: string;
  master: number | undefined;
  /** [vid, flags] pairs, ranges expanded, range bits cleared. */
  vlans: Array<[number, number]>;
}

function readVlans(buf: Buffer, start: number, end: number, out: Array<[number, number]>): void {
  let rangeStart = -1;
  forEachAttr(buf, start, end, (t, p, l) => {
    if (t !== IFLA_BRIDGE.VLAN_INFO) return;
    if (l < BRIDGE_VLAN_INFO_LEN) throw new MalformedMessageError('short IFLA_BRIDGE_VLAN_INFO');
    const flags = buf.readUInt16LE(p);
    const vid = buf.readUInt16LE(p + 2);
    if (flags & BRIDGE_VLAN_INFO.RANGE_BEGIN) { rangeStart = vid; return; }
    const first = flags & BRIDGE_VLAN_INFO.RANGE_END && rangeStart >= 0 ? rangeStart : vid;
    for (let v = first; v <= vid; v++) out.push([v, flags & ~RANGE]);
    rangeStart = -1;
  });
}

/** Decodes one reply of the dump; undefined for a message that is not an AF_BRIDGE link. */
export function decodeBridgeVlanTable(buf: Buffer, off: number, len: number): BridgeVlanTable | undefined {
  const h = off + NLMSG_HDRLEN;
  const index = readIfIndex(buf, off, len);  // refuses a message too short for an ifinfomsg
  if (off + len > buf.length) throw new MalformedMessageError('message beyond the buffer');
  if (buf[h] !== AF_BRIDGE) return undefined;
  const table: BridgeVlanTable = { index, dev: '', master: undefined, vlans: [] };
  forEachAttr(buf, h + IFINFOMSG_LEN, off + len, (t, p, l) => {
    if (t === IFLA.IFNAME) table.dev = readString(buf, p, l);
    else if (t === IFLA.MASTER && l >= 4) table.master = buf.readUInt32LE(p);
    else if (t === IFLA.AF_SPEC) readVlans(buf, p, p + l, table.vlans);
  });
  return table;
}
