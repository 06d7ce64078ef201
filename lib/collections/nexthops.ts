// ns.nexthops: nexthop objects of one namespace (ip nexthop), which routes use through nhid.
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../uapi/netlink';
import { NHA } from '../uapi/nexthop';
import { RTM } from '../uapi/rtnetlink';
import type { NamespaceContext } from './context';
import { decodeNexthop, writeNexthopId, writeNexthopMessage } from '../codecs/nexthop-codec';
import {
  parseNexthopSpec, nexthopFilterSchema,
} from '../specs/nexthop';
import type { Nexthop, NexthopSpec } from '../types/nexthop';
import type { LinkResolver } from './link-resolver';
import type { LinkRef } from '../types/link';
import { linkNames } from './ifindex-names';
import { validateInteger, validateObject } from '../specs/validate';
import type { NexthopFilter } from '../types/nexthop';



function ownId(ref: object): unknown {
  const o = validateObject(ref, 'id');
  return Object.hasOwn(o, 'id') ? o.id : undefined;
}

/** The nexthop objects of one namespace (`ip nexthop`); `ns.nexthops`. */
export class Nexthops {
  /** Made by the namespace's `nexthops` getter. @internal */
  constructor(private readonly ns: NamespaceContext) {}

  private get resolver(): LinkResolver { return this.ns.resolver; }

  /** Like `ip nexthop add`: fails with EEXIST if the id is taken. */
  add(spec: NexthopSpec): Promise<void> { return this.modify(spec, NLM_F_CREATE | NLM_F_EXCL); }
  /** Like `ip nexthop replace`. */
  replace(spec: NexthopSpec): Promise<void> { return this.modify(spec, NLM_F_CREATE | NLM_F_REPLACE); }

  private async modify(spec: NexthopSpec, flags: number): Promise<void> {
    const parsed = parseNexthopSpec(spec);
    const oif = parsed.dev === undefined ? undefined : await this.resolver.index(parsed.dev);
    await this.ns.netlink().request({
      type: RTM.NEWNEXTHOP, flags, context: `(nexthop id ${parsed.id})`,
      encode: (w) => writeNexthopMessage(w, { ...parsed, oif }),
    });
  }

  /** Like `ip nexthop del id ID`. Takes an id or a Nexthop. */
  async delete(ref: number | { id: number }): Promise<void> {
    // A Nexthop from list() works too; only its own id is read.
    const id = validateInteger(typeof ref === 'object' && ref !== null ? ownId(ref) : ref, 'id', 1, 0xffffffff);
    await this.ns.netlink().request({ type: RTM.DELNEXTHOP, flags: 0, context: `(nexthop id ${id})`, encode: (w) => writeNexthopId(w, id) });
  }

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
