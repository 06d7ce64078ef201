// links.set's `port`: a bridge port's options, checked against the ranges the kernel enforces
// (br_netlink.c, br_stp_if.c) before any system call.
import { Schema, bool, int, oneOf, type Check } from './schema';
import { BRIDGE_PORT_STATES } from '../codecs/bridge-port';

const stateName = oneOf(Object.values(BRIDGE_PORT_STATES));
const stateNumber = int(0, 4);
/** A state by name ('forwarding') or by number 0..4, kept as given. */
const state: Check = (v, name) => (typeof v === 'number' ? stateNumber(v, name) : stateName(v, name));

export const bridgePortSchema = new Schema('links.set changes.port', {
  hairpin: bool, learning: bool, flood: bool, mcastFlood: bool, isolated: bool, neighSuppress: bool, guard: bool,
  cost: int(1, 65535), priority: int(0, 63), state,
});
