// Which decoder turns each rtnetlink notification into a typed object, for ns.monitor().
import { RTM } from './rtnetlink/constants';
import { decodeLink } from './rtnetlink/link-codec';

export type MonitorObject = 'link' | 'address' | 'route' | 'neighbor' | 'rule' | 'nsid' | 'nexthop';

export interface EventDecoder {
  object: MonitorObject;
  type: 'new' | 'delete';
  decode(buf: Buffer, offset: number, length: number): unknown;
}

export const eventDecoders = new Map<number, EventDecoder>([
  [RTM.NEWLINK, { object: 'link', type: 'new', decode: decodeLink }],
  [RTM.DELLINK, { object: 'link', type: 'delete', decode: decodeLink }],
]);
