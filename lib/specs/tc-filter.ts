// Filter and action specs (tc.filters.add/replace/delete/list) -> checked values, as tc filter
// reads its arguments (iproute2 tc/tc_filter.c, f_u32.c, f_matchall.c, f_bpf.c, m_*.c); every
// field validated before any system call, device names left for the caller to resolve.
import { invalidArgType, invalidArgValue, outOfRange } from '../errors';
import { ETH_P, TCA_ACT_MAX_PRIO, TC_ACT } from '../uapi/pkt_cls';
import { TC_H, tcHandle } from '../uapi/pkt_sched';
import type { LinkRef } from '../types/link';
import { parsePrefix } from './ip';
import { validateObject } from './validate';
import { Schema, arrayOf, bool, int, linkRef, oneOf, required, text, type Check } from './schema';
import { parseHandle, parseRate, parseSize } from './tc-units';
import { MIRRED_ACTIONS, VERDICTS, mirredEaction, type CheckedAction } from '../codecs/tc-actions';
import type { U32KeyValue } from '../codecs/tc-filters';

const VERDICT_NAMES = Object.keys(VERDICTS);
const verdict: Check = (v, name) => VERDICTS[oneOf(VERDICT_NAMES)(v, name) as string];
const rate: Check = (v, name) => {
  const r = parseRate(v, name);
  if (r === 0) throw outOfRange(name, 'a rate above 0', v);
  return r;
};
const size: Check = (v, name) => parseSize(v, name);
const handle: Check = (v, name) => parseHandle(v, name);

const mirredSchema = new Schema('tc action mirred', {
  kind: required(oneOf(['mirred'])), action: required(oneOf(MIRRED_ACTIONS)), dev: required(linkRef), verdict,
});
const policeSchema = new Schema('tc action police', {
  kind: required(oneOf(['police'])), rate: required(rate), burst: required(size), mtu: size, exceed: verdict, conform: verdict,
});
const gactSchema = new Schema('tc action gact', { kind: required(oneOf(['gact'])), action: required(verdict) });
const ACTION_SCHEMAS: Readonly<Record<string, Schema>> = Object.assign(Object.create(null) as Record<string, Schema>, {
  mirred: mirredSchema, police: policeSchema, gact: gactSchema,
});

function action(v: unknown, name: string): CheckedAction {
  const kind = typeof v === 'object' && v !== null && Object.hasOwn(v, 'kind') ? (v as { kind: unknown }).kind : undefined;
  const schema = oneOf(Object.keys(ACTION_SCHEMAS))(kind, `${name}.kind`) as string;
  const a = ACTION_SCHEMAS[schema].parse(v, name);
  if (schema === 'mirred') return { kind: 'mirred', eaction: mirredEaction(a.action as string), dev: a.dev as LinkRef, verdict: a.verdict as number | undefined };
  if (schema === 'gact') return { kind: 'gact', verdict: a.action as number };
  const burst = a.burst as number;
  if (burst === 0) throw outOfRange(`${name}.burst`, 'at least 1 byte', burst);
  return {
    kind: 'police', rate: a.rate as number, burst, mtu: (a.mtu as number | undefined) ?? 0,
    exceed: (a.exceed as number | undefined) ?? TC_ACT.RECLASSIFY, conform: a.conform as number | undefined,
  };
}
const actions = arrayOf(action, { max: TCA_ACT_MAX_PRIO, what: 'actions' });

// ---- u32 selectors (tc's pack_key32/pack_key16: keys of one word merge, as tc merges them) ----

