// ns.routes: the routing tables of one namespace (ip route).
import { RTM, RTA, RT_TABLE } from '../uapi/rtnetlink';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../uapi/socket';
import type { NamespaceContext } from './context';
import type { LinkResolver } from './link-resolver';
import type { LinkRef } from '../types/link';
import { NetlinkConnection } from '../transport/connection';
import { decodeRoute, writeRouteGet, type RouteOp } from '../codecs/route-codec';
import { routeWrite, sendWrite } from './writes';
import { routeFilterSchema, routeGetSchema } from '../specs/route';
import type { Route, RouteGetOptions, RouteSpec } from '../types/route';
import { DumpStream } from '../transport/dump-stream';
import type { MessageWriter } from '../codecs/writer';
import { linkNames } from './ifindex-names';
import { afOf, ofFamily, parseAddress, type Family, type ParsedAddress } from '../specs/ip';
import { NetlinkError } from '../errors';
import type { RouteFilter } from '../types/route';


interface ParsedFilter { af: number; table: number; dev?: LinkRef; protocol: number; type: number }


function parseFilter(input: RouteFilter): ParsedFilter {
  const filter = routeFilterSchema.parse(input, 'filter');
  // dev is an own property even when absent: a polluted Object.prototype.dev must not filter.
  const out: ParsedFilter = { af: AF_UNSPEC, table: RT_TABLE.MAIN, dev: undefined, protocol: 0, type: 0 };
  if (filter.family !== undefined) out.af = afOf(filter.family as Family);
  // table, protocol and type: numbers the schema parsed ('all' tables is UNSPEC).
  if (filter.table !== undefined) out.table = filter.table as number;
  if (filter.dev !== undefined) out.dev = filter.dev as LinkRef;
  if (filter.protocol !== undefined) out.protocol = filter.protocol as number;
  if (filter.type !== undefined) out.type = filter.type as number;
  return out;
}

/**
 * The dump request, filtered by the kernel (strict checking): rtm_table/RTA_TABLE, rtm_protocol,
 * rtm_type and RTA_OIF are the fields ip_valid_fib_dump_req accepts.
 */
function writeDumpRequest(w: MessageWriter, f: ParsedFilter, oif: number | undefined): void {
  const big = f.table > 255;
  w.u8(f.af).u8(0).u8(0).u8(0).u8(big ? 0 : f.table).u8(f.protocol).u8(0).u8(f.type).u32(0);
  if (big) w.attrU32(RTA.TABLE, f.table);
  if (oif !== undefined) w.attrU32(RTA.OIF, oif);
}

/** A dumped message this collection reports: IPv4/IPv6 routes (the kernel applied the filter). */
function wanted(buf: Buffer, off: number, f: ParsedFilter): boolean {
  const af = buf[off + 16];
  if (af !== AF_INET && af !== AF_INET6) return false;  // ipmr/ip6mr/MPLS entries of an AF_UNSPEC dump
  return f.af === AF_UNSPEC || af === f.af;
}

// A table that does not exist yet is an empty list, not an error.
const noSuchTable = (err: NetlinkError): boolean => err.code === 'ENOENT';

/** The routing tables of one namespace (`ip route`); `ns.routes`. */
export class Routes {
  /** Made by the namespace's `routes` getter. @internal */
  constructor(private readonly ns: NamespaceContext) {}

  private get resolver(): LinkResolver { return this.ns.resolver; }

  /** Like `ip route add`: fails with EEXIST if the route is there. */
  add(spec: RouteSpec): Promise<void> { return this.modify('add', spec); }
  /** Like `ip route replace`: adds or replaces. */
  replace(spec: RouteSpec): Promise<void> { return this.modify('replace', spec); }
  /**
   * Like `ip route prepend`: adds the route even where one with the same destination, table,
   * tos and metric exists (a second default route through another gateway), before those.
   */
  prepend(spec: RouteSpec): Promise<void> { return this.modify('prepend', spec); }
  /** Like `ip route append`: as prepend(), after the routes with the same key. */
  append(spec: RouteSpec): Promise<void> { return this.modify('append', spec); }
  /** Like `ip route del`: the fields given must match (a Route from list() matches itself). */
  delete(spec: RouteSpec): Promise<void> { return this.modify('delete', spec); }

  private modify(op: RouteOp, spec: RouteSpec): Promise<void> {
    return sendWrite(this.ns, routeWrite, op, spec);
  }

  /** Routes of one table (default main) or of all tables, both families unless filtered. */
  async list(filter: RouteFilter = {}): Promise<Route[]> {
    const f = parseFilter(filter);
    const conn = this.ns.netlink();
    // The lookup and the name dump go out together: one round trip.
    const [oif, names] = await Promise.all([f.dev === undefined ? undefined : this.resolver.index(f.dev), linkNames(conn)]);
    try {
      return await conn.dump(RTM.GETROUTE, (w) => writeDumpRequest(w, f, oif),
        (buf, off, len) => (wanted(buf, off, f) ? decodeRoute(buf, off, len, names) : undefined));
    } catch (err) {
      if (err instanceof NetlinkError && noSuchTable(err)) return [];
      throw err;
    }
  }

  /**
   * Like list(), as an async iterator in bounded memory whatever the size of the table: it reads
   * on a socket of its own and pauses it while the consumer is behind.
   */
  stream(filter: RouteFilter = {}): AsyncIterableIterator<Route> {
    const f = parseFilter(filter);
    let names: Map<number, string> | undefined;
    let oif: number | undefined;
    return new DumpStream<Route>(() => new NetlinkConnection(this.ns.enterFd()), {
      type: RTM.GETROUTE,
      prepare: async () => {
        [oif, names] = await Promise.all([f.dev === undefined ? undefined : this.resolver.index(f.dev), linkNames(this.ns.netlink())]);
      },
      encode: (w) => writeDumpRequest(w, f, oif),
      decode: (buf, off, len) => (wanted(buf, off, f) ? decodeRoute(buf, off, len, names) : undefined),
      emptyOn: noSuchTable,
    });
  }

  /** The kernel's route lookup for dst (ip route get): the route it would use, resolved. */
  async get(dst: string, options: RouteGetOptions = {}): Promise<Route> {
    const addr = parseAddress(dst, 'dst');
    const o = routeGetSchema.parse(options, 'options');
    const from = ofFamily(o.from as ParsedAddress | undefined, addr.family, 'options.from');  // parsed by the schema
    const iifRef = o.iif as LinkRef | undefined;
    const oifRef = o.oif as LinkRef | undefined;
    const mark = o.mark as number | undefined;
    const uid = o.uid as number | undefined;
    const tos = (o.tos as number | undefined) ?? 0;
    const fibMatch = o.fibMatch === true;
    const conn = this.ns.netlink();
    const [iif, oif, names] = await Promise.all([
      iifRef === undefined ? undefined : this.resolver.index(iifRef),
      oifRef === undefined ? undefined : this.resolver.index(oifRef),
      linkNames(conn),
    ]);
    let found: Route | undefined;
    await conn.request({
      type: RTM.GETROUTE, flags: 0,
      context: `(route get ${addr.text})`,
      encode: (w) => writeRouteGet(w, { dst: addr, from, iif, oif, mark, uid, tos, fibMatch }),
      onMessage: (buf, off, len) => { found = decodeRoute(buf, off, len, names); },
    });
    if (!found) throw new Error(`RTM_GETROUTE returned no route for ${addr.text}`);
    return found;
  }
}
