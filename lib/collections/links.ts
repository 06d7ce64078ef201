// ns.links: network devices of one namespace (ip link).
import type { Link, LinkChanges, LinkFilter, LinkRef, LinkSpec } from '../types/link';
import { IFINFOMSG_LEN, IFLA, IFLA_INFO } from '../uapi/if_link';
import { NLM_F_ECHO } from '../uapi/netlink';
import { RTM } from '../uapi/rtnetlink';
import type { Namespace } from '../namespace';
import { contextOf, type NamespaceContext } from './context';
import { decodeLink, readIfFlags, readIfIndex, writeIfInfo } from '../codecs/link-codec';
import { markParentDown, parentToCheck } from '../codecs/link-flags';
import { NetlinkError } from '../errors';
import {
  linkAddRequest, linkDeleteRequest, linkGetRequest, linkSetRequest, targetRef, type LinkRequest, type LinkTarget,
} from '../codecs/link-request';
import {
  parseLinkFilter, validateLinkChanges, validateLinkSpec, type CheckedLinkChanges, type CheckedLinkSpec,
} from '../specs/link-spec';
import { holdingNamespaces, NOTHING_HELD, type HeldNamespaces } from '../transport/held-namespaces';
import { NetlinkConnection } from '../transport/connection';
import type { KindEncodeContext, LinkKind } from '../link-kinds/registry';
import { validateLinkRef } from '../specs/validate';

const describe = (ref: LinkRef): string => (typeof ref === 'number' ? `(link ${ref})` : `(link "${ref}")`);

const indexOnly = (r: LinkRef): number => {
  if (typeof r !== 'number') throw new Error(`link ${r} was not resolved to an index`);
  return r;
};

/** Link indexes from a map filled beforehand (else numbers only); namespace fds the request holds. */
function encodeContext(held: HeldNamespaces, map?: Map<LinkRef, number>): KindEncodeContext {
  return { linkIndex: map ? (r) => map.get(r)! : indexOnly, namespaceFd: (ns, field) => held.fd(ns, field) };
}

/** For requests that name links by index only (or none) and no namespace: nothing to resolve. */
const NUMBERS_ONLY = encodeContext(NOTHING_HELD);

/** The network devices of one namespace (`ip link`); `ns.links`. */
export class Links {
  /** Made by the namespace's `links` getter. @internal */
  constructor(private readonly ns: NamespaceContext) {}

  /** All links, like `ip -d link show`. */
  async list(filter: LinkFilter = {}): Promise<Link[]> {
    const { kind, master: masterRef } = parseLinkFilter(filter);
    const master = masterRef === undefined ? undefined : await this.indexOf(masterRef);
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
    const shown = links.filter((l) => (kind === undefined || l.kind === kind) && (master === undefined || l.master === master));
    await markParentsDown(shown, links, this.ns.netlink());
    return shown;
  }

  /** One link by name or index; NetlinkError ENODEV if there is none. */
  async get(ref: LinkRef): Promise<Link> {
    return this.fetch(targetOf(validateLinkRef(ref)));
  }

  /**
   * The index of a link given by name or index (an index is returned as is). Reads only the index
   * of the reply: a lookup need not decode the whole link.
   */
  async indexOf(ref: LinkRef): Promise<number> {
    const link = validateLinkRef(ref);
    if (typeof link === 'number') return link;
    let index: number | undefined;
    await this.ns.netlink().request({
      ...linkGetRequest({ name: link }),
      context: describe(link),
      onMessage: (buf, off, len) => {
        index = readIfIndex(buf, off, len);
      },
    });
    if (index === undefined) throw new Error(`RTM_GETLINK returned no link for ${JSON.stringify(link)}`);
    return index;
  }

