// ns.tc.filters: traffic control filters of one namespace (tc filter), with their actions. Writes
// are checked writes (see writes.ts) whose devices, the filter's and mirred's targets, are
// resolved before the message is built; list() decodes what `tc -s filter show` shows.
import { NLM_F_CREATE, NLM_F_EXCL } from '../uapi/netlink';
import { RTM } from '../uapi/rtnetlink';
import type { NamespaceContext } from './context';
import { sendWrite, type PreparedWrite, type WriteRequest } from './writes';
import { linkNames } from './ifindex-names';
import { decodeFilter, writeFilterMessage } from '../codecs/tc-filters';
import { writeTcmsg } from '../codecs/tc-codec';
import { filterListSchema, parseFilterDelete, parseFilterSpec, type CheckedFilter } from '../specs/tc-filter';
import { formatHandle } from '../specs/tc-units';
import type { LinkRef } from '../types/link';
import type { Filter, FilterDeleteSpec, FilterFilter, FilterSpec } from '../types/tc-filter';

type FilterOp = 'add' | 'replace' | 'delete';
// tc_filter.c: add is CREATE|EXCL, replace only CREATE (a filter of the same handle is changed), del nothing.
const FLAGS: Record<FilterOp, number> = { add: NLM_F_CREATE | NLM_F_EXCL, replace: NLM_F_CREATE, delete: 0 };

class FilterWrite implements PreparedWrite {
  readonly renames = false;
  readonly refs: readonly LinkRef[];
  constructor(private readonly op: FilterOp, private readonly f: CheckedFilter) {
    const refs: LinkRef[] = [f.dev];
    for (const a of f.actions ?? []) if (a.kind === 'mirred') refs.push(a.dev);
    this.refs = refs;
  }

  request(ifindex: (ref: LinkRef) => number): WriteRequest {
    const f = this.f;
    return {
      type: this.op === 'delete' ? RTM.DELTFILTER : RTM.NEWTFILTER, flags: FLAGS[this.op],
      encode: (w) => writeFilterMessage(w, f, ifindex),
    };
  }

  context(): string {
    const { f } = this;
    const prio = f.info >>> 16;
    return `(filter${f.kind ? ` ${f.kind}` : ''} dev ${f.dev} parent ${formatHandle(f.parent)}${prio ? ` prio ${prio}` : ''})`;
  }
}

const filterWrite = (op: Exclude<FilterOp, 'delete'>, spec: unknown): PreparedWrite => new FilterWrite(op, parseFilterSpec(spec));
const filterDelete = (spec: unknown): PreparedWrite => new FilterWrite('delete', parseFilterDelete(spec));

/** The filters of one namespace (`tc filter`); `ns.tc.filters`. */
export class TcFilters {
  /** Made by Tc. @internal */
  constructor(private readonly ns: NamespaceContext) {}

  /** Like `tc filter add`: EEXIST if the prio has a filter of that handle, EINVAL if the prio has another kind. */
  add(spec: FilterSpec): Promise<void> { return sendWrite(this.ns, filterWrite, 'add', spec); }
  /** Like `tc filter replace`: adds, or changes the filter of the same prio and handle. */
  replace(spec: FilterSpec): Promise<void> { return sendWrite(this.ns, filterWrite, 'replace', spec); }
  /**
   * Like `tc filter del`: with prio, that prio's filters (one of them with kind and handle);
   * without, every filter of the parent.
   */
  delete(spec: FilterDeleteSpec): Promise<void> { return sendWrite(this.ns, filterDelete, spec); }

  /**
   * Like `tc -s filter show dev D [parent P]` (the root qdisc's without parent): every entry the
   * kernel dumps, in its order, as tc prints them (u32 lists a prio's head, its hash table and its keys).
   */
  async list(filter: FilterFilter): Promise<Filter[]> {
    const f = filterListSchema.parse(filter, 'filter');  // a throw here rejects the promise
    const conn = this.ns.netlink();
    const [index, names] = await Promise.all([this.ns.resolver.index(f.dev as LinkRef), linkNames(conn)]);
    const parent = (f.parent as number | undefined) ?? 0;
    return conn.dump(RTM.GETTFILTER, (w) => writeTcmsg(w, { ifindex: index, handle: 0, parent }), (buf, off, len) => decodeFilter(buf, off, len, names));
  }
}
