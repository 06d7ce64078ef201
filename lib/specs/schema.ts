// One declarative schema per spec, option and filter object of the public API: field name ->
// check, required or optional. Schema.parse is the only way an argument object is read: it takes
// own enumerable properties only (a polluted Object.prototype cannot add fields), refuses unknown
// ones, runs each field's check once, and returns a copy that inherits nothing, which every later
// step (encode, read-back, undo) uses instead of the caller's object, which may change meanwhile.
import { invalidArgType, invalidArgValue, outOfRange } from '../errors';
import { parseAddress, parseMac, parsePrefix, type Family } from './ip';
import {
  validateBoolean, validateFamily, validateInteger, validateLinkName, validateLinkRef, validateObject,
} from './validate';

/** Validates one value (argName names it in errors) and returns it, or a copy for containers. */
export type Check = (value: unknown, argName: string) => unknown;

export interface Field {
  readonly check: Check;
  readonly required: boolean;
}

/** A checked copy: own fields only, nothing inherited from Object.prototype. */
export type Checked = Record<string, unknown>;

interface KnownField extends Field {
  /** The field's argument name under the schema's usual label. */
  readonly path: string;
}

const registry = new Map<string, Schema>();

export class Schema {
  readonly fields: ReadonlyMap<string, KnownField>;
  private readonly requiredKeys: readonly string[];
  private readonly known: string;

  /** The name its argument usually has in errors ('route', 'options'): field names are made once. */
  private readonly label: string;
  /**
   * Makes this schema's copies. They inherit from an empty, frozen null-prototype object of
   * their own: as with Object.create(null) nothing of Object.prototype (polluted or not) shows
   * through, V8 keeps them in fast mode (Object.create(null) makes dictionary-mode objects, whose
   * every read is a hash lookup), and a copy is known by its prototype, so parsing it again (a
   * batch hands its checked copies to the methods) returns it as it is: its values may be
   * converted (a parsed address), which a check would not take again. Copies are frozen (their
   * arrays too), so one that reaches user code cannot be changed and passed back unchecked.
   */
  private readonly Copy: new () => Checked;

  /**
   * id names the schema in the registry (the validation table test walks it): 'METHOD ARGUMENT'
   * ('routes.list filter'), or just the argument's name ('route').
   */
  constructor(readonly id: string, fields: Record<string, Check | Field>) {
    const label = this.label = id.split(' ')[1] ?? id;
    this.Copy = function Copy() { /* fields are added by parse */ } as unknown as new () => Checked;
    this.Copy.prototype = Object.freeze(Object.create(null) as object);
    const map = new Map<string, KnownField>();
    for (const key of Object.keys(fields)) {
      const f = fields[key];
      const path = `${label}.${key}`;
      map.set(key, typeof f === 'function' ? { check: f, required: false, path } : { ...f, path });
    }
    this.fields = map;
    this.requiredKeys = [...map].filter(([, f]) => f.required).map(([k]) => k);
    this.known = [...map.keys()].join(', ');
    if (registry.has(id)) throw new Error(`schema ${id} defined twice`);
    registry.set(id, this);
  }

  /**
   * The checked copy of value. A field given as undefined counts as absent (also
   * an unknown one: it asks for nothing). Written as a plain loop over own keys, with no closure
   * per call: links.set and routes.add run it for every request.
   */
  parse(value: unknown, argName: string = this.label): Checked {
    const obj = validateObject(value, argName);
    if (Object.getPrototypeOf(obj) === this.Copy.prototype) return obj;  // checked already, by this schema
    const out = new this.Copy();
    const keys = Object.keys(obj);
    const usual = argName === this.label;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const v = obj[key];
      if (v === undefined) continue;
      const field = this.fields.get(key);
      if (field === undefined) throw invalidArgValue(`${argName}.${key}`, v, `is not a known field (known: ${this.known})`);
      const checked = field.check(v, usual ? field.path : `${argName}.${key}`);
      if (checked !== undefined) out[key] = checked;
    }
    for (let i = 0; i < this.requiredKeys.length; i++) {
      const key = this.requiredKeys[i];
      if (out[key] !== undefined) continue;
      this.fields.get(key)!.check(undefined, `${argName}.${key}`);
      throw invalidArgType(`${argName}.${key}`, 'given', undefined);
    }
    return Object.freeze(out);
  }
}

/** Every schema defined so far, by id. */
export function allSchemas(): ReadonlyMap<string, Schema> {
  return registry;
}

export const required = (check: Check): Field => ({ check, required: true });

// ---- checks shared by the schemas ----

