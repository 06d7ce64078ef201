// struct rtmsg + RTA_* attributes <-> typed Route objects. Three steps, kept apart so the bytes can
// be tested against iproute2's: parseRouteSpec (specs/route.ts: validation, no system call), the
// caller resolves device names, toRouteMessage + writeRouteMessage (here: pure encoding).
// decodeRoute reads replies.
import type { LinkRef } from '../types/link';
import { NLMSG_HDRLEN } from '../uapi/netlink';
import { RTA, RTAX, RTMSG_LEN, RTM_F, RTNH_F, RTN, RT_SCOPE, RT_TABLE, RTPROT } from '../uapi/rtnetlink';
import { AF_INET6 } from '../uapi/socket';
import { RTAX_NAMES, ROUTE_FLAG_NAMES } from './route-attr-names';
import { MalformedMessageError, SLASH_LENGTH, forEachAttr, readIPv4, readIp, readPrefix, readRaw, readString, u16le, u32le } from './reader';
import type { MessageWriter } from './writer';
import { afOf, type Family, type ParsedAddress } from '../specs/ip';
import { protocolName, routeTypeName, scopeName } from './iproute2-names';
import type { Route, RouteMetrics, RouteNexthop } from '../types/route';
import type { ParsedRoute } from '../specs/route';

/** prepend and append add with add's defaults; they differ from it only in the request's flags. */
export type RouteOp = 'add' | 'replace' | 'delete' | 'prepend' | 'append';

export interface RouteMessage {
  af: number; dstLen: number; srcLen: number; tos: number; table: number; protocol: number; scope: number; type: number; flags: number;
  dst?: Buffer; from?: Buffer; gateway?: ParsedAddress; priority?: number; prefsrc?: Buffer; nhid?: number;
  multipath?: Array<{ gateway?: ParsedAddress; oif: number; weight: number; flags: number }>;
  oif?: number; metrics: Array<[number, number | string]>; lock: number; pref?: number;
}

const isLocalType = (t: number): boolean => t === RTN.LOCAL || t === RTN.BROADCAST || t === RTN.NAT || t === RTN.ANYCAST;

/**
 * Header defaults as `ip route add/del` chooses them (iproute2 ip/iproute.c iproute_modify):
 * protocol boot on add, type unicast on add; table local for local/broadcast/anycast/nat routes;
 * scope host/link/universe by type and gateway; IPv4 delete matches any scope (NOWHERE).
 */
export function toRouteMessage(r: ParsedRoute, op: RouteOp, ifindex: (ref: LinkRef) => number): RouteMessage {
  const del = op === 'delete';
  const type = r.type ?? (del ? RTN.UNSPEC : RTN.UNICAST);
  let scope = r.scope;
  if (scope === undefined) {
    if (r.family === 6) scope = RT_SCOPE.UNIVERSE;
    else if (type === RTN.LOCAL || type === RTN.NAT) scope = RT_SCOPE.HOST;
    else if (type === RTN.BROADCAST || type === RTN.MULTICAST || type === RTN.ANYCAST) scope = RT_SCOPE.LINK;
    else if (type === RTN.UNICAST || type === RTN.UNSPEC) {
      if (del) scope = RT_SCOPE.NOWHERE;
      else if (!r.via && !r.hops && r.nhid === undefined) scope = RT_SCOPE.LINK;
      else scope = RT_SCOPE.UNIVERSE;
    } else scope = RT_SCOPE.UNIVERSE;
  }
  const table = r.table ?? (isLocalType(type) ? RT_TABLE.LOCAL : RT_TABLE.MAIN);
  const m: RouteMessage = {
    af: afOf(r.family), dstLen: r.dst.length, srcLen: r.from?.length ?? 0, tos: r.tos, table,
    protocol: r.protocol ?? (del ? RTPROT.UNSPEC : RTPROT.BOOT), scope, type,
    flags: r.onlink ? RTNH_F.ONLINK : 0, metrics: r.metrics, lock: r.lock,
    dst: undefined, from: undefined, gateway: undefined, priority: undefined, prefsrc: undefined, nhid: undefined,
    multipath: undefined, oif: undefined, pref: undefined,
  };
  if (r.dst.bytes) m.dst = r.dst.bytes;
  if (r.from && r.from.length > 0) m.from = r.from.bytes;
  if (r.via) m.gateway = r.via;
  if (r.metric !== undefined) m.priority = r.metric;
  if (r.src) m.prefsrc = r.src.bytes;
  if (r.nhid !== undefined) m.nhid = r.nhid;
  if (r.hops) {
    m.multipath = r.hops.map((h) => ({
      gateway: h.via, oif: h.dev === undefined ? 0 : ifindex(h.dev), weight: h.weight, flags: h.onlink ? RTNH_F.ONLINK : 0,
    }));
  }
  if (r.dev !== undefined) m.oif = ifindex(r.dev);
  if (r.pref !== undefined) m.pref = r.pref;
  return m;
}

