// Actions of tc filters (mirred, police, gact), encoded as tc's m_mirred.c / m_police.c /
// m_gact.c write them and decoded from a filter dump: a list of nests numbered from 1, each with
// the kind's name and its options.
import { NLA_F_NESTED } from '../uapi/netlink';
import {
  TCA_ACT, TCA_GACT, TCA_MIRRED, TCA_MIRRED_EACTION, TCA_POLICE, TC_ACT, TC_ACT_EXT_MASK, TC_GACT_LEN, TC_GEN_LEN, TC_MIRRED_LEN,
  TC_POLICE_LEN,
} from '../uapi/pkt_cls';
import { TCA_STATS } from '../uapi/gen_stats';
import type { MessageWriter } from './writer';
import { forEachAttr, readI32, readString, readU32, readU64Number } from './reader';
import { putRatespec, rateTable, readRatespec, xmitSize, xmitTime } from './tc-rate';
import type { TcAction, TcActionStats } from '../types/tc-filter';

/** Verdict names as tc reads them (parse_action_control). Null prototype: no inherited names. */
export const VERDICTS: Readonly<Record<string, number>> = Object.assign(Object.create(null) as Record<string, number>, {
  continue: TC_ACT.UNSPEC, pass: TC_ACT.OK, ok: TC_ACT.OK, reclassify: TC_ACT.RECLASSIFY, drop: TC_ACT.SHOT,
  shot: TC_ACT.SHOT, pipe: TC_ACT.PIPE, stolen: TC_ACT.STOLEN, trap: TC_ACT.TRAP,
});
/** The name tc prints for a verdict (action_n2a). */
const VERDICT_NAMES = new Map<number, string>([
  [TC_ACT.UNSPEC, 'continue'], [TC_ACT.OK, 'pass'], [TC_ACT.RECLASSIFY, 'reclassify'], [TC_ACT.SHOT, 'drop'],
  [TC_ACT.PIPE, 'pipe'], [TC_ACT.STOLEN, 'stolen'], [TC_ACT.QUEUED, 'queued'], [TC_ACT.REPEAT, 'repeat'],
  [TC_ACT.REDIRECT, 'redirect'], [TC_ACT.TRAP, 'trap'],
]);

export function verdictName(v: number): string {
  const name = VERDICT_NAMES.get(v);
  if (name !== undefined) return name;
  const ext = (v & TC_ACT_EXT_MASK) >>> 0;
  if (ext === 0x20000000) return `goto chain ${v & ~TC_ACT_EXT_MASK}`;
  if (ext === 0x10000000) return `jump ${v & ~TC_ACT_EXT_MASK}`;
  return String(v);
}

/** An action checked and converted: numbers ready for the kernel; mirred's device still a name or index. */
export type CheckedAction =
  | { kind: 'mirred'; eaction: number; dev: string | number; verdict: number | undefined }
  | { kind: 'police'; rate: number; burst: number; mtu: number; exceed: number; conform: number | undefined }
  | { kind: 'gact'; verdict: number };

const MIRRED: Readonly<Record<string, number>> = Object.assign(Object.create(null) as Record<string, number>, {
  'egress redirect': TCA_MIRRED_EACTION.EGRESS_REDIR, 'egress mirror': TCA_MIRRED_EACTION.EGRESS_MIRROR,
  'ingress redirect': TCA_MIRRED_EACTION.INGRESS_REDIR, 'ingress mirror': TCA_MIRRED_EACTION.INGRESS_MIRROR,
});
export const MIRRED_ACTIONS = Object.keys(MIRRED);
const MIRRED_NAMES = new Map(Object.entries(MIRRED).map(([k, v]) => [v, k]));
const isRedirect = (eaction: number): boolean =>
  eaction === TCA_MIRRED_EACTION.EGRESS_REDIR || eaction === TCA_MIRRED_EACTION.INGRESS_REDIR;
export const mirredEaction = (action: string): number => MIRRED[action];

/** struct tc_gen at b[0, 20): index, capab, action, refcnt, bindcnt; the rest of b stays zero. */
function tcGen(b: Buffer, verdict: number): void {
  b.writeInt32LE(verdict, 8);
}

function writeMirred(w: MessageWriter, a: { eaction: number; verdict: number | undefined }, ifindex: number): void {
  const p = Buffer.alloc(TC_MIRRED_LEN);
  // tc's default: a redirect ends the packet's way here (stolen), a mirror lets it go on (pipe)
  tcGen(p, a.verdict ?? (isRedirect(a.eaction) ? TC_ACT.STOLEN : TC_ACT.PIPE));
  p.writeInt32LE(a.eaction, 20);
  p.writeUInt32LE(ifindex, 24);
  w.attrBytes(TCA_MIRRED.PARMS, p);
}

function writePolice(w: MessageWriter, a: Extract<CheckedAction, { kind: 'police' }>): void {
  const { table, spec } = rateTable({ rate: a.rate, mtu: a.mtu });
  const p = Buffer.alloc(TC_POLICE_LEN);
  p.writeInt32LE(a.exceed, 4);
  p.writeUInt32LE(xmitTime(a.rate, a.burst), 12);
  p.writeUInt32LE(a.mtu, 16);
  putRatespec(p, 20, spec);
  w.attrBytes(TCA_POLICE.TBF, p);
  w.attrBytes(TCA_POLICE.RATE, table);
  if (a.rate >= 2 ** 32) w.attrU64(TCA_POLICE.RATE64, a.rate);
  // tc leaves a conform verdict of 0 (pass) out: it is the kernel's default
  if (a.conform) w.attrU32(TCA_POLICE.RESULT, a.conform >>> 0);
}

