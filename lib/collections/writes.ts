// A write (add, replace, delete, set) checked and ready to encode: what the collections' write
// methods send one at a time, and what ns.batch() packs by the thousand into shared datagrams.
// Making one checks the arguments (TypeError/RangeError before any system call); the link names
// its message needs are listed in `refs` for the sender to resolve, then handed to request().
import { NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_REQUEST } from '../uapi/netlink';
import { RTM, RT_TABLE } from '../uapi/rtnetlink';
import type { LinkRef } from '../types/link';
import type { MessageWriter } from '../codecs/writer';
import type { NamespaceContext } from './context';
import { toRouteMessage, writeRouteMessage, type RouteOp } from '../codecs/route-codec';
import { dstText, parseRouteSpec, routeDevices, type ParsedRoute } from '../specs/route';
import type { RouteSpec } from '../types/route';
import { addrAddRequest, addrDeleteRequest } from '../codecs/addr-codec';
import { validateAddressOptions } from '../specs/address';
import type { AddressRequestOptions } from '../codecs/addr-codec';
import type { AddressOptions } from '../types/address';
import { parsePrefix, type ParsedPrefix } from '../specs/ip';
import { invalidArgType } from '../errors';
import { validateInteger, validateLinkRef, validateObject } from '../specs/validate';
import { writeNeighborMessage } from '../codecs/neigh-codec';
import { parseNeighborSpec, type ParsedNeighbor } from '../specs/neighbor';
import type { NeighborSpec } from '../types/neighbor';
import { writeFdbMessage } from '../codecs/fdb-codec';
import { parseFdbSpec } from '../specs/fdb';
import type { FdbSpec } from '../types/fdb';
import { writeRuleMessage, type RuleMessage } from '../codecs/rule-codec';
import { parseRuleSpec } from '../specs/rule';
import type { RuleSpec } from '../types/rule';
import { writeNexthopId, writeNexthopMessage, type ParsedNexthop } from '../codecs/nexthop-codec';
import { parseNexthopSpec } from '../specs/nexthop';
import type { NexthopSpec } from '../types/nexthop';
import { linkDeleteRequest, linkSetRequest, type LinkTarget } from '../codecs/link-request';
import { validateLinkChanges, type CheckedLinkChanges } from '../specs/link-spec';
import type { LinkChanges } from '../types/link';

/** The message of a write, once its link names are numbers. */
export interface WriteRequest {
  type: number;
  /** NLM_F_* beyond REQUEST and ACK. */
  flags: number;
  readonly encode: (w: MessageWriter) => void;
}

/** A checked write. */
export interface PreparedWrite {
  /** Link names (or indexes) the message refers to: resolved before request() is called. */
  readonly refs: readonly LinkRef[];
  /** It may rename a link: later operations of a batch must look names up after it is done. */
  readonly renames: boolean;
  /** The message, with the names of refs turned into indexes by ifindex. */
  request(ifindex: (ref: LinkRef) => number): WriteRequest;
  /** Words for an error message, e.g. "(route 10.0.0.0/24 table 100)"; built only on failure. */
  context(): string;
  /**
   * Writes the whole message (header with NLM_F_REQUEST and the write's flags, then the body) and
   * returns its type: request() without the objects it makes, for writes sent by the thousand.
   */
  encodeInto?(w: MessageWriter, ifindex: (ref: LinkRef) => number): number;
}

const NO_REFS: readonly LinkRef[] = Object.freeze([]);
const CREATE_FLAGS = { add: NLM_F_CREATE | NLM_F_EXCL, replace: NLM_F_CREATE | NLM_F_REPLACE, delete: 0 } as const;
type WriteOp = keyof typeof CREATE_FLAGS;
// ip route prepend: a route beside those with the same key, first (no EXCL); append: last.
const ROUTE_FLAGS: Record<RouteOp, number> = { ...CREATE_FLAGS, prepend: NLM_F_CREATE, append: NLM_F_CREATE | NLM_F_APPEND };

// ---- routes ----

class RouteWrite implements PreparedWrite {
  readonly renames = false;
  readonly refs: readonly LinkRef[];
  constructor(private readonly op: RouteOp, private readonly route: ParsedRoute) {
    this.refs = route.dev === undefined && route.hops === undefined ? NO_REFS : routeDevices(route);
  }

  request(ifindex: (ref: LinkRef) => number): WriteRequest {
    const m = toRouteMessage(this.route, this.op, ifindex);
    return { type: this.op === 'delete' ? RTM.DELROUTE : RTM.NEWROUTE, flags: ROUTE_FLAGS[this.op], encode: (w) => writeRouteMessage(w, m) };
  }

