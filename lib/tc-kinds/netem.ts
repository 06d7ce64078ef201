// netem, as iproute2's tc/q_netem.c builds it: struct tc_netem_qopt at the head of TCA_OPTIONS
// (times in psched ticks, loss as a u32 probability), then its attributes inside the same payload.
import { invalidArgType, outOfRange } from '../errors';
import { TCA } from '../uapi/rtnetlink';
import { TCA_NETEM, TC_NETEM_QOPT_LEN, TC_NETEM_RATE_LEN } from '../uapi/pkt_sched';
import { forEachAttr, readU64Number } from '../codecs/reader';
import { ticksToTime, timeToTicks } from '../codecs/tc-rate';
import { u32, type Check } from '../specs/schema';
import { qdiscSchema, rate, time, type TcKind } from './kind';

const U32_MAX = 0xffffffff;

const percent: Check = (v, name) => {
  if (typeof v !== 'number') throw invalidArgType(name, 'a number (percent)', v);
  if (!Number.isFinite(v) || v < 0 || v > 100) throw outOfRange(name, 'a percentage from 0 to 100', v);
  return v;
};

export const netem: TcKind = {
  kind: 'netem',
  schema: qdiscSchema('netem', { delay: time, jitter: time, loss: percent, rate, limit: u32 }),
  check(s): void {
    // the qopt fields hold ticks in a u32
    for (const f of ['delay', 'jitter']) {
      const us = s[f] as number | undefined;
      if (us !== undefined && us * (timeToTicks(1e6) / 1e6) > U32_MAX) throw outOfRange(`qdisc.${f}`, 'at most 274 s', us);
    }
    if (s.rate !== undefined && (s.rate as number) > U32_MAX) throw outOfRange('qdisc.rate', 'at most 4294967295 bytes per second', s.rate);
  },
  encode(w, s): void {
    const opt = Buffer.alloc(TC_NETEM_QOPT_LEN);
    opt.writeUInt32LE(timeToTicks((s.delay as number | undefined) ?? 0), 0);
    opt.writeUInt32LE((s.limit as number | undefined) ?? 1000, 4);
    opt.writeUInt32LE(Math.round(((s.loss as number | undefined) ?? 0) / 100 * U32_MAX), 8);
    opt.writeUInt32LE(timeToTicks((s.jitter as number | undefined) ?? 0), 20);
    const start = w.beginNested(TCA.OPTIONS);
    w.bytes(opt);
    if (s.rate !== undefined) {
      const r = Buffer.alloc(TC_NETEM_RATE_LEN);
      r.writeUInt32LE(s.rate as number, 0);
      w.attrBytes(TCA_NETEM.RATE, r);
    }
    w.endNested(start);
  },
  decode(buf, off, len) {
    if (len < TC_NETEM_QOPT_LEN) return {};
    const out: Record<string, unknown> = {
      delay: ticksToTime(buf.readUInt32LE(off)), limit: buf.readUInt32LE(off + 4),
      loss: (buf.readUInt32LE(off + 8) / U32_MAX) * 100, jitter: ticksToTime(buf.readUInt32LE(off + 20)),
    };
    forEachAttr(buf, off + TC_NETEM_QOPT_LEN, off + len, (t, p, l) => {
      if (t === TCA_NETEM.LATENCY64) out.delay = Math.trunc(readU64Number(buf, p, l) / 1000);
      else if (t === TCA_NETEM.JITTER64) out.jitter = Math.trunc(readU64Number(buf, p, l) / 1000);
      else if (t === TCA_NETEM.RATE && l >= 4 && out.rate === undefined) out.rate = buf.readUInt32LE(p) * 8;
      else if (t === TCA_NETEM.RATE64) out.rate = readU64Number(buf, p, l) * 8;
    });
    return out;
  },
};
