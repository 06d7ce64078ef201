// ns.nexthops: nexthop objects of one namespace (ip nexthop), which routes use through nhid.
import { NHA } from '../uapi/nexthop';
import { RTM } from '../uapi/rtnetlink';
import type { NamespaceContext } from './context';
import { nexthopDelete, nexthopWrite, sendWrite } from './writes';
import { decodeNexthop, writeNexthopId } from '../codecs/nexthop-codec';
import { nexthopFilterSchema } from '../specs/nexthop';
import type { Nexthop, NexthopSpec } from '../types/nexthop';
import type { LinkResolver } from './link-resolver';
import type { LinkRef } from '../types/link';
import { linkNames } from './ifindex-names';
import { validateInteger } from '../specs/validate';
import type { NexthopFilter } from '../types/nexthop';



/** The nexthop objects of one namespace (`ip nexthop`); `ns.nexthops`. */
export class Nexthops {
  /** Made by the namespace's `nexthops` getter. @internal */
  constructor(private readonly ns: NamespaceContext) {}

  private get resolver(): LinkResolver { return this.ns.resolver; }

  /** Like `ip nexthop add`: fails with EEXIST if the id is taken. */
  add(spec: NexthopSpec): Promise<void> { return sendWrite(this.ns, nexthopWrite, 'add', spec); }
  /** Like `ip nexthop replace`. */
  replace(spec: NexthopSpec): Promise<void> { return sendWrite(this.ns, nexthopWrite, 'replace', spec); }

  /** Like `ip nexthop del id ID`. Takes an id or a Nexthop. */
  delete(ref: number | { id: number }): Promise<void> { return sendWrite(this.ns, nexthopDelete, ref); }

  /** One nexthop by id; NetlinkError ENOENT if there is none. */
  async get(id: number): Promise<Nexthop> {
    validateInteger(id, 'id', 1, 0xffffffff);
    const conn = this.ns.netlink();
    const names = await linkNames(conn);
    let found: Nexthop | undefined;
    await conn.request({
      type: RTM.GETNEXTHOP, flags: 0, context: `(nexthop id ${id})`, encode: (w) => writeNexthopId(w, id),
      onMessage: (buf, off, len) => { found = decodeNexthop(buf, off, len, names); },
    });
    if (!found) throw new Error(`RTM_GETNEXTHOP returned nothing for id ${id}`);
    return found;
  }

  /** Nexthop objects, like `ip nexthop show`, optionally filtered. */
  async list(filter: NexthopFilter = {}): Promise<Nexthop[]> {
    const f = nexthopFilterSchema.parse(filter, 'filter');
    const dev = f.dev as LinkRef | undefined;
    const groups = f.groups === true;
    const conn = this.ns.netlink();
    const [oif, names] = await Promise.all([dev === undefined ? undefined : this.resolver.index(dev), linkNames(conn)]);
    return conn.dump(RTM.GETNEXTHOP, (w) => {
      w.u8(0).u8(0).u8(0).u8(0).u32(0);
      if (oif !== undefined) w.attrU32(NHA.OIF, oif);
      if (groups) w.attrFlag(NHA.GROUPS);
    }, (buf, off, len) => decodeNexthop(buf, off, len, names));
  }
}
