// What each qdisc or class kind contributes: its spec's schema (the common target fields and its
// options), cross-field checks, the TCA_OPTIONS it sends, and the decoding of the one it lists.
import type { MessageWriter } from '../codecs/writer';
import { Schema, linkRef, oneOf, required, type Check, type Checked, type Field } from '../specs/schema';
import { parseHandle, parseRate, parseSize, parseTime } from '../specs/tc-units';

export interface TcKind {
  readonly kind: string;
  readonly schema: Schema;
  /** parent and handle when the spec gives none. */
  readonly defaults?: { parent: number; handle: number };
  /** Checks between fields, after the schema (tc's own refusals). */
  check?(spec: Checked): void;
  /** Writes TCA_OPTIONS (nothing for kinds without options). */
  encode?(w: MessageWriter, spec: Checked): void;
  /** The options of a listed object, from TCA_OPTIONS' payload. */
  decode?(buf: Buffer, off: number, len: number): Record<string, unknown>;
}

export const rate: Check = (v, name) => parseRate(v, name);
export const size: Check = (v, name) => parseSize(v, name);
export const time: Check = (v, name) => parseTime(v, name);
export const handle: Check = (v, name) => parseHandle(v, name);

/** A qdisc spec's schema: dev, parent, handle, kind, then the kind's own fields. */
export const qdiscSchema = (kind: string, fields: Record<string, Check | Field>): Schema =>
  new Schema(`${kind} qdisc`, { dev: required(linkRef), parent: handle, handle, kind: required(oneOf([kind])), ...fields });

/** A class spec's schema: dev, parent and classid (both required), kind, the kind's fields. */
export const classSchema = (kind: string, fields: Record<string, Check | Field>): Schema =>
  new Schema(`${kind} class`, { dev: required(linkRef), parent: required(handle), classid: required(handle), kind: required(oneOf([kind])), ...fields });
