// ns.links: network devices of one namespace (ip link).
import type { Namespace } from './namespace';
import { RTM } from './rtnetlink/constants';
import { IFLA, IFLA_INFO } from './rtnetlink/link-attrs';
import { decodeLink, writeIfInfo, type Link } from './rtnetlink/link-codec';
import { validateLinkRef, validateObject, validateString } from './validate';

export type { Link, LinkStats } from './rtnetlink/link-codec';

export interface LinkFilter {
  /** Only links of this kind (the kernel filters the dump). */
  kind?: string;
  /** Only ports of this master (name or index). */
  master?: string | number;
}

export class Links {
  constructor(private readonly ns: Namespace) {}

  /** All links, like `ip -d link show`. */
  async list(filter: LinkFilter = {}): Promise<Link[]> {
    validateObject(filter, 'filter');
    const kind = filter.kind === undefined ? undefined : validateString(filter.kind, 'filter.kind');
    const master = filter.master === undefined ? undefined : await this.indexOf(validateLinkRef(filter.master, 'filter.master'));
    const links = await this.ns.netlink().dump(RTM.GETLINK, (w) => {
      writeIfInfo(w);
      if (master !== undefined) w.attrU32(IFLA.MASTER, master);
      if (kind !== undefined) {
        const li = w.beginNested(IFLA.LINKINFO);
        w.attrString(IFLA_INFO.KIND, kind);
        w.endNested(li);
      }
    }, decodeLink);
    // The kernel filters when it can; filter again for kernels that ignore the request attributes.
    return links.filter((l) => (kind === undefined || l.kind === kind) && (master === undefined || l.master === master));
  }

  /** One link by name or index; NetlinkError ENODEV if there is none. */
  async get(ref: string | number): Promise<Link> {
    const link = validateLinkRef(ref);
    let found: Link | undefined;
    await this.ns.netlink().request({
      type: RTM.GETLINK,
      context: `(link ${JSON.stringify(link)})`,
      encode: (w) => {
        writeIfInfo(w, { index: typeof link === 'number' ? link : 0 });
        if (typeof link === 'string') w.attrString(IFLA.IFNAME, link);
      },
      onMessage: (buf, off, len) => { found = decodeLink(buf, off, len); },
    });
    if (!found) throw new Error(`RTM_GETLINK returned no link for ${link}`);
    return found;
  }

  /** The index of a link given by name or index (an index is returned as is). */
  async indexOf(ref: string | number): Promise<number> {
    return typeof ref === 'number' ? ref : (await this.get(ref)).index;
  }
}
