// Typed link specs (links.add) and changes (links.set), and their validation: everything here
// runs before any system call and throws TypeError/RangeError with Node's codes.
import { invalidArgType, invalidArgValue } from '../errors';
import { parseMac } from '../ip';
import { findKind, type LinkKind } from '../link-kinds';
import type {
  BondSpec, BridgeSpec, DummySpec, GeneveSpec, GreSpec, IfbSpec, IpvlanSpec, MacvlanSpec, TunSpec,
  VethSpec, VlanSpec, VrfSpec, VxlanSpec, WireguardSpec,
} from '../link-kinds';
import { rejectUnknownFields } from '../link-kinds/checks';
import { validateNamespaceArg } from '../link-kinds/namespace-arg';
import type { Namespace } from '../namespace';
import { validateBoolean, validateInteger, validateLinkName, validateLinkRef, validateObject, validateString } from '../validate';

/** Options every kind accepts on creation. */
export interface LinkCommonSpec {
  name: string;
  mtu?: number;
  /** MAC address, 6 bytes. */
  address?: string;
  txqueuelen?: number;
  /** Bring the link up once created. */
  up?: boolean;
  /** Enslave to this bridge/bond/vrf on creation. */
  master?: string | number;
}

/** A raw attribute for kinds this library has no typed spec for; nested when value is a list. */
export interface RawAttribute {
  type: number;
  value: Uint8Array | RawAttribute[];
}

/** Any other kind, with IFLA_INFO_DATA given as raw attributes. */
export interface RawKindSpec {
  kind: string;
  /** Parent device (IFLA_LINK), for kinds stacked on another (macvtap, ...). */
  parent?: string | number;
  data?: RawAttribute[] | Record<number, Uint8Array>;
}

export type KindSpec =
  | VethSpec | BridgeSpec | VxlanSpec | MacvlanSpec | IfbSpec | TunSpec | VrfSpec | DummySpec
  | VlanSpec | BondSpec | IpvlanSpec | GreSpec | GeneveSpec | WireguardSpec;

export type LinkSpec = LinkCommonSpec & (KindSpec | RawKindSpec);

export interface LinkChanges {
  up?: boolean;
  mtu?: number;
  /** New name. */
  name?: string;
  /** MAC address, 6 bytes. */
  address?: string;
  /** Enslave to a bridge/bond/vrf (name or index, in the namespace the link ends up in); null releases it. */
  master?: string | number | null;
  /** Move the device into this namespace (ip link set DEV netns NS). */
  namespace?: Namespace;
  /** Interface alias; '' or null clears it. */
  alias?: string | null;
  txqueuelen?: number;
}

const COMMON_FIELDS = ['kind', 'name', 'mtu', 'address', 'txqueuelen', 'up', 'master'];
const CHANGE_FIELDS = ['up', 'mtu', 'name', 'address', 'master', 'namespace', 'alias', 'txqueuelen'];
/** IPv4's minimum; Ethernet-like devices refuse less, and the kernel keeps MTU in an int. */
export const MTU_MIN = 68;
export const MTU_MAX = 0x7fffffff;
const IFALIASZ = 256;
const KIND_MAX = 64;

export interface ValidatedSpec {
  spec: Record<string, unknown>;
  /** The kind's codec; undefined for kinds only known to the kernel (raw data). */
  codec?: LinkKind;
}

function validateCommon(s: Record<string, unknown>, prefix: string): void {
  if (s.mtu !== undefined) validateInteger(s.mtu, `${prefix}mtu`, MTU_MIN, MTU_MAX);
  if (s.address !== undefined) parseMac(s.address, `${prefix}address`);
  if (s.txqueuelen !== undefined) validateInteger(s.txqueuelen, `${prefix}txqueuelen`, 0, 0xffffffff);
  if (s.up !== undefined) validateBoolean(s.up, `${prefix}up`);
}

function validateRawData(data: unknown, argName: string): void {
  if (data === undefined) return;
  if (Array.isArray(data)) {
    data.forEach((a, i) => {
      const attr = validateObject(a, `${argName}[${i}]`);
      validateInteger(attr.type, `${argName}[${i}].type`, 1, 0xffff);
      if (Array.isArray(attr.value)) validateRawData(attr.value, `${argName}[${i}].value`);
      else if (!(attr.value instanceof Uint8Array)) throw invalidArgType(`${argName}[${i}].value`, 'a Buffer/Uint8Array or a list of attributes', attr.value);
    });
    return;
  }
  const obj = validateObject(data, argName);
  for (const [k, v] of Object.entries(obj)) {
    if (!/^\d+$/.test(k) || Number(k) < 1 || Number(k) > 0xffff) throw invalidArgValue(argName, k, 'must be keyed by attribute numbers 1..65535');
    if (!(v instanceof Uint8Array)) throw invalidArgType(`${argName}[${k}]`, 'a Buffer/Uint8Array', v);
  }
}

export function validateLinkSpec(spec: unknown): ValidatedSpec {
  const s = validateObject(spec, 'spec');
  const kind = validateString(s.kind, 'spec.kind');
  if (kind.length === 0 || kind.length > KIND_MAX || kind.includes('\0')) throw invalidArgValue('spec.kind', kind, 'must be a link kind like "veth"');
  if (s.name === undefined) throw invalidArgType('spec.name', 'of type string', undefined);
  validateLinkName(s.name, 'spec.name');
  validateCommon(s, 'spec.');
  if (s.master !== undefined) validateLinkRef(s.master, 'spec.master');
  const codec = findKind(kind);
  if (codec) {
    rejectUnknownFields(s, [...COMMON_FIELDS, ...(codec.fields ?? [])], 'spec');
    codec.validate?.(s);
  } else {
    rejectUnknownFields(s, [...COMMON_FIELDS, 'data', 'parent'], 'spec');
    if (s.parent !== undefined) validateLinkRef(s.parent, 'spec.parent');
    validateRawData(s.data, 'spec.data');
  }
  return { spec: s, codec };
}

export interface ValidatedChanges {
  changes: Record<string, unknown>;
  namespace?: Namespace;
}

export function validateLinkChanges(changes: unknown): ValidatedChanges {
  const c = validateObject(changes, 'changes');
  rejectUnknownFields(c, CHANGE_FIELDS, 'changes');
  validateCommon(c, 'changes.');
  if (c.name !== undefined) validateLinkName(c.name, 'changes.name');
  if (c.master !== undefined && c.master !== null) validateLinkRef(c.master, 'changes.master');
  if (c.alias !== undefined && c.alias !== null) {
    const alias = validateString(c.alias, 'changes.alias');
    if (Buffer.byteLength(alias) >= IFALIASZ) throw invalidArgValue('changes.alias', alias, `must be shorter than ${IFALIASZ} bytes`);
    if (alias.includes('\0')) throw invalidArgValue('changes.alias', alias, 'must not contain NUL bytes');
  }
  const namespace = c.namespace === undefined ? undefined : validateNamespaceArg(c.namespace, 'changes.namespace');
  return { changes: c, namespace };
}
