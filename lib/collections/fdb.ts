// ns.fdb: bridge forwarding database entries of one namespace (bridge fdb).
import { NDA } from '../uapi/neighbour';
import { RTM } from '../uapi/rtnetlink';
import { AF_BRIDGE } from '../uapi/socket';
import type { NamespaceContext } from './context';
import { fdbWrite, sendWrite } from './writes';
import { writeNdmsg } from '../codecs/neigh-codec';
import { decodeFdb } from '../codecs/fdb-codec';
import { fdbFilterSchema } from '../specs/fdb';
import type { FdbEntry, FdbSpec } from '../types/fdb';
import type { LinkResolver } from './link-resolver';
import type { LinkRef } from '../types/link';
import { linkNames } from './ifindex-names';
import type { FdbFilter } from '../types/fdb';



/** The bridge forwarding database of one namespace (`bridge fdb`); `ns.fdb`. */
export class Fdb {
  /** Made by the namespace's `fdb` getter. @internal */
  constructor(private readonly ns: NamespaceContext) {}

  private get resolver(): LinkResolver { return this.ns.resolver; }

  /** Like `bridge fdb add`. */
  add(spec: FdbSpec): Promise<void> { return sendWrite(this.ns, fdbWrite, 'add', spec); }
  /** Like `bridge fdb replace`. */
  replace(spec: FdbSpec): Promise<void> { return sendWrite(this.ns, fdbWrite, 'replace', spec); }
  /** Like `bridge fdb del`. */
  delete(spec: FdbSpec): Promise<void> { return sendWrite(this.ns, fdbWrite, 'delete', spec); }

  /** Entries of every bridge and vxlan device, or of one port (dev) or bridge (master). */
  async list(filter: FdbFilter = {}): Promise<FdbEntry[]> {
    const f = fdbFilterSchema.parse(filter, 'filter');
    const dev = f.dev as LinkRef | undefined;
    const master = f.master as LinkRef | undefined;
    const conn = this.ns.netlink();
    // The lookups and the name dump go out together: one round trip.
    const [port, br, names] = await Promise.all([
      dev === undefined ? 0 : this.resolver.index(dev),
      master === undefined ? undefined : this.resolver.index(master),
      linkNames(conn),
    ]);
    // Strict checking: the port goes in ndm_ifindex, the bridge in NDA_MASTER.
    return conn.dump(RTM.GETNEIGH, (w) => {
      writeNdmsg(w, AF_BRIDGE, port, 0, 0);
      if (br !== undefined) w.attrU32(NDA.MASTER, br);
    }, (buf, off, len) => decodeFdb(buf, off, len, names));
  }
}
