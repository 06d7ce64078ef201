// A bridge port's options: IFLA_BRPORT_* (linux/if_link.h) inside IFLA_INFO_SLAVE_DATA, written
// as `ip link set DEV type bridge_slave ...` writes them and read back into a BridgePort.
import { IFLA, IFLA_INFO } from '../uapi/if_link';
import { bool, decodeFields, invert, named, u16, u32, u64, u8, type FieldReader, type FieldTable } from '../link-kinds/decode';
import type { MessageWriter } from './writer';
import type { BridgePort, BridgePortChanges, BridgePortState } from '../types/bridge-port';

const BRPORT = {
  STATE: 1, PRIORITY: 2, COST: 3, MODE: 4, GUARD: 5, PROTECT: 6, FAST_LEAVE: 7, LEARNING: 8,
  UNICAST_FLOOD: 9, PROXYARP: 10, PROXYARP_WIFI: 12, ROOT_ID: 13, BRIDGE_ID: 14,
  DESIGNATED_PORT: 15, DESIGNATED_COST: 16, ID: 17, NO: 18, TOPOLOGY_CHANGE_ACK: 19,
  CONFIG_PENDING: 20, MESSAGE_AGE_TIMER: 21, FORWARD_DELAY_TIMER: 22, HOLD_TIMER: 23,
  MULTICAST_ROUTER: 25, MCAST_FLOOD: 27, MCAST_TO_UCAST: 28, VLAN_TUNNEL: 29, BCAST_FLOOD: 30,
  GROUP_FWD_MASK: 31, NEIGH_SUPPRESS: 32, ISOLATED: 33, BACKUP_PORT: 34, LOCKED: 39,
} as const;

/** BR_STATE_* (linux/if_bridge.h) by number. */
export const BRIDGE_PORT_STATES: Readonly<Record<number, BridgePortState>> = Object.freeze(Object.assign(
  Object.create(null) as Record<number, BridgePortState>,
  { 0: 'disabled', 1: 'listening', 2: 'learning', 3: 'forwarding', 4: 'blocking' } as const,
));

const STATE_NUMBERS = invert(BRIDGE_PORT_STATES);

/** The kernel's number of a state given by name or number (the spec check admitted only these). */
export const bridgePortStateNumber = (s: BridgePortState | number): number => (typeof s === 'number' ? s : STATE_NUMBERS[s]);

/**
 * IFLA_LINKINFO for a port change, as iproute2 sends it: IFLA_INFO_KIND "bridge_slave" (the kernel
 * applies the data through the port's current master; iproute2 names the kind all the same) and
 * IFLA_INFO_SLAVE_DATA in attribute-number order.
 */
export function writeBridgePortChanges(w: MessageWriter, p: Readonly<BridgePortChanges>): void {
  const info = w.beginNested(IFLA.LINKINFO);
  w.attrBytes(IFLA_INFO.KIND, BRIDGE_SLAVE);
  const data = w.beginNested(IFLA_INFO.SLAVE_DATA);
  if (p.state !== undefined) w.attrU8(BRPORT.STATE, bridgePortStateNumber(p.state));
  if (p.priority !== undefined) w.attrU16(BRPORT.PRIORITY, p.priority);
  if (p.cost !== undefined) w.attrU32(BRPORT.COST, p.cost);
  flag(w, BRPORT.MODE, p.hairpin);
  flag(w, BRPORT.GUARD, p.guard);
  flag(w, BRPORT.LEARNING, p.learning);
  flag(w, BRPORT.UNICAST_FLOOD, p.flood);
  flag(w, BRPORT.MCAST_FLOOD, p.mcastFlood);
  flag(w, BRPORT.NEIGH_SUPPRESS, p.neighSuppress);
  flag(w, BRPORT.ISOLATED, p.isolated);
  w.endNested(data);
  w.endNested(info);
}

const BRIDGE_SLAVE = Buffer.from('bridge_slave');  // no NUL, as iproute2 sends kinds

function flag(w: MessageWriter, type: number, v: boolean | undefined): void {
  if (v !== undefined) w.attrU8(type, v ? 1 : 0);
}

/** struct ifla_bridge_id as ip prints it: '%.2x%.2x.' and glibc's ether_ntoa (no zero padding). */
const bridgeId: FieldReader<string> = (b, o, l) => {
  if (l < 8) return b.toString('hex', o, o + l);
  let s = b.toString('hex', o, o + 2) + '.';
  for (let i = 2; i < 8; i++) s += (i > 2 ? ':' : '') + b[o + i].toString(16);
  return s;
};

const fields: FieldTable<BridgePort> = {
  [BRPORT.STATE]: ['state', named(u8, BRIDGE_PORT_STATES)], [BRPORT.PRIORITY]: ['priority', u16],
  [BRPORT.COST]: ['cost', u32], [BRPORT.MODE]: ['hairpin', bool], [BRPORT.GUARD]: ['guard', bool],
  [BRPORT.PROTECT]: ['rootBlock', bool], [BRPORT.FAST_LEAVE]: ['fastLeave', bool], [BRPORT.LEARNING]: ['learning', bool],
  [BRPORT.UNICAST_FLOOD]: ['flood', bool], [BRPORT.PROXYARP]: ['proxyArp', bool], [BRPORT.PROXYARP_WIFI]: ['proxyArpWifi', bool],
  [BRPORT.ROOT_ID]: ['rootId', bridgeId], [BRPORT.BRIDGE_ID]: ['bridgeId', bridgeId],
  [BRPORT.DESIGNATED_PORT]: ['designatedPort', u16], [BRPORT.DESIGNATED_COST]: ['designatedCost', u16],
  [BRPORT.ID]: ['id', u16], [BRPORT.NO]: ['no', u16], [BRPORT.TOPOLOGY_CHANGE_ACK]: ['topologyChangeAck', bool],
  [BRPORT.CONFIG_PENDING]: ['configPending', bool], [BRPORT.MESSAGE_AGE_TIMER]: ['messageAgeTimer', u64],
  [BRPORT.FORWARD_DELAY_TIMER]: ['forwardDelayTimer', u64], [BRPORT.HOLD_TIMER]: ['holdTimer', u64],
  [BRPORT.MULTICAST_ROUTER]: ['multicastRouter', u8], [BRPORT.MCAST_FLOOD]: ['mcastFlood', bool],
  [BRPORT.MCAST_TO_UCAST]: ['mcastToUnicast', bool], [BRPORT.VLAN_TUNNEL]: ['vlanTunnel', bool],
  [BRPORT.BCAST_FLOOD]: ['bcastFlood', bool], [BRPORT.GROUP_FWD_MASK]: ['groupFwdMask', u16],
  [BRPORT.NEIGH_SUPPRESS]: ['neighSuppress', bool], [BRPORT.ISOLATED]: ['isolated', bool],
  [BRPORT.BACKUP_PORT]: ['backupPort', u32], [BRPORT.LOCKED]: ['locked', bool],
};

/** IFLA_INFO_SLAVE_DATA of a bridge port at buf[start, end): named fields, the rest under raw. */
export function decodeBridgePort(buf: Buffer, start: number, end: number): BridgePort {
  return decodeFields(buf, start, end, fields);
}
