// ns.neighbors: ARP (IPv4) and NDP (IPv6) entries of one namespace (ip neigh), proxy entries too.
import { NDA, NTF } from '../uapi/neighbour';
import { RTM } from '../uapi/rtnetlink';
import { AF_UNSPEC } from '../uapi/socket';
import type { NamespaceContext } from './context';
import { neighborWrite, sendWrite } from './writes';
import { decodeNeighbor, writeNdmsg } from '../codecs/neigh-codec';
import { NUD_SHOWN_BY_DEFAULT, neighborFilterSchema, nudShown } from '../specs/neighbor';
import type { Neighbor, NeighborSpec } from '../types/neighbor';
import type { LinkResolver } from './link-resolver';
import type { LinkRef } from '../types/link';
import { linkNames } from './ifindex-names';
import { afOf, type Family } from '../specs/ip';
import type { NeighborFilter } from '../types/neighbor';



/** The ARP and NDP neighbour entries of one namespace (`ip neigh`); `ns.neighbors`. */
export class Neighbors {
  /** Made by the namespace's `neighbors` getter. @internal */
  constructor(private readonly ns: NamespaceContext) {}

  private get resolver(): LinkResolver { return this.ns.resolver; }

  /** Like `ip neigh add`: EEXIST if there is an entry for the address. */
  add(spec: NeighborSpec): Promise<void> { return sendWrite(this.ns, neighborWrite, 'add', spec); }
  /** Like `ip neigh replace`: adds or overwrites. */
  replace(spec: NeighborSpec): Promise<void> { return sendWrite(this.ns, neighborWrite, 'replace', spec); }
  /** Like `ip neigh del ADDR dev DEV` (proxy: true for a proxy entry). */
  delete(spec: Omit<NeighborSpec, 'lladdr' | 'state'> & Partial<NeighborSpec>): Promise<void> {
    return sendWrite(this.ns, neighborWrite, 'delete', spec);
  }

  /**
   * The neighbour cache (or the proxy entries), like `ip neigh show`, optionally for one device or
   * family: without `nud`, entries in state NOARP or NONE are left out, as ip leaves them out;
   * `nud: 'all'` lists every entry (`ip neigh show nud all`), `nud: 'permanent'` or a list only those.
   */
  async list(filter: NeighborFilter = {}): Promise<Neighbor[]> {
    const f = neighborFilterSchema.parse(filter, 'filter');
    const af = f.family === undefined ? AF_UNSPEC : afOf(f.family as Family);
    const dev = f.dev as LinkRef | undefined;
    const proxy = f.proxy === true;
    const mask = (f.nud as number | undefined) ?? NUD_SHOWN_BY_DEFAULT;
    const conn = this.ns.netlink();
    // The lookup and the name dump go out together: one round trip.
    const [ifindex, names] = await Promise.all([dev === undefined ? undefined : this.resolver.index(dev), linkNames(conn)]);
    const all = await conn.dump(RTM.GETNEIGH, (w) => {
      // Strict checking: filters travel as NDA_IFINDEX; only NTF_PROXY may be set in the header.
      writeNdmsg(w, af, 0, 0, proxy ? NTF.PROXY : 0);
      if (ifindex !== undefined) w.attrU32(NDA.IFINDEX, ifindex);
    }, (buf, off, len) => (len >= 28 && !nudShown(mask, buf.readUInt16LE(off + 24), buf[off + 26]) ? undefined : decodeNeighbor(buf, off, len, names)));
    // Proxy entries of the pneigh table have no state of their own; the kernel filters dev for
    // the cache but not for proxy dumps on every version: filter here too.
    return ifindex === undefined ? all : all.filter((n) => n.ifindex === ifindex);
  }
}
