// Public types of live change events (ns.monitor()).

/** The kind of object an event is about. */
export type MonitorObject = 'link' | 'address' | 'route' | 'neighbor' | 'fdb' | 'rule' | 'nsid' | 'nexthop';

export interface MonitorEvent<T = unknown> {
  type: 'new' | 'delete';
  object: MonitorObject;
  value: T;
}

export type MonitorGroup = 'link' | 'address' | 'route' | 'neighbor' | 'rule' | 'nsid' | 'nexthop';

export interface MonitorOptions {
  groups?: MonitorGroup[];
  /** Events held for a slow async iterator before the socket stops being read (the kernel then drops and reports an overrun). */
  highWaterMark?: number;
  /** SO_RCVBUF of the event socket in bytes (default 32 MiB). */
  receiveBuffer?: number;
}
