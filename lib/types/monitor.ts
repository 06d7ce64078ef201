// Public types of live change events (ns.monitor()).

/** The kind of object an event is about. */
export type MonitorObject = 'link' | 'address' | 'route' | 'neighbor' | 'fdb' | 'rule' | 'nsid' | 'nexthop';

/** One change: an object added or changed ('new') or removed ('delete'), decoded as list() returns it. */
export interface MonitorEvent<T = unknown> {
  /** 'new' for an add or a change, 'delete' for a removal. */
  type: 'new' | 'delete';
  /** What kind of object value is. */
  object: MonitorObject;
  /** The object: a Link, Address, Route, Neighbor, FdbEntry, Rule, Nexthop, or { nsid } for 'nsid'. */
  value: T;
}

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