const ipPrefix = (offset: number): Check => (v, name) => {
  const p = parsePrefix(v, name, { family: 4 });
  const mask = p.prefixLength === 0 ? 0 : (0xffffffff << (32 - p.prefixLength)) >>> 0;
  return { value: p.bytes.readUInt32BE(0) & mask, mask, at: offset };
};
const MATCHES: Readonly<Record<string, Schema>> = Object.assign(Object.create(null) as Record<string, Schema>, {
  src: new Schema('u32 match src', { src: required(ipPrefix(12)) }),
  dst: new Schema('u32 match dst', { dst: required(ipPrefix(16)) }),
  sport: new Schema('u32 match sport', { sport: required(int(0, 0xffff)), mask: int(0, 0xffff) }),
  dport: new Schema('u32 match dport', { dport: required(int(0, 0xffff)), mask: int(0, 0xffff) }),
  u32: new Schema('u32 match u32', { u32: required(int(0, 0xffffffff)), mask: required(int(0, 0xffffffff)), at: required(int(0, 0x7ffffffc)) }),
});

function match(v: unknown, name: string): U32KeyValue {
  const o = validateObject(v, name);
  const key = Object.keys(MATCHES).find((k) => Object.hasOwn(o, k));
  if (key === undefined) throw invalidArgValue(name, v, `must have one of ${Object.keys(MATCHES).join(', ')}`);
  const m = MATCHES[key].parse(v, name);
  if (key === 'src' || key === 'dst') return m[key] as U32KeyValue;
  if (key === 'sport' || key === 'dport') {
    // tc's pack_key16: the source port is the high half of the word at 20, the destination the low half
    const shift = key === 'sport' ? 16 : 0;
    const mask = (m.mask as number | undefined) ?? 0xffff;
    return { value: (((m[key] as number) & mask) << shift) >>> 0, mask: (mask << shift) >>> 0, at: 20 };
  }
  const at = m.at as number;
  if (at % 4 !== 0) throw invalidArgValue(`${name}.at`, at, 'must be a multiple of 4 (u32 matches whole words)');
  const mask = m.mask as number;
  return { value: ((m.u32 as number) & mask) >>> 0, mask, at };
}

/** Keys at the same offset become one, as tc's pack_key merges them; contradicting ones are refused. */
function mergeKeys(list: readonly U32KeyValue[], name: string): U32KeyValue[] {
  const keys: U32KeyValue[] = [];
  for (const k of list) {
    const same = keys.find((x) => x.at === k.at);
    if (!same) { keys.push({ ...k }); continue; }
    if (((same.value ^ k.value) & same.mask & k.mask) !== 0) throw invalidArgValue(name, k, 'contradicts an earlier match on the same word');
    same.value = (same.value | k.value) >>> 0;
    same.mask = (same.mask | k.mask) >>> 0;
  }
  return keys;
}

// ---- the filter's place: device, parent, protocol, prio, handle ----

/** A parent as tc filter reads it: 'ingress'/'egress' are a clsact qdisc's hooks there. */
const parent: Check = (v, name) => {
  if (v === 'ingress') return tcHandle(TC_H.CLSACT, TC_H.MIN_INGRESS);
  if (v === 'egress') return tcHandle(TC_H.CLSACT, TC_H.MIN_EGRESS);
  return parseHandle(v, name);
};
const protocol: Check = (v, name) => {
  if (typeof v === 'number') return int(0, 0xffff)(v, name);
  const p = ETH_P[oneOf(Object.keys(ETH_P))(v, name) as string];
  return p;
};
const U32_HANDLE = /^([0-9a-f]*):([0-9a-f]*)(?::([0-9a-f]*))?$/i;
/** A u32 handle 'HT:BKT:NODE' (hex, as tc's get_u32_handle), '0x1' or '1', or a number. */
const filterHandle: Check = (v, name) => {
  if (typeof v === 'number') return int(0, 0xffffffff)(v, name);
  if (typeof v !== 'string') throw invalidArgType(name, "a number or a string like '800::800'", v);
  const m = U32_HANDLE.exec(v);
  if (m) {
    const [ht, bkt, node] = [m[1], m[2], m[3] ?? ''].map((s) => (s === '' ? 0 : parseInt(s, 16)));
    if (ht > 0xfff || bkt > 0xff || node > 0xfff) throw outOfRange(name, 'HT at most fff, BKT at most ff, NODE at most fff', v);
    return ((ht << 20) | (bkt << 12) | node) >>> 0;
  }
  const n = /^(0x[0-9a-f]+|\d+)$/i.test(v) ? Number(v) : NaN;
  if (!(n >= 0 && n <= 0xffffffff)) throw invalidArgValue(name, v, "must be a handle like '800::800', '0x1' or 1");
  return n;
};
const prio = int(0, 0xffff);

