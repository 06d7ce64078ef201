// Public types of live change events (ns.monitor()).
import type { Address } from './address';
import type { FdbEntry } from './fdb';
import type { Link } from './link';
import type { Neighbor } from './neighbor';
import type { Nexthop } from './nexthop';
import type { Route } from './route';
import type { Rule } from './rule';

/** What an event's value is, by the kind of object: the objects list() returns. */
export interface MonitorValues {
  /** A Link, as links.list() gives it. */
  link: Link;
  /** An Address, with `link` the device's name as addresses.list() gives it. */
  address: Address;
  /** A Route, with `dev` names as routes.list() gives them. */
  route: Route;
  /** A Neighbor, with `dev` as neighbors.list() gives it. */
  neighbor: Neighbor;
  /** A bridge fdb entry, as fdb.list() gives it. */
  fdb: FdbEntry;
  /** A Rule, as rules.list() gives it. */
  rule: Rule;
  /** A Nexthop, as nexthops.list() gives it. */
  nexthop: Nexthop;
  /** A namespace id given or taken back. */
  nsid: { nsid: number };
}

/** The kind of object an event is about. */
export type MonitorObject = keyof MonitorValues;

/** One change of one kind of object: added or changed ('new') or removed ('delete'). */
export interface MonitorEventOf<O extends MonitorObject> {
  /** 'new' for an add or a change, 'delete' for a removal. */
  type: 'new' | 'delete';
  /** What kind of object value is: tells the union's members apart. */
  object: O;
  /** The object, decoded as list() returns it. */
  value: MonitorValues[O];
}

/**
 * One change, a union on `object`: after `if (ev.object === 'route')`, `ev.value` is a Route.
 * `MonitorEvent<'route'>` is the route event alone.
 */
export type MonitorEvent<O extends MonitorObject = MonitorObject> = O extends MonitorObject ? MonitorEventOf<O> : never;

/** A multicast group to listen to (RTNLGRP_*; 'address', 'route', 'rule' cover IPv4 and IPv6). */
export type MonitorGroup = 'link' | 'address' | 'route' | 'neighbor' | 'rule' | 'nsid' | 'nexthop';

/** Options of ns.monitor(). */
export interface MonitorOptions {
  /** What to listen to; default link, address, route, neighbor and rule. */
  groups?: MonitorGroup[];
  /** Events held for a slow async iterator before the socket stops being read (the kernel then drops and reports an overrun). */
  highWaterMark?: number;
  /** SO_RCVBUF of the event socket in bytes (default 32 MiB). */
  receiveBuffer?: number;
}
