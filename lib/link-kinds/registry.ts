// Link kinds: how each kind's IFLA_INFO_DATA is written from a typed spec and read back into `info`.
// Each kind lives in its own file and declares itself here with defineKind (lib/link-kinds/index.ts
// imports them all).
import type { LinkCommonSpec, LinkRef } from '../types/link';
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

/** The checked copy of a kind's spec (the schema made it), as the kind's hooks read it. */
export type CheckedSpec<S> = Readonly<LinkCommonSpec & S>;

/** A check for each field of the spec besides kind: the schema must name exactly the spec's fields. */
export type SpecFields<S> = { readonly [K in Exclude<keyof S, 'kind'>]-?: Check | Field };

/** One kind, declared once: its spec S (what links.add takes) and its info I (what a link reads back). */
export interface KindDefinition<S extends { kind: string }, I> {
  readonly kind: S['kind'];
  /** Spec fields this kind understands besides the common ones, with their checks; any other field is an error. */
  readonly fields: SpecFields<S>;
  /** Checks across fields of the checked spec; throws TypeError/RangeError. Runs before any system call. */
  validate?(spec: CheckedSpec<S>): void;
  /** Namespaces the spec names (validated), whose fds the request holds from the call on. */
  namespaceRefs?(spec: CheckedSpec<S>): Namespace[];
  /** Names of links the spec refers to (parent, dev...), resolved to indexes before encoding. */
  linkRefs?(spec: CheckedSpec<S>): LinkRef[];
  /** Writes attributes that belong before IFLA_IFNAME (e.g. IFLA_LINK for a parent). */
  encodeTop?(w: MessageWriter, spec: CheckedSpec<S>, ctx: KindEncodeContext): void;
  /** Writes the contents of IFLA_INFO_DATA; omit for kinds without data. */
  encodeData?(w: MessageWriter, spec: CheckedSpec<S>, ctx: KindEncodeContext): void;
  /** Writes attributes after IFLA_LINKINFO (veth's peer goes inside data, so rarely used). */
  encodeAfter?(w: MessageWriter, spec: CheckedSpec<S>, ctx: KindEncodeContext): void;
  /** Reads IFLA_INFO_DATA into typed fields; omit to keep it raw. */
  decodeData?(buf: Buffer, start: number, end: number): I;
  /**
   * Kinds the kernel cannot create over rtnetlink (tun/tap): creates the device by other means
   * inside the namespace whose fd is given. Common options are applied afterwards with a set.
   */
  create?(nsFd: number, spec: CheckedSpec<S>): Promise<void>;
}

/** A kind as the request builders and the decoder see it, whatever its spec: the registry's view. */
export type LinkKind = KindDefinition<{ kind: string } & Record<string, unknown>, Record<string, unknown>>;

const kinds = new Map<string, LinkKind>();

/** Declares a kind: its hooks are typed by S and I; the registry keeps them for any spec. */
export function defineKind<S extends { kind: string }, I = never>(def: KindDefinition<S, I>): void {
  if (kinds.has(def.kind)) throw new Error(`link kind ${def.kind} defined twice`);
  // Kept without a prototype: an optional hook a kind lacks (create, encodeTop, validate...) must
  // not be found on a polluted Object.prototype. The one widening of the hooks' types: the kind's
  // schema (made from def.fields in link-spec.ts) is what makes every spec handed to them an S.
  kinds.set(def.kind, Object.freeze(Object.assign(Object.create(null), def)) as LinkKind);
}

let loaded = false;

/**
 * The kinds declare themselves when link-kinds/index.ts loads: on the first lookup, or before
 * (Namespace loads them with the first handle), not when the registry itself loads.
 */
export function loadKinds(): void {
  if (loaded) return;
  // A kind that looks kinds up while they load gets the index loading (require's cycle rule); a
  // load that failed (EMFILE) is tried again on the next lookup, the kinds declared so far kept.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first lookup
  require('./index');
  loaded = true;
}

export function findKind(kind: string): LinkKind | undefined {
  loadKinds();
  return kinds.get(kind);
}

/** The kinds links.add types and checks (veth, bridge, vxlan, ...), sorted; any other kind goes as a RawKindSpec. */
export function knownKinds(): string[] {
  loadKinds();
  return [...kinds.keys()].sort();
}