  /**
   * Creates a link (ip link add) and returns it as the kernel reports it. NetlinkError EEXIST if
   * the name is taken; the kernel's extended-ack text (e.g. "Unknown device type") is in the message.
   */
  async add(spec: LinkSpec): Promise<Link> {
    const { spec: s, codec } = validateLinkSpec(spec);
    const name = s.name;
    const to = s.namespace;
    if (codec?.create) {
      const create = codec.create.bind(codec);
      if (!to) return this.addOutsideNetlink(s, create, this.ns);
      return holdingNamespaces((held) => this.addOutsideNetlink(s, create, contextOf(to), held.hold(to)));
    }
    const parents = codec ? codec.linkRefs?.(s) ?? [] : s.parent === undefined ? [] : [s.parent];
    // A namespace the spec names (veth peer) goes by fd: the request holds a copy taken now. Most
    // specs name none, and skip the holder (its map, closure and finally).
    const namespaces = codec?.namespaceRefs?.(s) ?? [];
    if (to) {
      return holdingNamespaces((held) => {
        const toFd = held.hold(to);
        for (const ns of namespaces) held.hold(ns);
        return this.addElsewhere(s, codec, parents, held, to, toFd);
      });
    }
    const refs = s.master === undefined ? parents : [...parents, s.master];
    if (namespaces.length === 0) return this.addWith(s, codec, refs, name, NOTHING_HELD);
    return holdingNamespaces((held) => {
      for (const ns of namespaces) held.hold(ns);
      return this.addWith(s, codec, refs, name, held);
    });
  }

  /**
   * Creates the device directly inside `to` (IFLA_NET_NS_FD), as `ip link add ... netns NS` does:
   * it never shows here, so its name cannot collide here. The kernel looks up IFLA_LINK (and a
   * vxlan's dev) in the sender's namespace, this one, but IFLA_MASTER in `to`, where the device is
   * enslaved. No NLM_F_ECHO: the kernel would echo to our port number in `to`, not to this socket.
   */
  private async addElsewhere(
    s: CheckedLinkSpec, codec: LinkKind | undefined, parents: LinkRef[], held: HeldNamespaces, to: Namespace, toFd: number,
  ): Promise<Link> {
    const master = s.master;
    // Without names to look up, the request is queued at once (in call order, as a batch expects).
    const [ctx, masterIndex] = parents.some((r) => typeof r === 'string') || typeof master === 'string'
      ? await Promise.all([this.context(parents, held), master === undefined ? master : contextOf(to).resolver.index(master)])
      : [encodeContext(held), master];
    const spec = masterIndex === master ? s : withMaster(s, masterIndex!);
    await this.ns.netlink().request({ ...linkAddRequest(spec, codec, ctx), context: describe(s.name) });
    return this.readIn(to, toFd, { name: s.name });
  }

  private async addWith(s: CheckedLinkSpec, codec: LinkKind | undefined, refs: LinkRef[], name: string, held: HeldNamespaces): Promise<Link> {
    // Without names to look up, the request is queued at once (in call order, as a batch expects).
    const ctx = refs.some((r) => typeof r === 'string') ? await this.context(refs, held) : encodeContext(held);
    return this.addEchoed(linkAddRequest(s, codec, ctx), name);
  }

  /**
   * Changes a link (ip link set); NetlinkError ENODEV if there is no such link. One round trip,
   * like `ip link set`: the link is not read back (get() does that). A move to another namespace
   * resolves with the device as that namespace now sees it (its index may have changed there).
   */
  set(ref: LinkRef, changes: LinkChanges & { namespace: Namespace }): Promise<Link>;
  set(ref: LinkRef, changes: LinkChanges): Promise<void>;
  set(ref: LinkRef, changes: LinkChanges): Promise<Link | void> {
    // Not an async function: the common case hands back the connection's own promise, one
    // promise layer less on the hot path (sequential sets are benchmarked against ip -batch).
    let link: LinkRef;
    let c: CheckedLinkChanges;
    let namespace: Namespace | undefined;
    try {
      link = validateLinkRef(ref);
      ({ changes: c, namespace } = validateLinkChanges(changes));
      if (namespace) return this.move(link, c, namespace);
      if (c.port !== undefined && c.master !== undefined) return this.setThenPort(link, c);
      const renaming = c.name !== undefined && c.name !== link;
      if (typeof c.master === 'string' || (renaming && typeof link === 'string')) return this.setResolving(link, c, renaming);
      // A name addresses the link in the request itself (the kernel looks it up).
      const target: LinkTarget = typeof link === 'number' ? { index: link } : { name: link };
      const req = linkSetRequest(target, c, NUMBERS_ONLY);
      return this.ns.netlink().request({ type: req.type, flags: req.flags, encode: req.encode, context: describe(link) });
    } catch (err) {
      // Bad arguments, a closed handle, a socket that cannot be made (EMFILE, EPERM): all through
      // the promise, like every failure of a promise-returning method.
      return Promise.reject(err);
    }
  }