/**
 * The actions list of a filter (TCA_U32_ACT, TCA_MATCHALL_ACT, TCA_BPF_ACT): one nest per action,
 * numbered from 1, with TCA_ACT_KIND and TCA_ACT_OPTIONS (flagged nested, as tc sends it).
 */
export function writeActions(w: MessageWriter, type: number, actions: readonly CheckedAction[], ifindex: (ref: string | number) => number): void {
  const list = w.beginNested(type);
  actions.forEach((a, i) => {
    const one = w.beginNested(i + 1);
    w.attrString(TCA_ACT.KIND, a.kind);
    const opts = w.beginNested(TCA_ACT.OPTIONS | NLA_F_NESTED);
    if (a.kind === 'mirred') writeMirred(w, a, ifindex(a.dev));
    else if (a.kind === 'police') writePolice(w, a);
    else {
      const p = Buffer.alloc(TC_GACT_LEN);
      tcGen(p, a.verdict);
      w.attrBytes(TCA_GACT.PARMS, p);
    }
    w.endNested(opts);
    w.endNested(one);
  });
  w.endNested(list);
}

// ---- decoding ----

/** gnet_stats_basic and gnet_stats_queue from a TCA_ACT_STATS nest. */
function readStats(b: Buffer, start: number, end: number): TcActionStats {
  const s = { bytes: 0, packets: 0, drops: 0, overlimits: 0, requeues: 0, backlog: 0, qlen: 0 };
  forEachAttr(b, start, end, (type, off, len) => {
    if (type === TCA_STATS.BASIC && len >= 12) {
      s.bytes = readU64Number(b, off, 8);
      s.packets = b.readUInt32LE(off + 8);
    } else if (type === TCA_STATS.QUEUE && len >= 20) {
      s.qlen = b.readUInt32LE(off); s.backlog = b.readUInt32LE(off + 4); s.drops = b.readUInt32LE(off + 8);
      s.requeues = b.readUInt32LE(off + 12); s.overlimits = b.readUInt32LE(off + 16);
    }
  });
  return s;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function readOptions(a: Mutable<TcAction>, b: Buffer, start: number, end: number, names: ReadonlyMap<number, string>): void {
  let rate64: number | undefined;
  forEachAttr(b, start, end, (type, off, len) => {
    if (type === 2 && len >= 20 && (a.kind === 'mirred' || a.kind === 'gact')) {  // TCA_MIRRED_PARMS = TCA_GACT_PARMS
      a.index = readU32(b, off, len); a.verdict = verdictName(b.readInt32LE(off + 8));
      a.ref = b.readInt32LE(off + 12); a.bind = b.readInt32LE(off + 16);
      if (a.kind === 'mirred' && len >= TC_MIRRED_LEN) {
        const eaction = b.readInt32LE(off + TC_GEN_LEN);  // tc_mirred: after its tc_gen
        a.action = MIRRED_NAMES.get(eaction) ?? String(eaction);
        a.ifindex = b.readUInt32LE(off + 24);
        const dev = names.get(a.ifindex);
        if (dev !== undefined) a.dev = dev;
      }
    } else if (a.kind === 'police' && type === TCA_POLICE.TBF && len >= TC_POLICE_LEN) {
      a.index = readU32(b, off, len); a.verdict = verdictName(b.readInt32LE(off + 4));
      a.rate = readRatespec(b, off + 20).rate;
      a.burst = b.readUInt32LE(off + 12);  // ticks until the rate is known (RATE64 may follow)
      a.mtu = b.readUInt32LE(off + 16);
      a.ref = b.readInt32LE(off + 44); a.bind = b.readInt32LE(off + 48);
    } else if (a.kind === 'police' && type === TCA_POLICE.RATE64) {
      rate64 = readU64Number(b, off, len);
    } else if (a.kind === 'police' && type === TCA_POLICE.RESULT) {
      a.conform = verdictName(readI32(b, off, len));
    }
  });
  if (a.kind === 'police' && a.rate !== undefined) {
    if (rate64 !== undefined) a.rate = rate64;
    a.burst = xmitSize(a.rate, a.burst ?? 0);  // tc prints the bucket in bytes
  }
}

/** The actions of a filter's *_ACT attribute b[start, end), in order; names: ifindex -> device. */
export function decodeActions(b: Buffer, start: number, end: number, names: ReadonlyMap<number, string>): TcAction[] {
  const out: TcAction[] = [];
  forEachAttr(b, start, end, (order, off, len) => {
    const a: Mutable<TcAction> = { order, kind: '', index: 0, verdict: '', ref: 0, bind: 0 };
    let options: [number, number] | undefined;
    forEachAttr(b, off, off + len, (type, o, l) => {
      if (type === TCA_ACT.KIND) a.kind = readString(b, o, l);
      else if (type === TCA_ACT.OPTIONS) options = [o, o + l];
      else if (type === TCA_ACT.STATS) a.stats = readStats(b, o, o + l);
    });
    if (options) readOptions(a, b, options[0], options[1], names);
    out.push(a);
  });
  return out;
}