/** IPv4's minimum; Ethernet-like devices refuse less, and the kernel keeps MTU in an int. */
export const MTU_MIN = 68;
export const MTU_MAX = 0x7fffffff;

export const int = (min: number, max: number): Check => (v, name) => validateInteger(v, name, min, max);
export const u8 = int(0, 255);
export const u32 = int(0, 0xffffffff);
export const bool: Check = validateBoolean;
export const linkRef: Check = (v, name) => validateLinkRef(v, name);
export const linkName: Check = (v, name) => validateLinkName(v, name);
export const family: Check = validateFamily;
/** An IP address (of one family when given); the text is kept, its bytes are made when encoding. */
export const address = (fam?: Family): Check => (v, name) => { parseAddress(v, name, fam); return v; };
export function prefix(opts: { family?: Family; requireNetwork?: boolean } = {}): Check {
  const own = { family: ownOr(opts, 'family', undefined), requireNetwork: ownOr(opts, 'requireNetwork', false) };
  return (v, name) => { parsePrefix(v, name, own); return v; };
}
const NETWORK = Object.freeze({ requireNetwork: true });  // made once: routes.add parses a prefix per call
/** A network prefix (host bits zero: routes, rules), parsed: the ParsedPrefix is the checked value. */
export const network: Check = (v, name) => parsePrefix(v, name, NETWORK);
/** A MAC address ('02:00:00:00:00:01'); the text is kept. */
export const mac: Check = (v, name) => { parseMac(v, name); return v; };
/** Accepted (a field of a listed object, so that it can be passed back) and dropped from the copy. */
export const dropped = (check: Check): Check => (v, name) => { check(v, name); return undefined; };
/** Any plain object, not looked into (dropped fields only). */
export const anyObject: Check = (v, name) => validateObject(v, name);

export const nested = (schema: Schema): Check => (v, name) => schema.parse(v, name);

// Options of the check makers are read once, when a schema is made, and own fields only.
const ownOr = <T>(opts: object, key: string, fallback: T): T => (Object.hasOwn(opts, key) ? (opts as Record<string, T>)[key] : fallback);

/** An array of at most max items (a netlink attribute holds 64 KiB), each checked; copied. */
export function arrayOf(item: Check, opts: { min?: number; max: number; what: string }): Check {
  const min = ownOr(opts, 'min', 0), max = ownOr(opts, 'max', 0), what = ownOr(opts, 'what', 'values');
  return (v, name) => {
    if (!Array.isArray(v)) throw invalidArgType(name, `an array of ${what}`, v);
    if (v.length < min) throw invalidArgValue(name, v, 'must not be empty');
    if (v.length > max) throw outOfRange(`${name}.length`, `at most ${max}`, v.length);
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = item(v[i], `${name}[${i}]`);
    return Object.freeze(out);  // part of a frozen copy
  };
}

/** One of a fixed set of names; own-key lookups only ('constructor' is not a name). */
export function oneOf(names: readonly string[]): Check {
  const set = new Set(names);
  const list = names.join(', ');
  return (v, name) => {
    if (typeof v !== 'string') throw invalidArgType(name, `one of ${list}`, v);
    if (!set.has(v)) throw invalidArgValue(name, v, `must be one of ${list}`);
    return v;
  };
}

/** A string of at most max UTF-8 bytes, without NUL (the kernel reads it as a C string). */
export function text(max: number, opts: { min?: number } = {}): Check {
  const min = ownOr(opts, 'min', 0);
  return (v, name) => {
    if (typeof v !== 'string') throw invalidArgType(name, 'of type string', v);
    if (v.length < min) throw invalidArgValue(name, v, 'must not be empty');
    if (v.includes('\0')) throw invalidArgValue(name, v, 'must not contain NUL bytes');
    const bytes = Buffer.byteLength(v);
    if (bytes > max) throw outOfRange(`${name}.length`, `at most ${max} bytes`, bytes);
    return v;
  };
}

/** A Buffer/Uint8Array of at most max bytes, copied (a later change to it changes nothing sent). */
export function bytes(max: number): Check {
  return (v, name) => {
    if (!(v instanceof Uint8Array)) throw invalidArgType(name, 'a Buffer or Uint8Array', v);
    if (v.length > max) throw outOfRange(`${name}.length`, `at most ${max} bytes`, v.length);
    return Buffer.from(v);
  };
}

/** Largest payload of one netlink attribute (nla_len is 16 bits and counts the 4-byte header). */
export const MAX_ATTR_PAYLOAD = 0xffff - 4;
