// htb qdisc and class, as iproute2's tc/q_htb.c builds and prints them.
import { invalidArgType, invalidArgValue, outOfRange } from '../errors';
import { TCA } from '../uapi/rtnetlink';
import { TCA_HTB, TC_HTB_GLOB_LEN, TC_HTB_OPT_LEN, TC_HTB_PROTOVER } from '../uapi/pkt_sched';
import { forEachAttr, readU32, readU64Number } from '../codecs/reader';
import { pschedHz, putRatespec, rateTable, readRatespec, xmitSize, xmitTime } from '../codecs/tc-rate';
import { int, required, u32, type Check, type Checked } from '../specs/schema';
import { classSchema, qdiscSchema, rate, size, type TcKind } from './kind';

const U32 = 2 ** 32;

/** default: a minor id; tc's text is hexadecimal ('10' is 0x10), a number is taken as it is. */
const minor: Check = (v, name) => {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw outOfRange(name, 'an integer from 0 to 4294967295', v);
    return v;
  }
  if (typeof v !== 'string') throw invalidArgType(name, 'a number or a hexadecimal string', v);
  if (!/^(0x)?[0-9a-f]{1,8}$/i.test(v)) throw invalidArgValue(name, v, 'must be hexadecimal, as tc reads it');
  return parseInt(v.replace(/^0x/i, ''), 16);
};

export const htbQdisc: TcKind = {
  kind: 'htb',
  schema: qdiscSchema('htb', { default: minor, r2q: u32, directQlen: u32 }),
  encode(w, s): void {
    const glob = Buffer.alloc(TC_HTB_GLOB_LEN);
    glob.writeUInt32LE(TC_HTB_PROTOVER, 0);
    glob.writeUInt32LE((s.r2q as number | undefined) ?? 10, 4);
    glob.writeUInt32LE((s.default as number | undefined) ?? 0, 8);
    const nest = w.beginNested(TCA.OPTIONS);
    w.attrBytes(TCA_HTB.INIT, glob);
    if (s.directQlen !== undefined) w.attrU32(TCA_HTB.DIRECT_QLEN, s.directQlen as number);
    w.endNested(nest);
  },
  decode(buf, off, len) {
    const out: Record<string, unknown> = {};
    forEachAttr(buf, off, off + len, (t, p, l) => {
      if (t === TCA_HTB.INIT && l >= TC_HTB_GLOB_LEN) {
        out.r2q = buf.readUInt32LE(p + 4);
        out.default = buf.readUInt32LE(p + 8);
        out.directPackets = buf.readUInt32LE(p + 16);
      } else if (t === TCA_HTB.DIRECT_QLEN) {
        out.directQlen = readU32(buf, p, l);
      }
    });
    return out;
  },
};

export const htbClass: TcKind = {
  kind: 'htb',
  schema: classSchema('htb', { rate: required(rate), ceil: rate, burst: size, cburst: size, prio: int(0, 7), quantum: u32, mtu: size }),
  check(s: Checked): void {
    if (s.rate === 0) throw outOfRange('class.rate', 'at least 1 byte per second (8bit; less rounds to 0)', s.rate);
    if (s.ceil === 0) throw outOfRange('class.ceil', 'at least 1 byte per second (8bit; less rounds to 0)', s.ceil);
  },
  encode(w, s): void {
    const rate64 = s.rate as number, ceil64 = (s.ceil as number | undefined) ?? rate64;
    const mtu = (s.mtu as number | undefined) ?? 1600;
    // tc's smallest burst: a tick's worth at the rate plus one packet
    const buffer = (s.burst as number | undefined) || Math.floor(rate64 / pschedHz()) + mtu;
    const cbuffer = (s.cburst as number | undefined) || Math.floor(ceil64 / pschedHz()) + mtu;
    const r = rateTable({ rate: rate64, mtu }), c = rateTable({ rate: ceil64, mtu });
    const opt = Buffer.alloc(TC_HTB_OPT_LEN);
    putRatespec(opt, 0, r.spec);
    putRatespec(opt, 12, c.spec);
    opt.writeUInt32LE(xmitTime(rate64, buffer), 24);
    opt.writeUInt32LE(xmitTime(ceil64, cbuffer), 28);
    opt.writeUInt32LE((s.quantum as number | undefined) ?? 0, 32);
    opt.writeUInt32LE((s.prio as number | undefined) ?? 0, 40);
    const nest = w.beginNested(TCA.OPTIONS);
    if (rate64 >= U32) w.attrU64(TCA_HTB.RATE64, rate64);
    if (ceil64 >= U32) w.attrU64(TCA_HTB.CEIL64, ceil64);
    w.attrBytes(TCA_HTB.PARMS, opt);
    w.attrBytes(TCA_HTB.RTAB, r.table);
    w.attrBytes(TCA_HTB.CTAB, c.table);
    w.endNested(nest);
  },
  decode(buf, off, len) {
    let parms = -1, rate64 = 0, ceil64 = 0;
    forEachAttr(buf, off, off + len, (t, p, l) => {
      if (t === TCA_HTB.PARMS && l >= TC_HTB_OPT_LEN) parms = p;
      else if (t === TCA_HTB.RATE64) rate64 = readU64Number(buf, p, l);
      else if (t === TCA_HTB.CEIL64) ceil64 = readU64Number(buf, p, l);
    });
    if (parms < 0) return {};
    const rate = rate64 || readRatespec(buf, parms).rate, ceil = ceil64 || readRatespec(buf, parms + 12).rate;
    return {
      rate: rate * 8, ceil: ceil * 8,
      burst: xmitSize(rate, buf.readUInt32LE(parms + 24)), cburst: xmitSize(ceil, buf.readUInt32LE(parms + 28)),
      quantum: buf.readUInt32LE(parms + 32), level: buf.readUInt32LE(parms + 36), prio: buf.readUInt32LE(parms + 40),
    };
  },
};
