// Link kinds: how each kind's IFLA_INFO_DATA is written from a typed spec and read back into `info`.
// Each kind lives in its own file and registers itself here (lib/link-kinds/index.ts imports them all).
import type { LinkRef } from '../types/link';
import type { MessageWriter } from '../codecs/writer';
import type { Check, Field } from '../specs/schema';
import type { Namespace } from '../namespace';

/** Context an encoder may need: resolves names of links and namespaces into numbers. */
export interface KindEncodeContext {
  /** Index of a link in the namespace the request goes to. */
  linkIndex(ref: LinkRef): number;
  /** The fd to send for a Namespace the spec names: the request's own copy (held-namespaces.ts). */
  namespaceFd(ns: unknown, field: string): number;
}

export interface LinkKind {
  readonly kind: string;
  /** Spec fields this kind understands besides the common ones, with their checks; any other field is an error. */
  readonly fields?: Readonly<Record<string, Check | Field>>;
  /** Checks across fields of the checked spec; throws TypeError/RangeError. Runs before any system call. */
  validate?(spec: Record<string, unknown>): void;
  /** Namespaces the spec names (validated), whose fds the request holds from the call on. */
  namespaceRefs?(spec: Record<string, unknown>): Namespace[];
  /** Names of links the spec refers to (parent, dev...), resolved to indexes before encoding. */
  linkRefs?(spec: Record<string, unknown>): LinkRef[];
  /** Writes attributes that belong before IFLA_IFNAME (e.g. IFLA_LINK for a parent). */
  encodeTop?(w: MessageWriter, spec: Record<string, unknown>, ctx: KindEncodeContext): void;
  /** Writes the contents of IFLA_INFO_DATA; omit for kinds without data. */
  encodeData?(w: MessageWriter, spec: Record<string, unknown>, ctx: KindEncodeContext): void;
  /** Writes attributes after IFLA_LINKINFO (veth's peer goes inside data, so rarely used). */
  encodeAfter?(w: MessageWriter, spec: Record<string, unknown>, ctx: KindEncodeContext): void;
  /** Reads IFLA_INFO_DATA into typed fields. */
  decodeData?(buf: Buffer, start: number, end: number): Record<string, unknown>;
  /**
   * Kinds the kernel cannot create over rtnetlink (tun/tap): creates the device by other means
   * inside the namespace whose fd is given. Common options are applied afterwards with a set.
   */
  create?(nsFd: number, spec: Record<string, unknown>): Promise<void>;
}

const kinds = new Map<string, LinkKind>();

export function registerKind(k: LinkKind): void {
  // Kept without a prototype: an optional hook a kind lacks (create, encodeTop, validate...) must
  // not be found on a polluted Object.prototype.
  kinds.set(k.kind, Object.freeze(Object.assign(Object.create(null), k)));
}

export function findKind(kind: string): LinkKind | undefined {
  return kinds.get(kind);
}

export function knownKinds(): string[] {
  return [...kinds.keys()].sort();
}
