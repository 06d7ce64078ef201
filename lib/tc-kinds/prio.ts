// prio, as iproute2's tc/q_prio.c builds it: struct tc_prio_qopt straight in TCA_OPTIONS.
import { outOfRange } from '../errors';
import { TCA } from '../uapi/rtnetlink';
import { TCQ_PRIO_BANDS, TC_PRIO_MAX, TC_PRIO_QOPT_LEN } from '../uapi/pkt_sched';
import { arrayOf, int } from '../specs/schema';
import { qdiscSchema, type TcKind } from './kind';

/** tc's (and the kernel's) default priority -> band map. */
const DEFAULT_PRIOMAP = [1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1];

export const prio: TcKind = {
  kind: 'prio',
  schema: qdiscSchema('prio', { bands: int(2, TCQ_PRIO_BANDS), priomap: arrayOf(int(0, TCQ_PRIO_BANDS - 1), { max: TC_PRIO_MAX + 1, what: 'band numbers' }) }),
  check(s): void {
    const bands = (s.bands as number | undefined) ?? 3;
    const map = (s.priomap as number[] | undefined) ?? DEFAULT_PRIOMAP;
    map.forEach((b, i) => {
      if (b >= bands) throw outOfRange(`qdisc.priomap[${i}]`, `below bands (${bands})`, b);
    });
  },
  encode(w, s): void {
    const opt = Buffer.alloc(TC_PRIO_QOPT_LEN);
    opt.writeInt32LE((s.bands as number | undefined) ?? 3, 0);
    // tc starts from the default map and overwrites the priorities given
    const map = [...DEFAULT_PRIOMAP];
    ((s.priomap as number[] | undefined) ?? []).forEach((b, i) => { map[i] = b; });
    opt.set(map, 4);
    // addattr_nest_compat: the struct, then an empty nest of the same type inside it (for TCA_PRIO_MQ)
    const outer = w.beginNested(TCA.OPTIONS);
    w.bytes(opt);
    w.endNested(w.beginNested(TCA.OPTIONS));
    w.endNested(outer);
  },
  decode(buf, off, len) {
    if (len < TC_PRIO_QOPT_LEN) return {};  // the nest after the struct holds only TCA_PRIO_MQ
    return { bands: buf.readInt32LE(off), priomap: [...buf.subarray(off + 4, off + 4 + TC_PRIO_MAX + 1)] };
  },
};
