// tc filter messages (RTM_NEWTFILTER/DELTFILTER): struct tcmsg, TCA_KIND and the kind's options
// in the order tc writes them (f_u32.c, f_matchall.c, f_bpf.c), and their decoding from a dump.
import { TCA, TCMSG_LEN } from '../uapi/rtnetlink';
import {
  ETH_P, TCA_BPF, TCA_BPF_FLAG_ACT_DIRECT, TCA_CLS_FLAGS, TCA_MATCHALL, TCA_U32, TC_U32_FLAG, TC_U32_KEY_LEN,
  TC_U32_SEL_LEN,
} from '../uapi/pkt_cls';
import { NLMSG_HDRLEN } from '../uapi/netlink';
import type { MessageWriter } from './writer';
import { MalformedMessageError, forEachAttr, readString, readU32, readU64Number } from './reader';
import { decodeActions, writeActions } from './tc-actions';
import { writeTcmsg } from './tc-codec';
import { formatHandle } from '../specs/tc-units';
import type { CheckedFilter } from '../specs/tc-filter';
import type { Filter, U32Key } from '../types/tc-filter';

/** One u32 key: the masked big-endian word at byte `at`, as host numbers. */
export interface U32KeyValue { value: number; mask: number; at: number }

function writeSelector(w: MessageWriter, keys: readonly U32KeyValue[], terminal: boolean): void {
  const b = Buffer.alloc(TC_U32_SEL_LEN + keys.length * TC_U32_KEY_LEN);
  b[0] = terminal ? TC_U32_FLAG.TERMINAL : 0;
  b[2] = keys.length;
  keys.forEach((k, i) => {
    const o = TC_U32_SEL_LEN + i * TC_U32_KEY_LEN;
    b.writeUInt32BE(k.mask, o);
    b.writeUInt32BE(k.value, o + 4);
    b.writeInt32LE(k.at, o + 8);
  });
  w.attrBytes(TCA_U32.SEL, b);
}

/**
 * The whole body of a filter request: tcmsg, then TCA_KIND and TCA_OPTIONS when the kind is known.
 * ifindex resolves the filter's device and mirred's targets.
 */
export function writeFilterMessage(w: MessageWriter, f: CheckedFilter, ifindex: (ref: string | number) => number): void {
  writeTcmsg(w, { ifindex: ifindex(f.dev), handle: f.handle, parent: f.parent, info: f.info });
  if (f.kind === undefined) return;
  w.attrString(TCA.KIND, f.kind);
  const actions = f.actions ?? [];
  if (f.kind === 'u32' && f.keys) {
    const opts = w.beginNested(TCA.OPTIONS);
    if (f.classid !== undefined) w.attrU32(TCA_U32.CLASSID, f.classid);
    if (actions.length) writeActions(w, TCA_U32.ACT, actions, ifindex);
    // tc ends classification at a key that names a class or actions
    writeSelector(w, f.keys, f.classid !== undefined || actions.length > 0);
    w.endNested(opts);
  } else if (f.kind === 'matchall') {
    const opts = w.beginNested(TCA.OPTIONS);
    if (f.classid !== undefined) w.attrU32(TCA_MATCHALL.CLASSID, f.classid);
    if (actions.length) writeActions(w, TCA_MATCHALL.ACT, actions, ifindex);
    w.endNested(opts);
  } else if (f.kind === 'bpf' && f.fd !== undefined) {
    const opts = w.beginNested(TCA.OPTIONS);
    if (f.classid !== undefined) w.attrU32(TCA_BPF.CLASSID, f.classid);
    if (actions.length) writeActions(w, TCA_BPF.ACT, actions, ifindex);
    w.attrU32(TCA_BPF.FD, f.fd);
    if (f.name !== undefined) w.attrString(TCA_BPF.NAME, f.name);
    if (f.directAction) w.attrU32(TCA_BPF.FLAGS, TCA_BPF_FLAG_ACT_DIRECT);
    w.endNested(opts);
  }
}

// ---- decoding ----

const PROTOCOL_NAMES = new Map(Object.entries(ETH_P).map(([k, v]) => [v, k]));
const ntohs = (p: number): number => ((p & 0xff) << 8) | (p >>> 8);