  /** set() with names to look up first: a master, or the index of a link being renamed. */
  private async setResolving(link: LinkRef, c: CheckedLinkChanges, renaming: boolean): Promise<void> {
    const ctx = typeof c.master === 'string' ? await this.context([c.master]) : NUMBERS_ONLY;
    // A rename must address the link by index: IFLA_IFNAME then carries the new name.
    const target: LinkTarget = typeof link === 'number' ? { index: link } : renaming ? { index: await this.indexOf(link) } : { name: link };
    await this.ns.netlink().request({ ...linkSetRequest(target, c, ctx), context: describe(link) });
  }

  /**
   * A new master and port options: the kernel applies port options through the link's current
   * master before it changes the master, so they follow in a second request once it is a port.
   */
  private async setThenPort(link: LinkRef, c: CheckedLinkChanges): Promise<void> {
    const { port, ...first } = c;
    await this.set(link, first);
    const now = c.name ?? link;
    await this.ns.netlink().request({ ...linkSetRequest(targetOf(now), { port }, NUMBERS_ONLY), context: describe(now) });
  }

  /** Deletes a link (ip link del); NetlinkError ENODEV if there is none. */
  async delete(ref: LinkRef): Promise<void> {
    const link = validateLinkRef(ref);
    await this.ns.netlink().request({ ...linkDeleteRequest(targetOf(link)), context: describe(link) });
  }

  /** A context that resolves link names from a map filled beforehand (one pipelined lookup per name). */
  private async context(refs: Array<LinkRef>, held = NOTHING_HELD, via: NamespaceContext = this.ns): Promise<KindEncodeContext> {
    if (!refs.some((r) => typeof r === 'string')) return encodeContext(held);
    return encodeContext(held, await via.resolver.all(refs));
  }

  private async fetch(target: LinkTarget, conn: Pick<NetlinkConnection, 'request'> = this.ns.netlink()): Promise<Link> {
    let found: Link | undefined;
    await conn.request({
      ...linkGetRequest(target),
      context: describe(targetRef(target)),
      onMessage: (buf, off, len) => { found = decodeLink(buf, off, len); },
    });
    if (!found) throw new Error(`RTM_GETLINK returned no link for ${JSON.stringify(target)}`);
    await markParentsDown([found], [found], conn);
    return found;
  }

  /**
   * Creates the link and reads it back by name in the same sendmsg (one round trip). The kernel
   * also echoes the new link's index (NLM_F_ECHO, kernels from 6.1; the echo precedes master and
   * other late changes, so it is not the link to report): a device it created is then read by that
   * index whenever the name does not lead to it ('dummy%d' made dummy0, or the name was taken over).
   */
  private async addEchoed(req: LinkRequest, name: string): Promise<Link> {
    let createdIndex: number | undefined;
    const done = this.ns.netlink().request({
      ...req, flags: req.flags | NLM_F_ECHO, context: describe(name),
      onMessage: (buf, off, len, type) => {
        if (type === RTM.NEWLINK && len >= 16 + IFINFOMSG_LEN) createdIndex = readIfIndex(buf, off, len);
      },
    });
    const byName = this.fetch({ name });
    byName.catch(() => { /* the request's own error is the one to report */ });
    await done;
    const link = await byName.catch((err: Error) => {
      if (createdIndex === undefined) throw err;
      return undefined;
    });
    if (createdIndex !== undefined && link?.index !== createdIndex) return this.fetch({ index: createdIndex });
    return link!;
  }

  private async requestThenFetch(req: LinkRequest, context: string, after: LinkTarget, conn = this.ns.netlink()): Promise<Link> {
    const done = conn.request({ ...req, context });
    const link = this.fetch(after, conn);
    link.catch(() => { /* the request's own error is the one to report */ });
    await done;
    return link;
  }

