// Options of ip addr add/replace: validated (before any system call) into what the request
// builder takes.
import { IFA_F, INFINITY_LIFE_TIME, type AddressRequestOptions, type AddressScope, type Lifetime } from './addr-codec';
import { invalidArgValue } from '../errors';
import { parseScope } from '../rt-names';
import { parsePrefix, type ParsedPrefix } from '../ip';
import { IFNAMSIZ, rejectUnknownFields, validateBoolean, validateInteger, validateObject, validateString } from '../validate';

export interface AddressOptions {
  /** IPv4 only: an explicit broadcast address, or true to compute it from the prefix (ip's "broadcast +"). */
  broadcast?: string | true;
  /** IPv4 only: a label (ip's "label v0:1"); must begin with the link's name. */
  label?: string;
  /** Default: 'host' for 127/8, else 'global'. */
  scope?: AddressScope | 'universe';
  /** Do not add the prefix route. */
  noprefixroute?: boolean;
  /** IPv6: skip duplicate address detection. */
  nodad?: boolean;
  /** Seconds, or 'forever' (the default). */
  validLifetime?: Lifetime;
  preferredLifetime?: Lifetime;
  /** Metric of the prefix route. */
  metric?: number;
}


const OPTION_FIELDS = ['broadcast', 'label', 'scope', 'noprefixroute', 'nodad', 'validLifetime', 'preferredLifetime', 'metric'];

function validateLifetime(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (v === 'forever') return INFINITY_LIFE_TIME;
  return validateInteger(v, name, 0, INFINITY_LIFE_TIME - 1);
}

/** Checks the options against the address; returns what the request builder takes. */
export function validateAddressOptions(options: unknown, p: ParsedPrefix, link: string | number): AddressRequestOptions {
  const o = validateObject(options, 'options');
  rejectUnknownFields(o, OPTION_FIELDS, 'options');
  const out: AddressRequestOptions = {};
  if (o.broadcast !== undefined) {
    if (p.family !== 4) throw invalidArgValue('options.broadcast', o.broadcast, 'applies to IPv4 addresses only');
    out.broadcast = o.broadcast === true ? true : parsePrefix(o.broadcast, 'options.broadcast', { family: 4 });
    if (out.broadcast !== true && (out.broadcast as ParsedPrefix).prefixLength !== 32) throw invalidArgValue('options.broadcast', o.broadcast, 'must be an address, not a prefix');
  }
  if (o.label !== undefined) {
    const label = validateString(o.label, 'options.label');
    if (p.family !== 4) throw invalidArgValue('options.label', label, 'applies to IPv4 addresses only');
    if (label.length === 0 || Buffer.byteLength(label) >= IFNAMSIZ || label.includes('\0')) throw invalidArgValue('options.label', label, `must be 1 to ${IFNAMSIZ - 1} bytes`);
    if (typeof link === 'string' && !label.startsWith(link)) throw invalidArgValue('options.label', label, `must begin with the link's name "${link}"`);
    out.label = label;
  }
  if (o.scope !== undefined) out.scope = parseScope(o.scope, 'options.scope');
  let flags = 0;
  if (o.noprefixroute !== undefined && validateBoolean(o.noprefixroute, 'options.noprefixroute')) flags |= IFA_F.NOPREFIXROUTE;
  if (o.nodad !== undefined && validateBoolean(o.nodad, 'options.nodad')) {
    if (p.family !== 6) throw invalidArgValue('options.nodad', o.nodad, 'applies to IPv6 addresses only');
    flags |= IFA_F.NODAD;
  }
  if (flags) out.flags = flags;
  if (o.metric !== undefined) out.metric = validateInteger(o.metric, 'options.metric', 0, 0xffffffff);
  const valid = validateLifetime(o.validLifetime, 'options.validLifetime');
  const preferred = validateLifetime(o.preferredLifetime, 'options.preferredLifetime');
  if (valid !== undefined) out.validLifetime = valid;
  if (preferred !== undefined) out.preferredLifetime = preferred;
  if ((preferred ?? INFINITY_LIFE_TIME) > (valid ?? INFINITY_LIFE_TIME)) {
    throw invalidArgValue('options.preferredLifetime', o.preferredLifetime, 'must not exceed validLifetime');
  }
  return out;
}
