// docs/design.md, 'Why the codecs are TypeScript': where route encoding and decoding live (C++ or
// TypeScript) is decided by measurement.
// The library's codec is TypeScript; scripts/bench/native/route_codec_alt.cc (a bench-only addon,
// never shipped) is the same job in C++. Both run over the same data here (a real 100 000-route
// dump, and the benchmark's route adds); the bench checks they agree and prints which is faster.
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REQUEST, NLMSG_HDRLEN } from '../../lib/uapi/netlink';
import { RTM } from '../../lib/uapi/rtnetlink';
import { linkNames } from '../../lib/collections/ifindex-names';
import type { Namespace } from '../../lib';
import { decodeRoute, toRouteMessage, writeRouteMessage } from '../../lib/codecs/route-codec';
import { parseRouteSpec } from '../../lib/specs/route';
import type { Route } from '../../lib/types/route';
import { MessageWriter } from '../../lib/codecs/writer';
import { protocolName, scopeName } from '../../lib/codecs/iproute2-names';
import { loadRouteCodecAlt } from './native/route-codec-alt';
import { median, now, report, type Row } from './util';

const RUNS = 5;
function timeMedian(fn: () => void): number {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = now();
    fn();
    ms.push(now() - t0);
  }
  return median(ms);
}

/** The raw reply chunks of one IPv4 route dump (all tables), as the socket delivered them. */
async function dumpChunks(ns: Namespace): Promise<Buffer[]> {
  const chunks = new Set<Buffer>();
  await ns.netlink().request({
    type: RTM.GETROUTE, flags: NLM_F_DUMP,
    encode: (w) => { w.u8(2).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0); },  // rtmsg, AF_INET
    onMessage: (buf) => { chunks.add(buf); },
  });
  return [...chunks];
}

function decodeAllTs(chunks: Buffer[], names: Map<number, string>): Route[] {
  const out: Route[] = [];
  for (const buf of chunks) {
    for (let p = 0; p + NLMSG_HDRLEN <= buf.length;) {
      const len = buf.readUInt32LE(p);
      if (buf.readUInt16LE(p + 4) === RTM.NEWROUTE) out.push(decodeRoute(buf, p, len, names));
      p += (len + 3) & ~3;
    }
  }
  return out;
}

// The names the library prints for protocol and scope numbers, handed to the C++ decoder.
const PROTOCOLS = Array.from({ length: 256 }, (_, n) => protocolName(n));
const SCOPES = Array.from({ length: 256 }, (_, n) => scopeName(n));

function decodeAllCpp(chunks: Buffer[], names: Array<string | undefined>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const buf of chunks) for (const r of loadRouteCodecAlt().decodeRoutesAlt(buf, names, PROTOCOLS, SCOPES)) out.push(r as Record<string, unknown>);
  return out;
}

const COMPARED = ['family', 'dst', 'dstLength', 'table', 'type', 'protocol', 'scope', 'tos', 'via', 'dev', 'oif'] as const;

function checkSameRoutes(ts: Route[], cpp: Record<string, unknown>[]): void {
  if (ts.length !== cpp.length) throw new Error(`codecs disagree: TypeScript decoded ${ts.length} routes, C++ ${cpp.length}`);
  for (let i = 0; i < ts.length; i++) {
    for (const k of COMPARED) {
      if (ts[i][k] !== cpp[i][k]) throw new Error(`codecs disagree on route ${i} field ${k}: ${String(ts[i][k])} vs ${String(cpp[i][k])}`);
    }
  }
}

const ADD_FLAGS = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;

/** What routes.add does to turn a spec into bytes: validate, resolve, encode. The C++ side takes the same spec object. */
function encodeAllTs(dsts: string[], via: string, table: number): Buffer {
  const w = new MessageWriter(dsts.length * 64);
  for (let i = 0; i < dsts.length; i++) {
    const m = toRouteMessage(parseRouteSpec({ dst: dsts[i], via, table }), 'add', () => 0);
    const start = w.begin(RTM.NEWROUTE, ADD_FLAGS);
    writeRouteMessage(w, m);
    w.setSeq(start, i + 1);
    w.end(start);
  }
  return w.view();
}

function encodeAllCpp(dsts: string[], via: string, table: number): Buffer {
  const out = Buffer.alloc(dsts.length * 64);
  const cpp = loadRouteCodecAlt();
  let off = 0;
  for (let i = 0; i < dsts.length; i++) off = cpp.encodeRouteAlt(out, off, i + 1, ADD_FLAGS, { dst: dsts[i], via, table });
  return out.subarray(0, off);
}

/** Runs both codecs over the namespace's installed routes and over the adds that made them. */
export async function compareCodecs(ns: Namespace, dsts: string[], via: string, table: number): Promise<string> {
  const chunks = await dumpChunks(ns);
  const names = await linkNames(ns.netlink());
  const nameArray: Array<string | undefined> = [];
  for (const [index, name] of names) nameArray[index] = name;

  // Same results first: a faster codec that decodes or encodes something else proves nothing.
  const tsRoutes = decodeAllTs(chunks, names);
  checkSameRoutes(tsRoutes, decodeAllCpp(chunks, nameArray));
  if (!encodeAllTs(dsts, via, table).equals(encodeAllCpp(dsts, via, table))) throw new Error('codecs disagree on the encoded route adds');

  const decoded = tsRoutes.length;
  const rows: Row[] = [
    { what: 'decode dump: TypeScript (the library)', count: decoded, ms: timeMedian(() => decodeAllTs(chunks, names)) },
    { what: 'decode dump: C++ through N-API', count: decoded, ms: timeMedian(() => decodeAllCpp(chunks, nameArray)) },
    { what: 'encode adds: TypeScript (the library)', count: dsts.length, ms: timeMedian(() => encodeAllTs(dsts, via, table)) },
    { what: 'encode adds: C++ through N-API', count: dsts.length, ms: timeMedian(() => encodeAllCpp(dsts, via, table)) },
  ];
  report(`codec choice (docs/design.md): the same ${decoded} dumped routes and ${dsts.length} adds, median of ${RUNS}, results checked equal`, rows.slice(0, 2));
  report('', rows.slice(2));
  const verdict = (ts: Row, cpp: Row, what: string): string =>
    ts.ms <= cpp.ms ? `${what}: TypeScript ${(cpp.ms / ts.ms).toFixed(2)}x faster than C++ (kept)` : `${what}: C++ ${(ts.ms / cpp.ms).toFixed(2)}x faster: REVISIT the choice`;
  return `${verdict(rows[0], rows[1], 'decode')}; ${verdict(rows[2], rows[3], 'encode')}`;
}
