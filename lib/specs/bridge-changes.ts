// links.set's `bridge` (ip link set DEV type bridge ...): the bridge kind's own option checks,
// every one optional, as a schema of its own.
import { Schema, nested, type Check } from './schema';
import { BRIDGE_FIELDS } from '../link-kinds/bridge';

export const bridgeChangesSchema = new Schema('links.set changes.bridge', BRIDGE_FIELDS);

export const bridgeChanges: Check = nested(bridgeChangesSchema);