  encodeInto(w: MessageWriter, ifindex: (ref: LinkRef) => number): number {
    const type = this.op === 'delete' ? RTM.DELROUTE : RTM.NEWROUTE;
    const m = toRouteMessage(this.route, this.op, ifindex);
    w.begin(type, NLM_F_REQUEST | ROUTE_FLAGS[this.op]);
    writeRouteMessage(w, m);
    return type;
  }

  context(): string {
    const table = toRouteMessage(this.route, this.op, () => 0).table;
    return `(route ${dstText(this.route)}${table !== RT_TABLE.MAIN ? ` table ${table}` : ''})`;
  }
}

export const routeWrite = (op: RouteOp, spec: RouteSpec): PreparedWrite => new RouteWrite(op, parseRouteSpec(spec));

// ---- addresses ----

class AddressWrite implements PreparedWrite {
  readonly renames = false;
  readonly refs: readonly LinkRef[];
  constructor(
    private readonly link: LinkRef, private readonly cidr: string, private readonly prefix: ParsedPrefix,
    /** undefined for a delete. */
    private readonly options: AddressRequestOptions | undefined, private readonly replace: boolean,
  ) {
    this.refs = [link];
  }

  request(ifindex: (ref: LinkRef) => number): WriteRequest {
    const index = ifindex(this.link);
    return this.options === undefined
      ? addrDeleteRequest(index, this.prefix, this.cidr.includes('/'))
      : addrAddRequest(index, this.prefix, this.options, this.replace);
  }

  context(): string { return `(${this.cidr} on ${JSON.stringify(this.link)})`; }
}

/** ip addr add/replace (options given) or del (options undefined). */
export function addressWrite(op: WriteOp, link: unknown, cidr: unknown, options: AddressOptions | undefined): PreparedWrite {
  const ref = validateLinkRef(link);
  if (op === 'delete' && typeof cidr !== 'string') throw invalidArgType('cidr', 'an address string like "10.0.0.1/24"', cidr);
  const p = parsePrefix(cidr, 'cidr');
  const o = op === 'delete' ? undefined : validateAddressOptions(options, p, ref);
  return new AddressWrite(ref, cidr as string, p, o, op === 'replace');
}

// ---- neighbours and bridge fdb entries (both RTM_*NEIGH on one device) ----

class NeighborWrite implements PreparedWrite {
  readonly renames = false;
  readonly refs: readonly LinkRef[];
  constructor(
    private readonly op: WriteOp, private readonly dev: LinkRef, private readonly write: (w: MessageWriter, ifindex: number) => void,
    private readonly what: string,
  ) {
    this.refs = [dev];
  }

  request(ifindex: (ref: LinkRef) => number): WriteRequest {
    const index = ifindex(this.dev);
    const write = this.write;
    return { type: this.op === 'delete' ? RTM.DELNEIGH : RTM.NEWNEIGH, flags: CREATE_FLAGS[this.op], encode: (w) => write(w, index) };
  }

  context(): string { return `(${this.what} dev ${this.dev})`; }
}

export function neighborWrite(op: WriteOp, spec: NeighborSpec): PreparedWrite {
  const { dev, msg, address }: ParsedNeighbor = parseNeighborSpec(spec, op);
  return new NeighborWrite(op, dev, (w, ifindex) => writeNeighborMessage(w, { ...msg, ifindex }), `neighbor ${address}`);
}

export function fdbWrite(op: WriteOp, spec: FdbSpec): PreparedWrite {
  const { dev, msg, lladdr } = parseFdbSpec(spec);
  return new NeighborWrite(op, dev, (w, ifindex) => writeFdbMessage(w, { ...msg, ifindex }), `fdb ${lladdr}`);
}

// ---- rules ----

class RuleWrite implements PreparedWrite {
  readonly renames = false;
  readonly refs = NO_REFS;
  constructor(private readonly op: 'add' | 'delete', private readonly m: RuleMessage) {}

  request(): WriteRequest {
    const m = this.m;
    return { type: this.op === 'add' ? RTM.NEWRULE : RTM.DELRULE, flags: CREATE_FLAGS[this.op], encode: (w) => writeRuleMessage(w, m) };
  }

  context(): string { return `(rule${this.m.priority !== undefined ? ` priority ${this.m.priority}` : ''})`; }
}

export const ruleWrite = (op: 'add' | 'delete', spec: RuleSpec): PreparedWrite => new RuleWrite(op, parseRuleSpec(spec, op));

// ---- nexthops ----

class NexthopWrite implements PreparedWrite {
  readonly renames = false;
  readonly refs: readonly LinkRef[];
  /** nexthop undefined: a delete of id. */
  constructor(private readonly op: WriteOp, private readonly id: number, private readonly nexthop: ParsedNexthop | undefined) {
    this.refs = nexthop?.dev === undefined ? NO_REFS : [nexthop.dev];
  }