function writeGateway(w: MessageWriter, routeAf: number, g: ParsedAddress): void {
  if (g.af === routeAf) w.attrBytes(RTA.GATEWAY, g.bytes);
  else {
    // RTA_VIA: struct rtvia { __kernel_sa_family_t family; u8 addr[]; } (IPv4 route via an IPv6 gateway)
    const via = Buffer.alloc(2 + g.bytes.length);
    via.writeUInt16LE(g.af, 0);
    g.bytes.copy(via, 2);
    w.attrBytes(RTA.VIA, via);
  }
}

/**
 * rtmsg and attributes in iproute2's order for the same command: RTA_DST, RTA_SRC, RTA_GATEWAY,
 * RTA_TABLE (tables above 255 only; smaller ones go in rtm_table), RTA_PRIORITY, RTA_PREFSRC,
 * RTA_NH_ID, RTA_PREF, RTA_MULTIPATH, RTA_OIF, RTA_METRICS. ip writes the options as it parses
 * them and RTA_OIF/RTA_METRICS after the loop, so RTA_PREF precedes RTA_OIF; inside RTA_METRICS
 * the metrics come first and RTAX_LOCK last (golden captures route6-add-pref-*, *-mtu-lock).
 */
export function writeRouteMessage(w: MessageWriter, m: RouteMessage): void {
  const bigTable = m.table > 255;
  // struct rtmsg as three little-endian words (the hot path of bulk adds)
  w.u32(m.af | (m.dstLen << 8) | (m.srcLen << 16) | (m.tos << 24))
    .u32((bigTable ? RT_TABLE.UNSPEC : m.table) | (m.protocol << 8) | (m.scope << 16) | (m.type << 24))
    .u32(m.flags);
  if (m.dst) w.attrBytes(RTA.DST, m.dst);
  if (m.from) w.attrBytes(RTA.SRC, m.from);
  if (m.gateway) writeGateway(w, m.af, m.gateway);
  if (bigTable) w.attrU32(RTA.TABLE, m.table);
  if (m.priority !== undefined) w.attrU32(RTA.PRIORITY, m.priority);
  if (m.prefsrc) w.attrBytes(RTA.PREFSRC, m.prefsrc);
  if (m.nhid !== undefined) w.attrU32(RTA.NH_ID, m.nhid);
  if (m.pref !== undefined) w.attrU8(RTA.PREF, m.pref);
  if (m.multipath) {
    const mp = w.beginNested(RTA.MULTIPATH);
    for (const h of m.multipath) {
      // struct rtnexthop { u16 len; u8 flags; u8 hops (weight - 1); s32 ifindex; } then its attributes
      const start = w.pos;
      w.u16(0).u8(h.flags).u8(h.weight - 1).i32(h.oif);
      if (h.gateway) writeGateway(w, m.af, h.gateway);
      w.endNested(start);
    }
    w.endNested(mp);
  }
  if (m.oif !== undefined) w.attrU32(RTA.OIF, m.oif);
  if (m.metrics.length > 0 || m.lock !== 0) {
    const nest = w.beginNested(RTA.METRICS);
    for (const [type, v] of m.metrics) {
      if (typeof v === 'string') w.attrString(type, v);
      else w.attrU32(type, v);
    }
    if (m.lock !== 0) w.attrU32(RTAX.lock, m.lock);
    w.endNested(nest);
  }
}

