// Typed link specs (links.add) and changes (links.set), and their validation: everything here
// runs before any system call and throws TypeError/RangeError with Node's codes.
import { invalidArgValue, outOfRange } from '../errors';
// The registry itself, not the index: this module is loaded while the kinds register (veth needs it).
import { findKind, knownKinds, type CheckedSpec, type LinkKind } from '../link-kinds/registry';
import type { LinkChanges, LinkFilter, LinkRef } from '../types/link';
import { validateNamespaceArg } from './namespace-arg';
import type { Namespace } from '../namespace';
import { validateObject } from './validate';
import { bridgeChanges } from './bridge-changes';
import { bridgePortSchema } from './bridge-port';
import {
  MAX_ATTR_PAYLOAD, MTU_MAX, MTU_MIN, Schema, bool, bytes, int, linkName, linkRef, mac, nested, required, text, u32,
  type Check, type Field,
} from './schema';

/** IFALIASZ is 256 with the NUL. */
const ALIAS_MAX = 255;
/** Longer than any kind name the kernel has. */
const KIND_MAX = 64;
/** Room for IFLA_INFO_DATA inside IFLA_LINKINFO, after the kind attribute. */
const MAX_RAW_DATA = MAX_ATTR_PAYLOAD - 4 - 4 - ((KIND_MAX + 3) & ~3);

const kindName = text(KIND_MAX, { min: 1 });
const aliasText = text(ALIAS_MAX);
const mtu = int(MTU_MIN, MTU_MAX);
const namespace: Check = (v, name) => validateNamespaceArg(v, name);

/** Options every kind accepts on creation. */
const COMMON: Record<string, Check | Field> = {
  kind: required(kindName), name: required(linkName), mtu, address: mac, txqueuelen: u32, up: bool, master: linkRef,
  namespace,
};

const attrType = int(1, 0x3fff);  // the top two bits of nla_type are flags
const rawAttrSchema = new Schema('spec.data[]', { type: required(attrType), value: required((v, name) => rawValue(v, name)) });

const attrBytes = bytes(MAX_ATTR_PAYLOAD);

function rawValue(v: unknown, name: string): unknown {
  return Array.isArray(v) ? rawList(v, name) : attrBytes(v, name);
}

/** A raw attribute as its check leaves it: the bytes copied, nested lists checked. */
export type CheckedRawAttribute = { readonly type: number; readonly value: Buffer | CheckedRawAttribute[] };

function rawList(v: unknown[], name: string): CheckedRawAttribute[] {
  // rawAttrSchema made it: type an attribute number, value bytes or a list of the same.
  return v.map((a, i) => rawAttrSchema.parse(a, `${name}[${i}]`) as CheckedRawAttribute);
}

/** Bytes the attributes take when encoded. */
function rawSize(list: CheckedRawAttribute[]): number {
  let n = 0;
  for (const a of list) n += 4 + (Buffer.isBuffer(a.value) ? (a.value.length + 3) & ~3 : rawSize(a.value));
  return n;
}

/** IFLA_INFO_DATA as raw attributes: a list (nested where value is a list) or { type: bytes }; copied as a list. */
const rawData: Check = (v, name) => {
  let list: CheckedRawAttribute[];
  if (Array.isArray(v)) list = rawList(v, name);
  else {
    const obj = validateObject(v, name);
    list = Object.keys(obj).map((k) => {
      if (!/^\d+$/.test(k) || Number(k) < 1 || Number(k) > 0x3fff) throw invalidArgValue(name, k, 'must be keyed by attribute numbers 1..16383');
      return rawAttrSchema.parse({ type: Number(k), value: obj[k] }, `${name}[${k}]`) as CheckedRawAttribute;
    });
  }
  const size = rawSize(list);
  if (size > MAX_RAW_DATA) throw outOfRange(name, `at most ${MAX_RAW_DATA} bytes when encoded`, size);
  return list;
};

const schemas = new Map<string, Schema>();