  request(ifindex: (ref: LinkRef) => number): WriteRequest {
    const { nexthop, id } = this;
    if (nexthop === undefined) return { type: RTM.DELNEXTHOP, flags: 0, encode: (w) => writeNexthopId(w, id) };
    const oif = nexthop.dev === undefined ? undefined : ifindex(nexthop.dev);
    return { type: RTM.NEWNEXTHOP, flags: CREATE_FLAGS[this.op], encode: (w) => writeNexthopMessage(w, { ...nexthop, oif }) };
  }

  context(): string { return `(nexthop id ${this.id})`; }
}

export function nexthopWrite(op: 'add' | 'replace', spec: NexthopSpec): PreparedWrite {
  const parsed = parseNexthopSpec(spec);
  return new NexthopWrite(op, parsed.id, parsed);
}

/** A Nexthop from list() works too; only its own id is read. */
export function nexthopDelete(ref: unknown): PreparedWrite {
  let id: unknown = ref;
  if (typeof ref === 'object' && ref !== null) {
    const o = validateObject(ref, 'id');
    id = Object.hasOwn(o, 'id') ? o.id : undefined;
  }
  return new NexthopWrite('delete', validateInteger(id, 'id', 1, 0xffffffff), undefined);
}

// ---- links: set (not a move to another namespace) and delete ----

/** Encodes with indexes only: the link's names were resolved into the map. */
const kindContext = (ifindex: (ref: LinkRef) => number) => ({
  linkIndex: ifindex,
  namespaceFd: (): never => { throw new Error('a namespace change does not go through a batch write'); },
});

class LinkWrite implements PreparedWrite {
  readonly refs: readonly LinkRef[];
  readonly renames: boolean;
  /** changes undefined: a delete. */
  constructor(private readonly link: LinkRef, private readonly changes: CheckedLinkChanges | undefined) {
    this.renames = changes?.name !== undefined && changes.name !== link;
    const refs: LinkRef[] = [];
    // A rename addresses the link by index (IFLA_IFNAME carries the new name); otherwise the
    // kernel looks the name up itself.
    if (this.renames && typeof link === 'string') refs.push(link);
    if (typeof changes?.master === 'string') refs.push(changes.master);
    this.refs = refs.length ? refs : NO_REFS;
  }

  request(ifindex: (ref: LinkRef) => number): WriteRequest {
    const link = this.link;
    const target: LinkTarget = typeof link === 'number' ? { index: link } : this.renames ? { index: ifindex(link) } : { name: link };
    return this.changes === undefined ? linkDeleteRequest(target) : linkSetRequest(target, this.changes, kindContext(ifindex));
  }

  context(): string { return `(link ${JSON.stringify(this.link)})`; }
}

/**
 * links.set as a batch write; undefined for a move to another namespace, which is not one message
 * of this namespace (the batch sends it through links.set itself).
 */
export function linkSetWrite(ref: unknown, changes: LinkChanges): PreparedWrite | undefined {
  const link = validateLinkRef(ref);
  const { changes: c, namespace } = validateLinkChanges(changes);
  return namespace ? undefined : new LinkWrite(link, c);
}

export const linkDeleteWrite = (ref: unknown): PreparedWrite => new LinkWrite(validateLinkRef(ref), undefined);

// ---- sending one ----

const NO_INDEXES = new Map<LinkRef, number>();

function sendResolved(ns: NamespaceContext, write: PreparedWrite, indexes: Map<LinkRef, number>): Promise<void> {
  const r = write.request((ref) => (typeof ref === 'number' ? ref : indexes.get(ref)!));
  return ns.netlink().request({ type: r.type, flags: r.flags, encode: r.encode, context: () => write.context() });
}

/**
 * Checks a write (prepare(...args)) and sends it on the namespace's connection. Every failure, a
 * bad argument included, comes through the promise; a write that names no link is queued in this
 * tick (many share one sendmsg).
 */
export function sendWrite<A extends unknown[]>(ns: NamespaceContext, prepare: (...args: A) => PreparedWrite, ...args: A): Promise<void> {
  try {
    const write = prepare(...args);
    if (write.refs.length === 0) return sendResolved(ns, write, NO_INDEXES);
    const resolved = ns.resolver.all(write.refs);
    return resolved instanceof Map ? sendResolved(ns, write, resolved) : resolved.then((m) => sendResolved(ns, write, m));
  } catch (err) {
    return Promise.reject(err);  // a bad argument, a closed handle, no socket (EMFILE, EPERM)
  }
}