export interface RouteGetMessage {
  dst: ParsedAddress; from?: ParsedAddress; iif?: number; oif?: number; mark?: number; uid?: number; tos: number; fibMatch: boolean;
}

/**
 * RTM_GETROUTE as `ip route get` sends it: full-length dst (and src), RTM_F_LOOKUP_TABLE for IPv4
 * so the reply names the table that matched. IPv6 rejects that flag under strict checking (the
 * reply carries the table anyway), and iproute2 does not send it there either.
 */
export function writeRouteGet(w: MessageWriter, m: RouteGetMessage): void {
  const full = m.dst.family === 4 ? 32 : 128;
  let flags = m.dst.family === 4 ? RTM_F.LOOKUP_TABLE : 0;
  if (m.fibMatch) flags |= RTM_F.FIB_MATCH;
  w.u8(m.dst.af).u8(full).u8(m.from ? full : 0).u8(m.tos).u8(0).u8(0).u8(0).u8(0).u32(flags);
  w.attrBytes(RTA.DST, m.dst.bytes);
  if (m.from) w.attrBytes(RTA.SRC, m.from.bytes);
  if (m.iif !== undefined) w.attrU32(RTA.IIF, m.iif);
  if (m.oif !== undefined) w.attrU32(RTA.OIF, m.oif);
  if (m.mark !== undefined) w.attrU32(RTA.MARK, m.mark);
  if (m.uid !== undefined) w.attrU32(RTA.UID, m.uid);
}

// ---- decoding ----

const NO_FLAGS: readonly string[] = Object.freeze([]);
const NO_RAW: Readonly<Record<number, Buffer>> = Object.freeze({});
const PREF_NAMES: Record<number, 'low' | 'medium' | 'high'> = { 0: 'medium', 1: 'high', 3: 'low' };
const USER_HZ = 100;  // clock_t units of rta_cacheinfo.rta_expires

function flagNames(flags: number): readonly string[] {
  if (flags === 0) return NO_FLAGS;
  const out: string[] = [];
  for (const [bit, name] of ROUTE_FLAG_NAMES) if (flags & bit) out.push(name);
  return out;
}

// Most routes of a table share their gateway: the text of the last IPv4 one is reused (one string
// for all of them instead of one each, which a 100 000-route dump would otherwise build and keep).
let lastGateway = -1;
let lastGatewayText = '';

function readGateway(buf: Buffer, off: number, len: number): string {
  if (len !== 4) return readIp(buf, off, len);
  const key = u32le(buf, off);
  if (key !== lastGateway) {
    lastGatewayText = readIPv4(buf, off);
    lastGateway = key;
  }
  return lastGatewayText;
}

function readGatewayOrVia(buf: Buffer, type: number, off: number, len: number): string {
  if (type === RTA.GATEWAY) return readGateway(buf, off, len);
  if (len < 2) throw new MalformedMessageError('short RTA_VIA');
  return readIp(buf, off + 2, len - 2);
}