/** The schema of links.add for one kind: the common fields and the kind's own (raw data for kinds without a codec). */
function schemaFor(kind: string, codec: LinkKind | undefined): Schema {
  let schema = schemas.get(kind);
  if (!schema) {
    const own = codec ? codec.fields ?? {} : { data: rawData, parent: linkRef };
    schema = new Schema(codec ? `links.add spec (${kind})` : `links.add spec (${kind}, raw)`, { ...COMMON, ...own });
    schemas.set(kind, schema);
  }
  return schema;
}

/** The schemas of links.add, one per known kind and one for kinds only the kernel knows (made on first use). */
export function linkSpecSchemas(): Schema[] {
  return [...knownKinds().map((kind) => schemaFor(kind, findKind(kind))), schemaFor('(any other)', undefined)];
}

/**
 * The checked copy of a links.add spec: the common fields, and for a kind without a codec its
 * parent and raw data; a kind's codec reads its own fields (typed by its defineKind).
 */
export type CheckedLinkSpec = CheckedSpec<{ kind: string; parent?: LinkRef; data?: CheckedRawAttribute[] } & Record<string, unknown>>;

export interface ValidatedSpec {
  /** The checked copy: the only thing read from here on. */
  spec: CheckedLinkSpec;
  /** The kind's codec; undefined for kinds only known to the kernel (raw data). */
  codec?: LinkKind;
}

export function validateLinkSpec(input: unknown): ValidatedSpec {
  const obj = validateObject(input, 'spec');
  // The kind picks the schema; only an own property counts.
  const kind = kindName(Object.hasOwn(obj, 'kind') ? obj.kind : undefined, 'spec.kind') as string;
  const codec = findKind(kind);
  // The schema of the kind makes the copy: COMMON's fields and the kind's own (or parent and data).
  const spec = schemaFor(codec ? kind : '(any other)', codec).parse(obj, 'spec') as CheckedLinkSpec;
  // parse read kind again: a getter may have given another one, which this schema did not check.
  if (spec.kind !== kind) throw invalidArgValue('spec.kind', spec.kind, `changed while it was read (first ${kind})`);
  // Read back from the other namespace by name: a name the kernel numbers (dummy%d) would be lost.
  if (spec.namespace !== undefined && spec.name.includes('%')) {
    throw invalidArgValue('spec.name', spec.name, 'must not contain "%" when spec.namespace is given');
  }
  codec?.validate?.(spec);
  return { spec, codec };
}

export const linkChangesSchema = new Schema('links.set changes', {
  up: bool, mtu, name: linkName, address: mac, txqueuelen: u32,
  master: (v, name) => (v === null ? v : linkRef(v, name)),
  bridge: bridgeChanges,
  namespace,
  alias: (v, name) => (v === null ? v : aliasText(v, name)),
  port: nested(bridgePortSchema), promisc: bool, allmulti: bool, arp: bool, multicast: bool, carrier: bool,
});

export const linkFilterSchema = new Schema('links.list filter', { kind: kindName, master: linkRef });

/** The checked copy of a links.list filter. */
export function parseLinkFilter(input: unknown): Readonly<LinkFilter> {
  return linkFilterSchema.parse(input, 'filter');
}

/** The checked copy of links.set's changes (linkChangesSchema checked each field). */
export type CheckedLinkChanges = Readonly<LinkChanges>;

export interface ValidatedChanges {
  changes: CheckedLinkChanges;
  namespace?: Namespace;
}

export function validateLinkChanges(input: unknown): ValidatedChanges {
  const changes: CheckedLinkChanges = linkChangesSchema.parse(input, 'changes');
  // A move or a release leaves the bridge: port options would be lost (or refused) on the way.
  if (changes.port !== undefined && (changes.master === null || changes.namespace !== undefined)) {
    throw invalidArgValue('changes.port', changes.port, `cannot be given with ${changes.master === null ? 'master: null' : 'namespace'}`);
  }
  return { changes, namespace: changes.namespace };
}
