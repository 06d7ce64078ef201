// Route specs (routes.add/replace/delete, list filters, get options) -> checked values: every field
// validated before any system call; device names are left for the caller to resolve.
import type { LinkRef } from '../types/link';
import { RTAX, ROUTER_PREF, RT_TABLE } from '../uapi/rtnetlink';
import { ofFamily, parseAddress, type Family, type ParsedAddress, type ParsedPrefix } from './ip';
import { invalidArgValue, outOfRange } from '../errors';
import {
  MAX_ATTR_PAYLOAD, Schema, anyObject, arrayOf, bool, dropped, family, int, linkRef, nested, network, oneOf,
  required, text, u32, u8, type Check, type Checked,
} from './schema';
import { parseProtocol, parseRouteType, parseScope, parseTable } from '../codecs/iproute2-names';
import type { RouteSpec } from '../types/route';

interface ParsedHop { via?: ParsedAddress; dev?: LinkRef; weight: number; onlink: boolean }

/** A validated route spec; device names still to be resolved. */
export interface ParsedRoute {
  family: Family;
  /** dst as given ('default' or the parsed prefix), for error messages: see dstText(). */
  dstGiven: 'default' | ParsedPrefix;
  dst: { bytes?: Buffer; length: number };
  from?: { bytes: Buffer; length: number };
  via?: ParsedAddress;
  dev?: LinkRef;
  table?: number;
  metric?: number;
  src?: ParsedAddress;
  scope?: number;
  protocol?: number;
  type?: number;
  tos: number;
  hops?: ParsedHop[];
  nhid?: number;
  onlink: boolean;
  metrics: Array<[number, number | string]>;
  lock: number;
  pref?: number;
}

const METRIC_NAMES = Object.keys(RTAX).filter((k) => k !== 'lock');
/** TCP_CA_NAME_MAX (16) with the NUL. */
const CC_ALGO_MAX = 15;
/** The smallest rtnexthop is 8 bytes: no more hops than that fit in RTA_MULTIPATH. */
const MAX_HOPS = Math.floor(MAX_ATTR_PAYLOAD / 8);

const metricsSchema = new Schema('route.metrics', Object.fromEntries(
  METRIC_NAMES.map((name) => [name, name === 'cc_algo' ? text(CC_ALGO_MAX, { min: 1 }) : u32])));

// The route schema's checks return what they parsed (numbers, addresses' bytes): a route is parsed
// once, on the hot path of bulk adds. So do the filter's and routes.get's ('all' tables: UNSPEC).
const filterTable: Check = (v, name) => (v === 'all' ? RT_TABLE.UNSPEC : parseTable(v, name));
const tableNumber: Check = parseTable;
const scopeNumber: Check = parseScope;
const protocolNumber: Check = parseProtocol;
const typeNumber: Check = parseRouteType;
const ip: Check = (v, name) => parseAddress(v, name);
const dstPrefix: Check = (v, name) => (v === 'default' ? v : network(v, name));
const PREFS = new Map([['medium', ROUTER_PREF.medium], ['high', ROUTER_PREF.high], ['low', ROUTER_PREF.low]]);
const prefName = oneOf([...PREFS.keys()]);
const prefNumber: Check = (v, name) => PREFS.get(prefName(v, name) as string);

const hopSchema = new Schema('route.nexthops[]', {
  via: ip, dev: linkRef, oif: int(1, 0x7fffffff), weight: int(1, 256), onlink: bool,
  // fields of a listed route's hops, accepted so that the route can be deleted as is
  flags: dropped(arrayOf(text(64), { max: 32, what: 'flag names' })), raw: dropped(anyObject),
});

/** RouteSpec; a Route from list() passes too (its read-only fields are checked and dropped). */
export const routeSpecSchema = new Schema('route', {
  dst: required(dstPrefix), family, from: network, via: ip, dev: linkRef,
  oif: int(1, 0x7fffffff), table: tableNumber, metric: u32, src: ip, scope: scopeNumber, protocol: protocolNumber,
  type: typeNumber, tos: u8, nexthops: arrayOf(nested(hopSchema), { min: 1, max: MAX_HOPS, what: '{ via, dev?, weight? }' }),
  nhid: int(1, 0xffffffff), onlink: bool, mtu: u32, metrics: nested(metricsSchema),
  lock: arrayOf(oneOf(METRIC_NAMES), { max: 32, what: 'metric names' }), pref: prefNumber,
  dstLength: dropped(int(0, 128)), flags: dropped(arrayOf(text(64), { max: 32, what: 'flag names' })),
  raw: dropped(anyObject), expires: dropped(int(-0x80000000, 0x7fffffff)), iif: dropped(linkRef), mark: dropped(u32),
  uid: dropped(u32),
});

export const routeFilterSchema = new Schema('routes.list filter', {
  table: filterTable, family, dev: linkRef, protocol: protocolNumber, type: typeNumber,
});

export const routeGetSchema = new Schema('routes.get options', {
  from: ip, iif: linkRef, oif: linkRef, mark: u32, uid: int(0, 0xfffffffe), tos: u8, fibMatch: bool,
});


function parseDst(value: 'default' | ParsedPrefix, family: Family | undefined): { family?: Family; bytes?: Buffer; length: number } {
  if (value === 'default') return { family, bytes: undefined, length: 0 };
  const p = ofFamily(value, family, 'route.dst');
  // A zero-length prefix is the default route: iproute2 sends no RTA_DST for it.
  return { family: p.family, bytes: p.prefixLength === 0 ? undefined : p.bytes, length: p.prefixLength };
}

const NO_METRICS: Array<[number, number | string]> = [];