function decodeMultipath(buf: Buffer, off: number, len: number, names?: ReadonlyMap<number, string>): RouteNexthop[] {
  const hops: RouteNexthop[] = [];
  const end = off + len;
  let p = off;
  while (p + 8 <= end) {
    const hlen = buf.readUInt16LE(p);
    if (hlen < 8 || p + hlen > end) throw new MalformedMessageError(`rtnexthop length ${hlen}`);
    const flags = buf[p + 2];
    const oif = buf.readInt32LE(p + 4);
    const hop: { via?: string; dev?: string; oif?: number; weight: number; onlink?: boolean; flags: readonly string[]; raw?: Record<number, Buffer> } = {
      weight: buf[p + 3] + 1, flags: flagNames(flags),
    };
    if (oif > 0) { hop.oif = oif; const n = names?.get(oif); if (n !== undefined) hop.dev = n; }
    if (flags & RTNH_F.ONLINK) hop.onlink = true;
    // A local, not hop.raw ??= {}: that would read (and fill) a polluted Object.prototype.raw.
    let raw: Record<number, Buffer> | undefined;
    forEachAttr(buf, p + 8, p + hlen, (t, a, l) => {
      if (t === RTA.GATEWAY || t === RTA.VIA) hop.via = readGatewayOrVia(buf, t, a, l);
      else (raw ??= {})[t] = readRaw(buf, a, l);
    });
    if (raw) hop.raw = raw;
    hops.push(hop);
    p += (hlen + 3) & ~3;
  }
  return hops;
}

function decodeMetrics(buf: Buffer, off: number, len: number): { metrics: RouteMetrics; lock?: string[] } {
  const metrics: Record<string, number | string> = {};
  let lock: string[] | undefined;
  forEachAttr(buf, off, off + len, (t, a, l) => {
    const name = RTAX_NAMES[t] ?? String(t);
    if (t === RTAX.cc_algo) metrics[name] = readString(buf, a, l);
    else if (l >= 4) {
      const v = buf.readUInt32LE(a);
      if (t === RTAX.lock) {
        lock = [];
        for (let bit = 1; bit < 32; bit++) if (v & (1 << bit)) lock.push(RTAX_NAMES[bit] ?? String(bit));
      } else metrics[name] = v;
    }
  });
  return { metrics, lock };
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };
const NO_DST: Readonly<Record<Family, string>> = { 4: '0.0.0.0', 6: '::' };

/**
 * Decodes one RTM_NEWROUTE message at buf[off, off + len). names maps ifindex to device name.
 * This is the hot path of a 100 000-route dump, so it is kept small (it is optimised early in a
 * fresh process) and allocates little (a dump keeps everything it returns, and the collector
 * copies what survives): one loop over the attributes every route has, no callback per attribute,
 * and one object of one shape with the fields most routes carry (present even when undefined).
 * The fields few routes carry are added by decodeMore, only to the routes that have them.
 */
export function decodeRoute(buf: Buffer, off: number, len: number, names?: ReadonlyMap<number, string>): Route {
  if (len < NLMSG_HDRLEN + RTMSG_LEN || off + len > buf.length) throw new MalformedMessageError('short rtmsg');
  const h = off + NLMSG_HDRLEN;
  const family: Family = buf[h] === AF_INET6 ? 6 : 4;
  const dstLength = buf[h + 1];
  const flags = u32le(buf, h + 8);
  let table = buf[h + 4];
  let dst: string | undefined, from: string | undefined;
  let metric: number | undefined, via: string | undefined, oif: number | undefined, src: string | undefined;
  let pref: Route['pref'], expires: number | undefined;  // every IPv6 route has RTA_PREF and RTA_CACHEINFO
  let more = (flags & RTNH_F.ONLINK) !== 0;
  const end = off + len;
  for (let a = h + RTMSG_LEN; a + 4 <= end;) {
    const alen = u16le(buf, a);
    if (alen < 4 || a + alen > end) throw new MalformedMessageError(`attribute length ${alen} at offset ${a}`);
    const t = u16le(buf, a + 2) & 0x3fff;
    const p = a + 4, l = alen - 4;
    switch (t) {
      case RTA.DST: dst = readPrefix(buf, p, l, dstLength); break;
      case RTA.SRC: from = readPrefix(buf, p, l, buf[h + 2]); break;
      case RTA.TABLE: table = readU32(buf, p, l, 'RTA_TABLE'); break;
      case RTA.PRIORITY: metric = readU32(buf, p, l, 'RTA_PRIORITY'); break;
      case RTA.GATEWAY: case RTA.VIA: via = readGatewayOrVia(buf, t, p, l); break;
      case RTA.OIF: oif = readU32(buf, p, l, 'RTA_OIF'); break;
      case RTA.PREFSRC: src = readIp(buf, p, l); break;
      case RTA.PREF: if (l >= 1) pref = PREF_NAMES[buf[p]]; break;
      case RTA.CACHEINFO: if (l >= 12) { const e = buf[p + 8] | (buf[p + 9] << 8) | (buf[p + 10] << 16) | (buf[p + 11] << 24); if (e !== 0) expires = Math.round(e / USER_HZ); } break;
      case RTA.PAD: break;
      default: more = true;
    }
    a += (alen + 3) & ~3;
  }
  const route: Writable<Route> = {
    family, dst: dst ?? NO_DST[family] + SLASH_LENGTH[dstLength], dstLength, from,
    table, type: routeTypeName(buf[h + 7]), protocol: protocolName(buf[h + 5]), scope: scopeName(buf[h + 6]),
    tos: buf[h + 3], metric, via, dev: oif === undefined ? undefined : names?.get(oif), oif, src,
    flags: flagNames(flags), raw: NO_RAW,
  };
  if (more) {
    decodeMore(route, buf, h + RTMSG_LEN, end, flags, names, pref, expires);
  } else {
    if (pref !== undefined) route.pref = pref;
    if (expires !== undefined) route.expires = expires;
  }
  return route;
}

