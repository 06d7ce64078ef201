// Options of ns.monitor() -> checked values, before the socket is made: group names and the
// rtnetlink multicast groups each one joins.
import { RTNLGRP } from '../uapi/rtnetlink';
import { Schema, arrayOf, int, oneOf } from './schema';
import type { MonitorGroup } from '../types/monitor';

/** Groups joined for each name (IPv4 and IPv6 where they differ). A Map: 'constructor' is no group. */
export const MONITOR_GROUPS = new Map<MonitorGroup, number[]>([
  ['link', [RTNLGRP.LINK]],
  ['address', [RTNLGRP.IPV4_IFADDR, RTNLGRP.IPV6_IFADDR]],
  ['route', [RTNLGRP.IPV4_ROUTE, RTNLGRP.IPV6_ROUTE]],
  ['neighbor', [RTNLGRP.NEIGH]],
  ['rule', [RTNLGRP.IPV4_RULE, RTNLGRP.IPV6_RULE]],
  ['nsid', [RTNLGRP.NSID]],
  ['nexthop', [RTNLGRP.NEXTHOP]],
]);

export const monitorOptionsSchema = new Schema('monitor options', {
  groups: arrayOf(oneOf([...MONITOR_GROUPS.keys()]), { min: 1, max: 64, what: 'group names' }),
  highWaterMark: int(1, 2 ** 31 - 1),
  receiveBuffer: int(1024, 2 ** 30),
});
