// What an atomic batch runs its operations on: the namespace, except that every request goes to
// the batch's own HeldRequests until the batch decides to send or drop them. The collections are
// made afresh over this view, so that each request an operation sends (its name lookups too) is
// the batch's own, and nothing that other callers send on the namespace meanwhile is held.
import type { Namespace } from './namespace';
import type { NetlinkConnection } from './rtnetlink/connection';
import type { HeldRequests } from './rtnetlink/held-requests';
import { Links } from './links';
import { Addresses } from './addresses';
import { Routes } from './routes';
import { Rules } from './rules';
import { Neighbors } from './neighbors';
import { Nexthops } from './nexthops';
import { Fdb } from './fdb';

const COLLECTIONS = new Map<PropertyKey, new (ns: Namespace) => unknown>([
  ['links', Links], ['addresses', Addresses], ['routes', Routes], ['rules', Rules],
  ['neighbors', Neighbors], ['nexthops', Nexthops], ['fdb', Fdb],
]);

export function heldView(ns: Namespace, held: HeldRequests): Namespace {
  const made = new Map<PropertyKey, unknown>();
  // The collections use only request() and dump() of the connection, which HeldRequests has.
  const netlink = (): NetlinkConnection => (held.released ? ns.netlink() : held as unknown as NetlinkConnection);
  const view: Namespace = new Proxy(ns, {
    get(target, key) {
      if (key === 'netlink') return netlink;
      const Collection = COLLECTIONS.get(key);
      if (Collection) {
        if (!made.has(key)) made.set(key, new Collection(view));
        return made.get(key);
      }
      // Everything else is the namespace's own (methods bound to it: they read private fields).
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return view;
}