function readU32(buf: Buffer, p: number, l: number, what: string): number {
  if (l < 4) throw new MalformedMessageError(`short ${what}`);
  return u32le(buf, p);
}

/**
 * The fields decodeRoute leaves out (its loop checked the attribute lengths already) and the two it
 * read, added in one order whatever the order of the attributes, so routes with the same fields
 * share one layout.
 */
function decodeMore(route: Writable<Route>, buf: Buffer, start: number, end: number, flags: number,
  names: ReadonlyMap<number, string> | undefined, pref: Route['pref'], expires: number | undefined): void {
  let nexthops: RouteNexthop[] | undefined, nhid: number | undefined, metrics: RouteMetrics | undefined, lock: string[] | undefined;
  let iif: number | undefined, mark: number | undefined, uid: number | undefined;
  let raw: Record<number, Buffer> | undefined;
  for (let a = start; a + 4 <= end;) {
    const alen = u16le(buf, a);
    const t = u16le(buf, a + 2) & 0x3fff;
    const p = a + 4, l = alen - 4;
    switch (t) {
      case RTA.DST: case RTA.SRC: case RTA.TABLE: case RTA.PRIORITY: case RTA.GATEWAY: case RTA.VIA:
      case RTA.OIF: case RTA.PREFSRC: case RTA.PREF: case RTA.CACHEINFO: case RTA.PAD: break;
      case RTA.MULTIPATH: nexthops = decodeMultipath(buf, p, l, names); break;
      case RTA.NH_ID: nhid = readU32(buf, p, l, 'RTA_NH_ID'); break;
      case RTA.METRICS: ({ metrics, lock } = decodeMetrics(buf, p, l)); break;
      case RTA.IIF: if (l >= 4) iif = buf.readUInt32LE(p); break;
      case RTA.MARK: if (l >= 4) mark = buf.readUInt32LE(p); break;
      case RTA.UID: if (l >= 4) uid = buf.readUInt32LE(p); break;
      default: (raw ??= {})[t] = readRaw(buf, p, l);
    }
    a += (alen + 3) & ~3;
  }
  if (flags & RTNH_F.ONLINK) route.onlink = true;
  if (nexthops !== undefined) route.nexthops = nexthops;
  if (nhid !== undefined) route.nhid = nhid;
  if (metrics !== undefined) route.metrics = metrics;
  if (lock !== undefined) route.lock = lock;
  if (pref !== undefined) route.pref = pref;
  if (iif !== undefined) route.iif = names?.get(iif) ?? iif;
  if (mark !== undefined) route.mark = mark;
  if (uid !== undefined) route.uid = uid;
  if (expires !== undefined) route.expires = expires;
  if (raw) route.raw = raw;
}
