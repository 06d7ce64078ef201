// Which decoder turns each rtnetlink notification into a typed object, for ns.monitor(). Events
// carry interface indexes: names are not looked up, since the device may already be gone.
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
import type { MonitorObject } from '../types/monitor';


export interface EventDecoder {
  type: 'new' | 'delete';
  /** undefined: a message of no interest (e.g. a family the collections do not show). */
  decode(buf: Buffer, offset: number, length: number): { object: MonitorObject; value: unknown } | undefined;
}

type Decode = (buf: Buffer, offset: number, length: number) => unknown;

/** A decoder for one object kind; a value of undefined drops the event. */
function of(object: MonitorObject, type: 'new' | 'delete', decode: Decode): EventDecoder {
  return {
    type,
    decode: (buf, off, len) => {
      const value = decode(buf, off, len);
      return value === undefined ? undefined : { object, value };
    },
  };
}

/** RTM_NEWNSID/DELNSID: { nsid } (struct rtgenmsg padded to 4 bytes, then NETNSA_*). */
function decodeNsidEvent(buf: Buffer, off: number, len: number): { nsid: number } | undefined {
  let nsid: number | undefined;
  forEachAttr(buf, off + 20, off + len, (type, a, l) => { if (type === NETNSA_NSID) nsid = readI32(buf, a, l); });
  return nsid === undefined ? undefined : { nsid };
}

/** Neighbour messages of family AF_BRIDGE are bridge fdb entries. */
const neighborOrFdb = (type: 'new' | 'delete'): EventDecoder => ({
  type,
  decode: (buf, off, len) => {
    if (buf[off + 16] === AF_BRIDGE) {
      const value = decodeFdb(buf, off, len);
      return value && { object: 'fdb', value };
    }
    const value = decodeNeighbor(buf, off, len);
    return value && { object: 'neighbor', value };
  },
});

export const eventDecoders = new Map<number, EventDecoder>([
  [RTM.NEWLINK, of('link', 'new', decodeLink)],
  [RTM.DELLINK, of('link', 'delete', decodeLink)],
  [RTM.NEWADDR, of('address', 'new', decodeAddress)],
  [RTM.DELADDR, of('address', 'delete', decodeAddress)],
  [RTM.NEWROUTE, of('route', 'new', (b, o, l) => decodeRoute(b, o, l))],
  [RTM.DELROUTE, of('route', 'delete', (b, o, l) => decodeRoute(b, o, l))],
  [RTM.NEWNEIGH, neighborOrFdb('new')],
  [RTM.DELNEIGH, neighborOrFdb('delete')],
  [RTM.NEWRULE, of('rule', 'new', decodeRule)],
  [RTM.DELRULE, of('rule', 'delete', decodeRule)],
  [RTM.NEWNEXTHOP, of('nexthop', 'new', (b, o, l) => decodeNexthop(b, o, l))],
  [RTM.DELNEXTHOP, of('nexthop', 'delete', (b, o, l) => decodeNexthop(b, o, l))],
  [RTM.NEWNSID, of('nsid', 'new', decodeNsidEvent)],
  [RTM.DELNSID, of('nsid', 'delete', decodeNsidEvent)],
]);