/** u32's handle as tc prints it (sprint_u32_handle): '800:', '800::800', '800:1:2'. */
export function formatU32Handle(h: number): string {
  if (h === 0) return '0';
  const ht = h >>> 20, bkt = (h >>> 12) & 0xff, node = h & 0xfff;
  let s = ht ? `${ht.toString(16)}:` : '';
  if (bkt) s += bkt.toString(16);
  if (node) s += `:${node.toString(16)}`;
  return s;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function decodeSelector(f: Mutable<Filter>, b: Buffer, off: number, len: number): void {
  if (len < TC_U32_SEL_LEN) return;
  f.terminal = (b[off] & TC_U32_FLAG.TERMINAL) !== 0;
  const keys: U32Key[] = [];
  for (let i = 0, n = b[off + 2]; i < n && TC_U32_SEL_LEN + (i + 1) * TC_U32_KEY_LEN <= len; i++) {
    const o = off + TC_U32_SEL_LEN + i * TC_U32_KEY_LEN;
    keys.push({ mask: b.readUInt32BE(o), value: b.readUInt32BE(o + 4), at: b.readInt32LE(o + 8), offmask: b.readInt32LE(o + 12) });
  }
  f.match = keys;
}

function decodeOptions(f: Mutable<Filter>, b: Buffer, start: number, end: number, names: ReadonlyMap<number, string>): void {
  const kind = f.kind;
  // CLASSID is 1 in u32 and matchall, 3 in bpf; ACT 7, 2, 1.
  const classidType = kind === 'bpf' ? TCA_BPF.CLASSID : TCA_U32.CLASSID;
  const actType = kind === 'u32' ? TCA_U32.ACT : kind === 'matchall' ? TCA_MATCHALL.ACT : kind === 'bpf' ? TCA_BPF.ACT : -1;
  const flagsType = kind === 'u32' ? TCA_U32.FLAGS : kind === 'matchall' ? TCA_MATCHALL.FLAGS : kind === 'bpf' ? TCA_BPF.FLAGS_GEN : -1;
  forEachAttr(b, start, end, (type, off, len) => {
    if (type === classidType) f.classid = formatHandle(readU32(b, off, len));
    else if (type === actType) f.actions = decodeActions(b, off, off + len, names);
    else if (type === flagsType) f.notInHw = (readU32(b, off, len) & TCA_CLS_FLAGS.NOT_IN_HW) !== 0;
    else if (kind === 'u32' && type === TCA_U32.SEL) decodeSelector(f, b, off, len);
    else if (kind === 'u32' && type === TCA_U32.DIVISOR) f.divisor = readU32(b, off, len);
    else if (kind === 'u32' && type === TCA_U32.PCNT && len >= 16) f.hits = { seen: readU64Number(b, off, 8), matched: readU64Number(b, off + 8, 8) };
    else if (kind === 'matchall' && type === TCA_MATCHALL.PCNT) f.hits = { matched: readU64Number(b, off, len) };
    else if (kind === 'bpf' && type === TCA_BPF.NAME) f.name = readString(b, off, len);
    else if (kind === 'bpf' && type === TCA_BPF.ID) f.programId = readU32(b, off, len);
    else if (kind === 'bpf' && type === TCA_BPF.TAG) f.programTag = b.toString('hex', off, off + len);
    else if (kind === 'bpf' && type === TCA_BPF.FLAGS) f.directAction = (readU32(b, off, len) & TCA_BPF_FLAG_ACT_DIRECT) !== 0;
  });
}

/** One RTM_NEWTFILTER of a dump; names: ifindex -> device name in the namespace. */
export function decodeFilter(b: Buffer, off: number, len: number, names: ReadonlyMap<number, string>): Filter {
  const p = off + NLMSG_HDRLEN;
  if (len < NLMSG_HDRLEN + TCMSG_LEN || off + len > b.length) throw new MalformedMessageError(`filter message of ${len} bytes`);
  const ifindex = b.readInt32LE(p + 4), handle = b.readUInt32LE(p + 8), parent = b.readUInt32LE(p + 12), info = b.readUInt32LE(p + 16);
  const proto = ntohs(info & 0xffff);
  const f: Mutable<Filter> = {
    ifindex, parent: formatHandle(parent), handle: '', handleValue: handle, prio: info >>> 16,
    protocol: PROTOCOL_NAMES.get(proto) ?? `0x${proto.toString(16).padStart(4, '0')}`, kind: '', chain: 0,
  };
  const dev = names.get(ifindex);
  if (dev !== undefined) f.dev = dev;
  let options: [number, number] | undefined;
  forEachAttr(b, p + TCMSG_LEN, off + len, (type, o, l) => {
    if (type === TCA.KIND) f.kind = readString(b, o, l);
    else if (type === TCA.CHAIN) f.chain = readU32(b, o, l);
    else if (type === TCA.OPTIONS) options = [o, o + l];
  });
  f.handle = f.kind === 'u32' ? formatU32Handle(handle) : `0x${handle.toString(16)}`;
  if (options) decodeOptions(f, b, options[0], options[1], names);
  return f;
}
