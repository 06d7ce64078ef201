// ns.tc: traffic control of one namespace (tc qdisc, tc class), each collection mirroring its
// tc command: add/replace/change/delete send what tc sends, list() decodes what `tc -s` shows.
import { RTM } from '../uapi/rtnetlink';
import type { NamespaceContext } from './context';
import { sendWrite } from './writes';
import { classDelete, classWrite, qdiscDelete, qdiscWrite } from './tc-writes';
import { linkNames } from './ifindex-names';
import { decodeTc, writeTcmsg, type DecodedTc } from '../codecs/tc-codec';
import { formatHandle } from '../specs/tc-units';
import { Schema, linkRef } from '../specs/schema';
import { CLASS_KINDS, QDISC_KINDS } from '../tc-kinds';
import { TcFilters } from './tc-filters';
import type {
  Qdisc, QdiscDeleteSpec, QdiscSpec, TcClass, TcClassDeleteSpec, TcClassSpec, TcListFilter,
} from '../types/tc';
import type { LinkRef } from '../types/link';

export const tcListSchema = new Schema('tc.list filter', { dev: linkRef });

/** A qdisc's handle as tc prints it: the major only ('1:', '0:'). */
const qdiscHandleText = (h: number): string => `${(h >>> 16).toString(16)}:`;

async function devFilter(ns: NamespaceContext, filter: TcListFilter): Promise<{ index: number | undefined; names: Map<number, string> }> {
  const f = tcListSchema.parse(filter, 'filter');
  const conn = ns.netlink();
  const [index, names] = await Promise.all([f.dev === undefined ? undefined : ns.resolver.index(f.dev as LinkRef), linkNames(conn)]);
  return { index, names };
}

/** The qdiscs of one namespace (`tc qdisc`); `ns.tc.qdiscs`. */
export class Qdiscs {
  /** Made by Tc. @internal */
  constructor(private readonly ns: NamespaceContext) {}

  /** Like `tc qdisc add`: EEXIST if the parent has a qdisc of its own already. */
  add(spec: QdiscSpec): Promise<void> { return sendWrite(this.ns, qdiscWrite, 'add', spec); }
  /** Like `tc qdisc replace`: adds, or replaces the qdisc at parent. */
  replace(spec: QdiscSpec): Promise<void> { return sendWrite(this.ns, qdiscWrite, 'replace', spec); }
  /** Like `tc qdisc change`: new options for the existing qdisc (ENOENT if there is none). */
  change(spec: QdiscSpec): Promise<void> { return sendWrite(this.ns, qdiscWrite, 'change', spec); }
  /** Like `tc qdisc del dev D root` (or parent/handle, or `ingress`/`clsact` by kind). */
  delete(spec: QdiscDeleteSpec): Promise<void> { return sendWrite(this.ns, qdiscDelete, spec); }

  /** Like `tc -s qdisc show [dev D]`. */
  async list(filter: TcListFilter = {}): Promise<Qdisc[]> {
    const { index, names } = await devFilter(this.ns, filter);
    const all = await this.ns.netlink().dump(RTM.GETQDISC, (w) => writeTcmsg(w, { ifindex: index ?? 0, handle: 0, parent: 0 }),
      (buf, off, len) => decodeTc(buf, off, len, QDISC_KINDS));
    return all.filter((d) => index === undefined || d.ifindex === index).map((d): Qdisc => ({
      dev: names.get(d.ifindex), index: d.ifindex, handle: qdiscHandleText(d.handle), parent: formatHandle(d.parent),
      kind: d.kind, options: d.options, stats: d.stats,
    }));
  }
}

/** The classes of one namespace (`tc class`); `ns.tc.classes`. */
export class TcClasses {
  /** Made by Tc. @internal */
  constructor(private readonly ns: NamespaceContext) {}

  /** Like `tc class add`. */
  add(spec: TcClassSpec): Promise<void> { return sendWrite(this.ns, classWrite, 'add', spec); }
  /** Like `tc class replace`. */
  replace(spec: TcClassSpec): Promise<void> { return sendWrite(this.ns, classWrite, 'replace', spec); }
  /** Like `tc class change`. */
  change(spec: TcClassSpec): Promise<void> { return sendWrite(this.ns, classWrite, 'change', spec); }
  /** Like `tc class del dev D classid C`. */
  delete(spec: TcClassDeleteSpec): Promise<void> { return sendWrite(this.ns, classDelete, spec); }

  /** Like `tc -s class show dev D`; every device's without dev (the kernel dumps classes per device). */
  async list(filter: TcListFilter = {}): Promise<TcClass[]> {
    const { index, names } = await devFilter(this.ns, filter);
    const conn = this.ns.netlink();
    const indexes = index === undefined ? [...names.keys()].sort((a, b) => a - b) : [index];
    const dumps = await Promise.all(indexes.map((ifindex) => conn.dump(RTM.GETTCLASS,
      (w) => writeTcmsg(w, { ifindex, handle: 0, parent: 0 }), (buf, off, len) => decodeTc(buf, off, len, CLASS_KINDS))));
    return dumps.flat().map((d: DecodedTc): TcClass => {
      const c: TcClass = {
        dev: names.get(d.ifindex), index: d.ifindex, classid: formatHandle(d.handle), parent: formatHandle(d.parent),
        kind: d.kind, options: d.options, stats: d.stats,
      };
      if (d.info !== 0) c.leaf = qdiscHandleText(d.info);
      return c;
    });
  }
}

/** Traffic control of one namespace (`tc`); `ns.tc`. */
export class Tc {
  /** Queueing disciplines (`tc qdisc`). */
  readonly qdiscs: Qdiscs;
  /** Classes of classful qdiscs (`tc class`). */
  readonly classes: TcClasses;
  /** Filters and their actions (`tc filter`). */
  readonly filters: TcFilters;

  /** Made by the namespace's `tc` getter. @internal */
  constructor(ns: NamespaceContext) {
    this.qdiscs = new Qdiscs(ns);
    this.classes = new TcClasses(ns);
    this.filters = new TcFilters(ns);
  }
}
