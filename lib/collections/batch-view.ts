// What an atomic batch runs its operations on: the namespace's collections, except that every
// request goes to the batch's own HeldRequests until the batch decides to send or drop them. The
// collections are made afresh over this context, so that each request an operation sends (its name
// lookups too) is the batch's own, and nothing that other callers send on the namespace meanwhile is held.
import type { NamespaceContext } from './context';
import type { NetlinkConnection } from '../transport/connection';
import type { HeldRequests } from '../transport/held-requests';
import { LinkResolver } from './link-resolver';
import { Links } from './links';
import { Addresses } from './addresses';
import { Routes } from './routes';
import { Rules } from './rules';
import { Neighbors } from './neighbors';
import { Nexthops } from './nexthops';
import { Fdb } from './fdb';
import { BridgeVlans } from './bridge-vlans';

export interface HeldCollections {
  links: Links; addresses: Addresses; routes: Routes; rules: Rules; neighbors: Neighbors; nexthops: Nexthops; fdb: Fdb; bridgeVlans: BridgeVlans;
}

export function heldView(ns: NamespaceContext, held: HeldRequests): HeldCollections {
  // The collections use only request() and dump() of the connection, which HeldRequests has.
  const netlink = (): NetlinkConnection => (held.released ? ns.netlink() : held as unknown as NetlinkConnection);
  const context: NamespaceContext = {
    netlink,
    enterFd: () => ns.enterFd(),
    fd: () => ns.fd(),
    resolver: new LinkResolver((name) => links.indexOf(name)),
  };
  const links = new Links(context);
  return {
    links, addresses: new Addresses(context), routes: new Routes(context), rules: new Rules(context),
    neighbors: new Neighbors(context), nexthops: new Nexthops(context), fdb: new Fdb(context),
    bridgeVlans: new BridgeVlans(context),
  };
}