  /**
   * ip link set DEV netns NS [...]: the device is then read back from NS, by name. NS goes by fd:
   * the request holds a copy taken now, so closing the handle meanwhile cannot redirect the move.
   */
  private move(ref: LinkRef, c: CheckedLinkChanges, to: Namespace): Promise<Link> {
    return holdingNamespaces(async (held) => {
      const toFd = held.hold(to);
      // A master named in the same call lives where the device ends up.
      const [current, ctx] = await Promise.all([this.get(ref), this.context(typeof c.master === 'string' ? [c.master] : [], held, contextOf(to))]);
      await this.ns.netlink().request({ ...linkSetRequest({ index: current.index }, c, ctx), context: describe(ref) });
      return this.readIn(to, toFd, { name: c.name ?? current.name });
    });
  }

  /** A link of namespace `to`, whose fd the call holds as toFd. */
  private async readIn(to: Namespace, toFd: number, target: LinkTarget): Promise<Link> {
    if (!to.closed) return this.fetch(target, contextOf(to).netlink());
    // The handle was closed meanwhile: the device is there all the same; read it through the copy.
    const conn = new NetlinkConnection(toFd);
    try { return await this.fetch(target, conn); } finally { conn.close(); }
  }

  /**
   * tun/tap: made by the kind's own means inside `where` (this namespace, or the spec's namespace,
   * entered through the call's copy of its fd), then the common options applied there with a set.
   */
  private async addOutsideNetlink(
    s: CheckedLinkSpec, create: NonNullable<LinkKind['create']>, where: NamespaceContext, whereFd = where.enterFd(),
  ): Promise<Link> {
    const name = s.name;
    // Resolve the master first, so that a wrong name fails before anything is created.
    const ctx = await this.context(typeof s.master === 'string' ? [s.master] : [], NOTHING_HELD, where);
    // Under an atomic batch this waits until the batch is sent (a dropped batch makes nothing).
    await this.ns.netlink().ready();
    await create(whereFd, s);
    const conn = where.netlink();
    const changes: LinkChanges = { mtu: s.mtu, address: s.address, txqueuelen: s.txqueuelen, master: s.master, up: s.up };
    if (Object.values(changes).every((v) => v === undefined)) return this.fetch({ name }, conn);
    try {
      return await this.requestThenFetch(linkSetRequest({ name }, changes, ctx), describe(name), { name }, conn);
    } catch (err) {
      // Do not leave a half-configured device behind.
      await conn.request({ ...linkDeleteRequest({ name }), context: describe(name) }).catch(() => undefined);
      throw err;
    }
  }
}

/** The checked spec with its master given by index (looked up in the namespace the link is made in). */
function withMaster(s: CheckedLinkSpec, master: number): CheckedLinkSpec {
  return Object.freeze(Object.assign(Object.create(Object.getPrototypeOf(s) as object) as CheckedLinkSpec, s, { master }));
}

/**
 * Adds M-DOWN to the flags of each link whose IFLA_LINK parent in this namespace is down, as ip
 * does: from the links read (`known`), else by looking the parent up (ENODEV counts as down).
 */
async function markParentsDown(links: Link[], known: Link[], conn: Pick<NetlinkConnection, 'request'>): Promise<void> {
  let flagsOf: Map<number, number> | undefined;
  const lookups: Array<Promise<void>> = [];
  for (const link of links) {
    const parent = parentToCheck(link);
    if (parent === undefined) continue;
    flagsOf ??= new Map(known.map((l) => [l.index, l.flagsValue]));
    const flags = flagsOf.get(parent);
    if (flags !== undefined) markParentDown(link, flags);
    else lookups.push(flagWord(conn, parent).then((f) => markParentDown(link, f)));
  }
  await Promise.all(lookups);
}

/** The IFF_* word of link `index`, or undefined when there is no such link. */
async function flagWord(conn: Pick<NetlinkConnection, 'request'>, index: number): Promise<number | undefined> {
  let flags: number | undefined;
  try {
    await conn.request({ ...linkGetRequest({ index }), context: describe(index), onMessage: (buf, off, len) => { flags = readIfFlags(buf, off, len); } });
  } catch (err) {
    if (err instanceof NetlinkError && err.code === 'ENODEV') return undefined;
    throw err;
  }
  return flags;
}

function targetOf(ref: LinkRef): LinkTarget {
  return typeof ref === 'number' ? { index: ref } : { name: ref };
}
