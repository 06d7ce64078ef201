// tc qdisc/class add, replace, change and del as checked writes (see writes.ts): the arguments are
// checked when the write is made, the device resolved by the sender, the message as tc builds it
// (tcmsg, TCA_KIND, then the kind's TCA_OPTIONS) with the NLM flags tc sends for each command.
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../uapi/netlink';
import { RTM, TCA } from '../uapi/rtnetlink';
import { TC_H, tcHandle } from '../uapi/pkt_sched';
import { invalidArgType, invalidArgValue } from '../errors';
import { writeTcmsg } from '../codecs/tc-codec';
import { formatHandle } from '../specs/tc-units';
import { Schema, linkRef, required, text, type Checked } from '../specs/schema';
import { validateObject } from '../specs/validate';
import { CLASS_KINDS, QDISC_KINDS, type TcKind } from '../tc-kinds';
import { handle } from '../tc-kinds/kind';
import type { LinkRef } from '../types/link';
import type { PreparedWrite, WriteRequest } from './writes';
import type { MessageWriter } from '../codecs/writer';

export type TcOp = 'add' | 'replace' | 'change' | 'delete';

// tc_qdisc.c: add is CREATE|EXCL, replace CREATE|REPLACE, change and del nothing; tc_class.c's
// replace is CREATE alone (a class is replaced in place whatever the flags).
const FLAGS: Record<'qdisc' | 'class', Record<TcOp, number>> = {
  qdisc: { add: NLM_F_CREATE | NLM_F_EXCL, replace: NLM_F_CREATE | NLM_F_REPLACE, change: 0, delete: 0 },
  class: { add: NLM_F_CREATE | NLM_F_EXCL, replace: NLM_F_CREATE, change: 0, delete: 0 },
};

class TcWrite implements PreparedWrite {
  readonly renames = false;
  readonly refs: readonly LinkRef[];
  constructor(
    private readonly what: 'qdisc' | 'class', private readonly op: TcOp, private readonly dev: LinkRef,
    private readonly handle: number, private readonly parent: number, private readonly kind: string | undefined,
    private readonly encodeOptions?: (w: MessageWriter) => void,
  ) {
    this.refs = [dev];
  }

  request(ifindex: (ref: LinkRef) => number): WriteRequest {
    const index = ifindex(this.dev);
    const { handle: h, parent, kind, encodeOptions } = this;
    const qdisc = this.what === 'qdisc';
    const type = this.op === 'delete' ? (qdisc ? RTM.DELQDISC : RTM.DELTCLASS) : (qdisc ? RTM.NEWQDISC : RTM.NEWTCLASS);
    return {
      type, flags: FLAGS[this.what][this.op],
      encode: (w) => {
        writeTcmsg(w, { ifindex: index, handle: h, parent });
        if (kind !== undefined) w.attrString(TCA.KIND, kind);
        encodeOptions?.(w);
      },
    };
  }

  context(): string {
    const id = this.what === 'qdisc' ? `parent ${formatHandle(this.parent)}${this.handle ? ` handle ${formatHandle(this.handle)}` : ''}` : `classid ${formatHandle(this.handle)}`;
    return `(${this.what}${this.kind ? ` ${this.kind}` : ''} dev ${this.dev} ${id})`;
  }
}

/** The kind's entry for spec.kind, checked before the rest of the spec. */
function kindOf(spec: unknown, argName: string, kinds: ReadonlyMap<string, TcKind>): { kind: TcKind; s: Checked } {
  const o = validateObject(spec, argName);
  const name = Object.hasOwn(o, 'kind') ? o.kind : undefined;
  if (typeof name !== 'string') throw invalidArgType(`${argName}.kind`, `one of ${[...kinds.keys()].join(', ')}`, name);
  const kind = kinds.get(name);
  if (!kind) throw invalidArgValue(`${argName}.kind`, name, `must be one of ${[...kinds.keys()].join(', ')}`);
  const s = kind.schema.parse(spec, argName);
  kind.check?.(s);
  return { kind, s };
}

function qdiscHandle(h: number | undefined, fallback: number): number {
  if (h === undefined) return fallback;
  if ((h & 0xffff) !== 0 && h !== TC_H.ROOT) throw invalidArgValue('qdisc.handle', formatHandle(h), "must be a major only, like '1:'");
  return h;
}

export function qdiscWrite(op: Exclude<TcOp, 'delete'>, spec: unknown): PreparedWrite {
  const { kind, s } = kindOf(spec, 'qdisc', QDISC_KINDS);
  const h = qdiscHandle(s.handle as number | undefined, kind.defaults?.handle ?? 0);
  const parent = (s.parent as number | undefined) ?? kind.defaults?.parent ?? TC_H.ROOT;
  const encode = kind.encode?.bind(kind);
  return new TcWrite('qdisc', op, s.dev as LinkRef, h, parent, kind.kind, encode && ((w) => encode(w, s)));
}

export const qdiscDeleteSchema = new Schema('qdiscs.delete qdisc', { dev: required(linkRef), parent: handle, handle, kind: text(15, { min: 1 }) });

/** tc qdisc del: dev with parent (root unless a handle or an ingress/clsact kind says otherwise). */
export function qdiscDelete(spec: unknown): PreparedWrite {
  const s = qdiscDeleteSchema.parse(spec, 'qdisc');
  const kind = s.kind as string | undefined;
  const ingress = kind === 'ingress' || kind === 'clsact';
  const h = qdiscHandle(s.handle as number | undefined, ingress ? tcHandle(TC_H.INGRESS, 0) : 0);
  const parent = (s.parent as number | undefined) ?? (ingress ? TC_H.INGRESS : s.handle !== undefined ? 0 : TC_H.ROOT);
  return new TcWrite('qdisc', 'delete', s.dev as LinkRef, h, parent, kind);
}

export function classWrite(op: Exclude<TcOp, 'delete'>, spec: unknown): PreparedWrite {
  const { kind, s } = kindOf(spec, 'class', CLASS_KINDS);
  const encode = kind.encode?.bind(kind);
  return new TcWrite('class', op, s.dev as LinkRef, s.classid as number, s.parent as number, kind.kind, encode && ((w) => encode(w, s)));
}

export const classDeleteSchema = new Schema('classes.delete class', { dev: required(linkRef), classid: required(handle), parent: handle, kind: text(15, { min: 1 }) });

/** tc class del dev D classid C [parent P]. */
export function classDelete(spec: unknown): PreparedWrite {
  const s = classDeleteSchema.parse(spec, 'class');
  return new TcWrite('class', 'delete', s.dev as LinkRef, s.classid as number, (s.parent as number | undefined) ?? 0, s.kind as string | undefined);
}
