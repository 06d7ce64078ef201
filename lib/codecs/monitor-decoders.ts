// Which decoder turns each rtnetlink notification into a typed object, for ns.monitor(): the same
// objects list() returns, devices named from the monitor's link cache (names, when it has one).
import { NETNSA_NSID } from '../uapi/net_namespace';
import { RTM } from '../uapi/rtnetlink';
import { AF_BRIDGE } from '../uapi/socket';
import { decodeAddress } from './addr-codec';
import { decodeFdb } from './fdb-codec';
import { decodeLink } from './link-codec';
import { decodeNeighbor } from './neigh-codec';
import { decodeNexthop } from './nexthop-codec';
import { decodeRoute } from './route-codec';
import { decodeRule } from './rule-codec';
import { forEachAttr, readI32 } from './reader';
import type { MonitorObject, MonitorValues } from '../types/monitor';

/** ifindex -> device name, as the monitor knows them now. */
export type LinkNames = ReadonlyMap<number, string> | undefined;

/** An event's object and value, before its type is added. */
export type Decoded = { [O in MonitorObject]: { object: O; value: MonitorValues[O] } }[MonitorObject];

export interface EventDecoder {
  type: 'new' | 'delete';
  /** undefined: a message of no interest (e.g. a family the collections do not show). */
  decode(buf: Buffer, offset: number, length: number, names: LinkNames): Decoded | undefined;
}

/** A decoder for one object kind; a value of undefined drops the event. */
function of<O extends MonitorObject>(
  object: O, type: 'new' | 'delete', decode: (buf: Buffer, off: number, len: number, names: LinkNames) => MonitorValues[O] | undefined,
): EventDecoder {
  return {
    type,
    decode: (buf, off, len, names) => {
      const value = decode(buf, off, len, names);
      return value === undefined ? undefined : { object, value } as Decoded;
    },
  };
}

/** RTM_NEWNSID/DELNSID: { nsid } (struct rtgenmsg padded to 4 bytes, then NETNSA_*). */
function decodeNsidEvent(buf: Buffer, off: number, len: number): { nsid: number } | undefined {
  let nsid: number | undefined;
  forEachAttr(buf, off + 20, off + len, (type, a, l) => { if (type === NETNSA_NSID) nsid = readI32(buf, a, l); });
  return nsid === undefined ? undefined : { nsid };
}

/** As addresses.list() names an address's link: by name, else the index as text. */
function decodeNamedAddress(buf: Buffer, off: number, len: number, names: LinkNames): MonitorValues['address'] | undefined {
  const a = decodeAddress(buf, off, len);
  return a && { ...a, link: names?.get(a.index) ?? String(a.index) };
}

/** Neighbour messages of family AF_BRIDGE are bridge fdb entries. */
const neighborOrFdb = (type: 'new' | 'delete'): EventDecoder => ({
  type,
  decode: (buf, off, len, names) => {
    if (buf[off + 16] === AF_BRIDGE) {
      const value = decodeFdb(buf, off, len, names);
      return value && { object: 'fdb', value };
    }
    const value = decodeNeighbor(buf, off, len, names);
    return value && { object: 'neighbor', value };
  },
});

export const eventDecoders = new Map<number, EventDecoder>([
  [RTM.NEWLINK, of('link', 'new', decodeLink)],
  [RTM.DELLINK, of('link', 'delete', decodeLink)],
  [RTM.NEWADDR, of('address', 'new', decodeNamedAddress)],
  [RTM.DELADDR, of('address', 'delete', decodeNamedAddress)],
  [RTM.NEWROUTE, of('route', 'new', decodeRoute)],
  [RTM.DELROUTE, of('route', 'delete', decodeRoute)],
  [RTM.NEWNEIGH, neighborOrFdb('new')],
  [RTM.DELNEIGH, neighborOrFdb('delete')],
  [RTM.NEWRULE, of('rule', 'new', decodeRule)],
  [RTM.DELRULE, of('rule', 'delete', decodeRule)],
  [RTM.NEWNEXTHOP, of('nexthop', 'new', decodeNexthop)],
  [RTM.DELNEXTHOP, of('nexthop', 'delete', decodeNexthop)],
  [RTM.NEWNSID, of('nsid', 'new', decodeNsidEvent)],
  [RTM.DELNSID, of('nsid', 'delete', decodeNsidEvent)],
]);
