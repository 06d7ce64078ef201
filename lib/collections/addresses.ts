// ns.addresses: IPv4/IPv6 addresses of one namespace (ip addr).
import { RTM } from '../uapi/rtnetlink';
import { AF_UNSPEC } from '../uapi/socket';
import type { NamespaceContext } from './context';
import { addressWrite, sendWrite } from './writes';
import { decodeAddress, writeAddrDump } from '../codecs/addr-codec';
import type { Address } from '../types/address';
import { addressFilterSchema } from '../specs/address';
import type { AddressOptions } from '../types/address';
import { linkNames } from './ifindex-names';
import { afOf } from '../specs/ip';
import type { Family } from '../specs/ip';
import type { AddressFilter } from '../types/address';



/** The IPv4/IPv6 addresses of one namespace (`ip addr`); `ns.addresses`. */
export class Addresses {
  /** Made by the namespace's `addresses` getter. @internal */
  constructor(private readonly ns: NamespaceContext) {}

  /** ip addr add: NetlinkError EEXIST if the address is already there. */
  add(link: string | number, cidr: string, options: AddressOptions = {}): Promise<void> {
    return sendWrite(this.ns, addressWrite, 'add', link, cidr, options);
  }

  /** ip addr replace: adds, or updates the options of an existing address. */
  replace(link: string | number, cidr: string, options: AddressOptions = {}): Promise<void> {
    return sendWrite(this.ns, addressWrite, 'replace', link, cidr, options);
  }

  /** ip addr del. An IPv4 address without "/len" is deleted whatever its prefix length. */
  delete(link: string | number, cidr: string): Promise<void> {
    return sendWrite(this.ns, addressWrite, 'delete', link, cidr, undefined);
  }

  /** Addresses, like `ip addr show`, optionally of one link and/or family. */
  async list(filter: AddressFilter = {}): Promise<Address[]> {
    const f = addressFilterSchema.parse(filter, 'filter');
    const family = f.family as Family | undefined;
    const ref = f.link as string | number | undefined;
    const index = ref === undefined ? 0 : await this.ns.resolver.index(ref);
    const conn = this.ns.netlink();
    const found = await conn.dump(RTM.GETADDR, (w) => writeAddrDump(w, family === undefined ? AF_UNSPEC : afOf(family), index),
      (buf, off, len) => decodeAddress(buf, off, len));
    // The kernel filters with strict checking; filter again for kernels without it.
    const mine = found.filter((a) => (index === 0 || a.index === index) && (family === undefined || a.family === family));
    // Name each address's link. One dump at a time per socket (the kernel says EBUSY to a second).
    const names = typeof ref === 'string' ? new Map([[index, ref]]) : mine.length ? await linkNames(conn) : new Map<number, string>();
    const out: Address[] = mine.map((a) => ({ ...a, link: names.get(a.index) ?? String(a.index) }));
    return out;
  }
}
