// The checked copies of a batch operation's arguments, taken when the operation is recorded: the
// method then runs on them and an atomic batch's undo deletes what they say, so a caller changing
// its spec objects afterwards cannot make the undo remove something else (or leave the add behind).
// Also the options of ns.batch() itself.
import { validateLinkChanges, validateLinkSpec } from './link-spec';
import { addressOptionsSchema } from './address';
import { routeSpecSchema } from './route';
import { ruleSpecSchema } from './rule';
import { neighborSpecSchema } from './neighbor';
import { nexthopSpecSchema } from './nexthop';
import { fdbSpecSchema } from './fdb';
import { bridgeVlanSpecSchema } from './bridge-vlan';
import { Schema, bool } from './schema';

/** Index and check of the argument that is an object, by collection and method. */
const OBJECT_ARG: Record<string, Record<string, [number, (v: unknown) => unknown]>> = {
  links: { add: [0, (v) => validateLinkSpec(v).spec], set: [1, (v) => validateLinkChanges(v).changes] },
  addresses: { add: [2, (v) => addressOptionsSchema.parse(v, 'options')], replace: [2, (v) => addressOptionsSchema.parse(v, 'options')] },
  routes: Object.fromEntries(['add', 'replace', 'delete', 'prepend', 'append'].map((m) => [m, [0, (v: unknown) => routeSpecSchema.parse(v, 'route')]])),
  rules: Object.fromEntries(['add', 'delete'].map((m) => [m, [0, (v: unknown) => ruleSpecSchema.parse(v, 'rule')]])),
  neighbors: Object.fromEntries(['add', 'replace', 'delete'].map((m) => [m, [0, (v: unknown) => neighborSpecSchema.parse(v, 'neighbor')]])),
  nexthops: Object.fromEntries(['add', 'replace'].map((m) => [m, [0, (v: unknown) => nexthopSpecSchema.parse(v, 'nexthop')]])),
  fdb: Object.fromEntries(['add', 'replace', 'delete'].map((m) => [m, [0, (v: unknown) => fdbSpecSchema.parse(v, 'fdb')]])),
  bridgeVlans: Object.fromEntries(['add', 'delete'].map((m) => [m, [0, (v: unknown) => bridgeVlanSpecSchema.parse(v, 'bridgeVlan')]])),
};

/**
 * args with its spec/options object replaced by the checked copy. A bad argument stays as given:
 * the method refuses it with its own error, through its promise, as outside a batch.
 */
export function checkedArgs(collection: string, method: string, args: unknown[]): unknown[] {
  const entry = Object.hasOwn(OBJECT_ARG, collection) && Object.hasOwn(OBJECT_ARG[collection], method)
    ? OBJECT_ARG[collection][method] : undefined;
  if (!entry || args[entry[0]] === undefined) return args;
  const [i, check] = entry;
  let copy: unknown;
  try {
    copy = check(args[i]);
  } catch {
    return args;
  }
  const out = [...args];
  out[i] = copy;
  return out;
}

export const batchOptionsSchema = new Schema('batch options', { atomic: bool, compact: bool });
