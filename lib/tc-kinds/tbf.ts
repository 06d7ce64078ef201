// tbf (token bucket filter), as iproute2's tc/q_tbf.c builds and prints it.
import { invalidArgValue, outOfRange } from '../errors';
import { TCA } from '../uapi/rtnetlink';
import { TCA_TBF, TC_TBF_QOPT_LEN } from '../uapi/pkt_sched';
import { forEachAttr, readU64Number } from '../codecs/reader';
import { putRatespec, rateTable, readRatespec, ticksToTime, xmitSize, xmitTime, EMPTY_RATESPEC } from '../codecs/tc-rate';
import { required, type Checked } from '../specs/schema';
import { qdiscSchema, rate, size, time, type TcKind } from './kind';

const U32 = 2 ** 32;

export const tbf: TcKind = {
  kind: 'tbf',
  schema: qdiscSchema('tbf', { rate: required(rate), burst: required(size), latency: time, limit: size, peakrate: rate, mtu: size, mpu: size }),
  check(s: Checked): void {
    if (s.rate === 0) throw outOfRange('qdisc.rate', 'at least 1 byte per second (8bit; less rounds to 0)', s.rate);
    if (s.burst === 0) throw outOfRange('qdisc.burst', 'at least 1 byte', s.burst);
    if ((s.latency === undefined) === (s.limit === undefined)) throw invalidArgValue('qdisc', 'latency/limit', 'needs exactly one of latency and limit');
    if (s.peakrate !== undefined && !s.mtu) throw invalidArgValue('qdisc.mtu', s.mtu, 'is required with peakrate');
  },
  encode(w, s): void {
    const rate64 = s.rate as number, buffer = s.burst as number, mtu = (s.mtu as number | undefined) ?? 0;
    const prate64 = (s.peakrate as number | undefined) ?? 0, mpu = (s.mpu as number | undefined) ?? 0;
    let limit = (s.limit as number | undefined) ?? 0;
    if (s.latency !== undefined) {
      const latency = s.latency as number;
      let lim = (rate64 * latency) / 1e6 + buffer;
      if (prate64) lim = Math.min(lim, (prate64 * latency) / 1e6 + mtu);
      limit = Math.trunc(lim) >>> 0;
    }
    const opt = Buffer.alloc(TC_TBF_QOPT_LEN);
    const r = rateTable({ rate: rate64, mpu, mtu });
    putRatespec(opt, 0, r.spec);
    let ptab: Buffer | undefined;
    if (prate64) {
      const p = rateTable({ rate: prate64, mpu, mtu });
      putRatespec(opt, 12, p.spec);
      ptab = p.table;
      opt.writeUInt32LE(xmitTime(prate64, mtu), 32);
    } else {
      putRatespec(opt, 12, EMPTY_RATESPEC);
    }
    opt.writeUInt32LE(limit, 24);
    opt.writeUInt32LE(xmitTime(r.spec.rate, buffer), 28);
    const nest = w.beginNested(TCA.OPTIONS);
    w.attrBytes(TCA_TBF.PARMS, opt);
    w.attrU32(TCA_TBF.BURST, buffer);
    if (rate64 >= U32) w.attrU64(TCA_TBF.RATE64, rate64);
    w.attrBytes(TCA_TBF.RTAB, r.table);
    if (ptab) {
      if (prate64 >= U32) w.attrU64(TCA_TBF.PRATE64, prate64);
      w.attrU32(TCA_TBF.PBURST, mtu);
      w.attrBytes(TCA_TBF.PTAB, ptab);
    }
    w.endNested(nest);
  },
  decode(buf, off, len) {
    let parms = -1, rate64 = 0, prate64 = 0;
    forEachAttr(buf, off, off + len, (t, p, l) => {
      if (t === TCA_TBF.PARMS && l >= TC_TBF_QOPT_LEN) parms = p;
      else if (t === TCA_TBF.RATE64) rate64 = readU64Number(buf, p, l);
      else if (t === TCA_TBF.PRATE64) prate64 = readU64Number(buf, p, l);
    });
    if (parms < 0) return {};
    const rate = rate64 || readRatespec(buf, parms).rate;
    const peak = prate64 || readRatespec(buf, parms + 12).rate;
    const limit = buf.readUInt32LE(parms + 24), bufferTicks = buf.readUInt32LE(parms + 28), mtuTicks = buf.readUInt32LE(parms + 32);
    // tc's print: the latency a full queue adds, from limit and the burst's time
    let latency = (1e6 * limit) / rate - ticksToTime(bufferTicks);
    const out: Record<string, unknown> = { rate: rate * 8, burst: xmitSize(rate, bufferTicks), limit };
    if (peak) {
      out.peakrate = peak * 8;
      out.mtu = xmitSize(peak, mtuTicks);
      latency = Math.max(latency, (1e6 * limit) / peak - ticksToTime(mtuTicks));
    }
    if (latency >= 0) out.latency = Math.trunc(latency);
    return out;
  },
};