function parseMetrics(spec: Checked): Array<[number, number | string]> {
  if (spec.mtu === undefined && spec.metrics === undefined) return NO_METRICS;
  const out: Array<[number, number | string]> = [];
  if (spec.mtu !== undefined) out.push([RTAX.mtu, spec.mtu as number]);
  const metrics = spec.metrics as Checked | undefined;
  if (metrics !== undefined) {
    for (const name of Object.keys(metrics)) {
      if (name === 'mtu' && spec.mtu !== undefined) continue;
      out.push([RTAX[name], metrics[name] as number | string]);
    }
  }
  return out;
}

/** Bytes of RTA_MULTIPATH's payload: an rtnexthop (8) per hop, plus its gateway attribute. */
function multipathBytes(hops: readonly ParsedHop[], family: Family): number {
  let n = 0;
  for (const h of hops) {
    n += 8;
    if (h.via) n += h.via.family === family ? 4 + h.via.bytes.length : (4 + 2 + h.via.bytes.length + 3) & ~3;
  }
  return n;
}

function parseHops(hops: readonly Checked[], family: Family | undefined): ParsedHop[] {
  return hops.map((h, i) => {
    const name = `route.nexthops[${i}]`;
    const hop: ParsedHop = { via: undefined, dev: undefined, weight: (h.weight as number | undefined) ?? 1, onlink: h.onlink === true };
    if (h.via !== undefined) hop.via = h.via as ParsedAddress;
    // A listed route's hop carries its index as oif: no lookup needed.
    const dev = (h.oif ?? h.dev) as LinkRef | undefined;
    if (dev !== undefined) hop.dev = dev;
    if (hop.via === undefined && hop.dev === undefined) throw invalidArgValue(name, h, 'needs via or dev');
    if (family === 6 && hop.via?.family === 4) throw invalidArgValue(`${name}.via`, hop.via.text, 'must be an IPv6 address for an IPv6 route');
    return hop;
  });
}

/** Validates a route spec (throws TypeError/RangeError before any system call). */
export function parseRouteSpec(input: RouteSpec): ParsedRoute {
  const spec = routeSpecSchema.parse(input, 'route');
  let family = spec.family as Family | undefined;
  const via = spec.via as ParsedAddress | undefined;
  const given = spec.dst as 'default' | ParsedPrefix;
  if (family === undefined && given === 'default' && via) family = via.family;
  const dst = parseDst(given, family);
  family = dst.family ?? family ?? 4;
  if (via && family === 6 && via.family === 4) throw invalidArgValue('route.via', via.text, 'must be an IPv6 address for an IPv6 route');
  // Every optional key is an own property (undefined when absent): a later read of an absent one
  // must not find a polluted Object.prototype's value.
  const out: ParsedRoute = {
    family, dstGiven: given, dst, from: undefined, via, dev: undefined,
    table: undefined, metric: undefined, src: undefined, scope: undefined, protocol: undefined, type: undefined,
    tos: (spec.tos as number | undefined) ?? 0, hops: undefined, nhid: undefined, onlink: spec.onlink === true,
    metrics: parseMetrics(spec), lock: 0, pref: undefined,
  };
  if (spec.from !== undefined) {
    const p = ofFamily(spec.from as ParsedPrefix, family, 'route.from');
    out.from = { bytes: p.bytes, length: p.prefixLength };
  }
  // A listed Route carries both: its index needs no lookup (a delete of it costs one round trip).
  if (spec.oif !== undefined) out.dev = spec.oif as number;
  else if (spec.dev !== undefined) out.dev = spec.dev as LinkRef;
  if (spec.table !== undefined) out.table = spec.table as number;
  if (spec.metric !== undefined) out.metric = spec.metric as number;
  if (spec.src !== undefined) out.src = ofFamily(spec.src as ParsedAddress, family, 'route.src');
  if (spec.scope !== undefined) out.scope = spec.scope as number;
  if (spec.protocol !== undefined) out.protocol = spec.protocol as number;
  if (spec.type !== undefined) out.type = spec.type as number;
  if (spec.nexthops !== undefined) {
    out.hops = parseHops(spec.nexthops as Checked[], family);
    if (via || out.dev !== undefined) throw invalidArgValue('route.nexthops', spec.nexthops, 'cannot be combined with via or dev');
    const size = multipathBytes(out.hops, family);
    if (size > MAX_ATTR_PAYLOAD) throw outOfRange('route.nexthops', `at most ${MAX_ATTR_PAYLOAD} bytes when encoded`, size);
  }
  if (spec.nhid !== undefined) {
    out.nhid = spec.nhid as number;
    if (via || out.hops) throw invalidArgValue('route.nhid', spec.nhid, 'cannot be combined with via or nexthops');
  }
  if (spec.lock !== undefined) for (const name of spec.lock as string[]) out.lock |= 1 << RTAX[name];
  if (spec.pref !== undefined) out.pref = spec.pref as number;
  return out;
}

/** dst as the caller wrote it, normalised ('default', or address/length): built only for an error. */
export const dstText = (r: ParsedRoute): string => (r.dstGiven === 'default' ? 'default' : `${r.dstGiven.text}/${r.dstGiven.prefixLength}`);

/** Device names of a parsed route, to resolve to indexes before encoding. */
export function routeDevices(r: ParsedRoute): LinkRef[] {
  const refs: LinkRef[] = [];
  if (r.dev !== undefined) refs.push(r.dev);
  if (r.hops) for (const h of r.hops) if (h.dev !== undefined) refs.push(h.dev);
  return refs;
}

/** Everything the kernel sees: header fields and attributes, devices as indexes. */
