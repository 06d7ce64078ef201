// tc's rate tables and time units (iproute2 tc/tc_core.c): the kernel still takes a 256-entry
// table of transmit times and a tc_ratespec with each rate, and times in psched ticks whose size
// /proc/net/psched gives (read once, as tc_core_init does).
import fs from 'node:fs';
import { TC_LINKLAYER, TC_LINKLAYER_MASK, TC_RATESPEC_LEN, TC_RTAB_SIZE } from '../uapi/pkt_sched';
import type { MessageWriter } from './writer';

const TIME_UNITS_PER_SEC = 1e6;
const ATM_CELL_SIZE = 53, ATM_CELL_PAYLOAD = 48;

interface Psched { tickInUsec: number; clockFactor: number; hz: number }
let psched: Psched | undefined;

/** Parses /proc/net/psched's four hex words; tc's defaults when they are missing. */
export function parsePsched(text: string | undefined): Psched {
  const words = (text ?? '').trim().split(/\s+/).map((w) => parseInt(w, 16));
  if (words.length < 3 || words.slice(0, 3).some((w) => !Number.isFinite(w) || w === 0)) return { tickInUsec: 1, clockFactor: 1, hz: 1000 };
  let [t2us] = words;
  const [, us2t, clockRes, denom] = words;
  if (clockRes === 1e9) t2us = us2t;  // the kernel's compatibility hack for nanosecond clocks
  const clockFactor = clockRes / TIME_UNITS_PER_SEC;
  // get_hz(): the fourth word when the third is 1000000, else HZ (1000 in tc's build)
  const hz = clockRes === 1e6 && Number.isFinite(denom) && denom > 0 ? denom : 1000;
  return { tickInUsec: (t2us / us2t) * clockFactor, clockFactor, hz };
}

function units(): Psched {
  if (psched === undefined) {
    let text: string | undefined;
    try { text = fs.readFileSync('/proc/net/psched', 'latin1'); } catch { text = undefined; }
    psched = parsePsched(text);
  }
  return psched;
}

/** C's conversion of a double to unsigned int (truncation, low 32 bits). */
const u32 = (x: number): number => (x >= 0 && x < 2 ** 32 ? Math.trunc(x) : Number(BigInt.asUintN(32, BigInt(Math.trunc(x)))));

/** µs -> psched ticks (tc_core_time2tick). */
export const timeToTicks = (us: number): number => u32(u32(us) * units().tickInUsec);
/** psched ticks -> µs (tc_core_tick2time). */
export const ticksToTime = (ticks: number): number => u32(ticks / units().tickInUsec);
/** The HZ tc's get_hz() finds (htb's default burst is rate / hz + mtu). */
export const pschedHz = (): number => units().hz;

/** Ticks to send size bytes at rate bytes/s (tc_calc_xmittime). */
export const xmitTime = (rate: number, size: number): number => timeToTicks(TIME_UNITS_PER_SEC * (size / rate));
/** Bytes sent at rate bytes/s in ticks (tc_calc_xmitsize). */
export const xmitSize = (rate: number, ticks: number): number => u32((rate * ticksToTime(ticks)) / TIME_UNITS_PER_SEC);

export type LinkLayer = 'ethernet' | 'atm';

/** struct tc_ratespec. */
export interface Ratespec {
  cellLog: number; linklayer: number; overhead: number; cellAlign: number; mpu: number;
  /** Bytes per second; the u32 field saturates at 0xffffffff (the 64-bit rate travels beside it). */
  rate: number;
}

export interface RateTableInput {
  /** Bytes per second (may exceed 32 bits). */
  rate: number;
  mpu?: number;
  overhead?: number;
  /** 0 means tc's 2047. */
  mtu?: number;
  /** -1 (or absent): the smallest that fits mtu in 256 cells. */
  cellLog?: number;
  linklayer?: LinkLayer;
}

/** The rate table and the ratespec that describes it (tc_calc_rtable_64). */
export function rateTable(input: RateTableInput): { table: Buffer; spec: Ratespec } {
  const mtu = input.mtu || 2047;
  const mpu = input.mpu ?? 0;
  const atm = input.linklayer === 'atm';
  let cellLog = input.cellLog ?? -1;
  if (cellLog < 0) for (cellLog = 0; (mtu >> cellLog) > 255;) cellLog++;
  const table = Buffer.alloc(TC_RTAB_SIZE);
  for (let i = 0; i < 256; i++) {
    let sz = ((i + 1) << cellLog) >>> 0;
    if (sz < mpu) sz = mpu;
    if (atm) sz = Math.ceil(sz / ATM_CELL_PAYLOAD) * ATM_CELL_SIZE;
    table.writeUInt32LE(xmitTime(input.rate, sz), i * 4);
  }
  const spec: Ratespec = {
    cellLog, linklayer: (atm ? TC_LINKLAYER.ATM : TC_LINKLAYER.ETHERNET) & TC_LINKLAYER_MASK,
    overhead: input.overhead ?? 0, cellAlign: -1, mpu, rate: Math.min(input.rate, 0xffffffff),
  };
  return { table, spec };
}

/** A ratespec that only names a rate (classes' ceil in a change, zeroed peakrates). */
export const EMPTY_RATESPEC: Readonly<Ratespec> = Object.freeze({ cellLog: 0, linklayer: 0, overhead: 0, cellAlign: 0, mpu: 0, rate: 0 });

export function writeRatespec(w: MessageWriter, r: Ratespec): void {
  w.u8(r.cellLog).u8(r.linklayer).u16(r.overhead).u16(r.cellAlign & 0xffff).u16(r.mpu).u32(r.rate);
}

/** Into a buffer (option structs are built whole, then copied into their attribute). */
export function putRatespec(b: Buffer, off: number, r: Ratespec): void {
  b.writeUInt8(r.cellLog, off); b.writeUInt8(r.linklayer, off + 1); b.writeUInt16LE(r.overhead, off + 2);
  b.writeInt16LE(r.cellAlign, off + 4); b.writeUInt16LE(r.mpu, off + 6); b.writeUInt32LE(r.rate, off + 8);
}

export function readRatespec(b: Buffer, off: number): Ratespec {
  return {
    cellLog: b[off], linklayer: b[off + 1] & TC_LINKLAYER_MASK, overhead: b.readUInt16LE(off + 2),
    cellAlign: b.readInt16LE(off + 4), mpu: b.readUInt16LE(off + 6), rate: b.readUInt32LE(off + 8),
  };
}

export { TC_RATESPEC_LEN };