const target = { dev: required(linkRef), parent: required(parent), protocol, prio, handle: filterHandle };

const u32Schema = new Schema('tc filter u32', {
  ...target, kind: required(oneOf(['u32'])), match: required(arrayOf(match, { min: 1, max: 128, what: 'matches' })), classid: handle, actions,
});
const matchallSchema = new Schema('tc filter matchall', { ...target, kind: required(oneOf(['matchall'])), classid: handle, actions });
const bpfSchema = new Schema('tc filter bpf', {
  ...target, kind: required(oneOf(['bpf'])), fd: required(int(0, 0x7fffffff)), name: text(255), directAction: bool, classid: handle, actions,
});
const FILTER_SCHEMAS: Readonly<Record<string, Schema>> = Object.assign(Object.create(null) as Record<string, Schema>, {
  u32: u32Schema, matchall: matchallSchema, bpf: bpfSchema,
});
const deleteSchema = new Schema('tc.filters.delete filter', { ...target, kind: text(15, { min: 1 }) });
export const filterListSchema = new Schema('tc.filters.list filter', { dev: required(linkRef), parent });

/** A filter checked: what the codec writes, with the devices (the filter's and mirred's) still names or indexes. */
export interface CheckedFilter {
  dev: LinkRef;
  parent: number;
  /** tcm_info: prio << 16 | protocol in network order. */
  info: number;
  handle: number;
  /** 'u32', 'matchall', 'bpf'; on a delete any kind or none. */
  kind?: string;
  classid?: number;
  actions?: readonly CheckedAction[];
  keys?: readonly U32KeyValue[];
  fd?: number;
  name?: string;
  directAction?: boolean;
}

const htons = (p: number): number => ((p & 0xff) << 8) | (p >>> 8);

function placed(f: Record<string, unknown>, defaultProtocol: number): Pick<CheckedFilter, 'dev' | 'parent' | 'info' | 'handle'> {
  const proto = (f.protocol as number | undefined) ?? defaultProtocol;
  return { dev: f.dev as LinkRef, parent: f.parent as number, handle: (f.handle as number | undefined) ?? 0, info: (((f.prio as number | undefined) ?? 0) << 16 | htons(proto)) >>> 0 };
}

/** filters.add/replace: tc's default protocol is all. */
export function parseFilterSpec(input: unknown): CheckedFilter {
  const kind = typeof input === 'object' && input !== null && Object.hasOwn(input, 'kind') ? (input as { kind: unknown }).kind : undefined;
  const schema = FILTER_SCHEMAS[oneOf(Object.keys(FILTER_SCHEMAS))(kind, 'filter.kind') as string];
  const f = schema.parse(input, 'filter');
  const out: CheckedFilter = { ...placed(f, ETH_P.all), kind: f.kind as string };
  if (f.classid !== undefined) out.classid = f.classid as number;
  if (f.actions !== undefined) out.actions = f.actions as CheckedAction[];
  if (f.kind === 'u32') out.keys = mergeKeys(f.match as U32KeyValue[], 'filter.match');
  if (f.kind === 'bpf') {
    out.fd = f.fd as number;
    if (f.name !== undefined) out.name = f.name as string;
    out.directAction = f.directAction === true;
  }
  return out;
}

/** filters.delete: without prio, every filter of the parent (as tc filter del dev D parent P). */
export function parseFilterDelete(input: unknown): CheckedFilter {
  const f = deleteSchema.parse(input, 'filter');
  return { ...placed(f, 0), kind: f.kind as string | undefined };
}
