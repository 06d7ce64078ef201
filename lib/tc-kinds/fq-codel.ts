// fq_codel, as iproute2's tc/q_fq_codel.c builds it: only the options given, each a u32.
import { TCA } from '../uapi/rtnetlink';
import { TCA_FQ_CODEL } from '../uapi/pkt_sched';
import { forEachAttr, readU32 } from '../codecs/reader';
import { bool, int, u32 } from '../specs/schema';
import { qdiscSchema, size, time, type TcKind } from './kind';

// tc's order of the attributes, with the field each one carries.
const ORDER: ReadonlyArray<[string, number]> = [
  ['limit', TCA_FQ_CODEL.LIMIT], ['flows', TCA_FQ_CODEL.FLOWS], ['quantum', TCA_FQ_CODEL.QUANTUM],
  ['interval', TCA_FQ_CODEL.INTERVAL], ['target', TCA_FQ_CODEL.TARGET], ['ecn', TCA_FQ_CODEL.ECN],
  ['ceThreshold', TCA_FQ_CODEL.CE_THRESHOLD], ['memoryLimit', TCA_FQ_CODEL.MEMORY_LIMIT],
  ['dropBatch', TCA_FQ_CODEL.DROP_BATCH_SIZE],
];
const FIELD_OF = new Map(ORDER.map(([f, t]) => [t, f]));

export const fqCodel: TcKind = {
  kind: 'fq_codel',
  schema: qdiscSchema('fq_codel', {
    limit: u32, flows: u32, target: time, interval: time, quantum: size, ecn: bool, ceThreshold: time,
    memoryLimit: size, dropBatch: int(1, 0xffffffff),
  }),
  encode(w, s): void {
    const nest = w.beginNested(TCA.OPTIONS);
    for (const [field, type] of ORDER) {
      const v = s[field];
      if (v === undefined) continue;
      w.attrU32(type, typeof v === 'boolean' ? Number(v) : (v as number));
    }
    w.endNested(nest);
  },
  decode(buf, off, len) {
    const out: Record<string, unknown> = {};
    forEachAttr(buf, off, off + len, (t, p, l) => {
      const field = FIELD_OF.get(t);
      if (field === undefined) return;
      const v = readU32(buf, p, l);
      out[field] = field === 'ecn' ? v !== 0 : v;
    });
    return out;
  },
};
