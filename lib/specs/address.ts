// Options of ip addr add/replace, and the list filter: validated before any system call into
// what the request builder takes.
import type { LinkRef } from '../types/link';
import { IFA_F, INFINITY_LIFE_TIME } from '../uapi/if_addr';
import type { AddressRequestOptions } from '../codecs/addr-codec';
import { invalidArgValue } from '../errors';
import { parseScope } from '../codecs/iproute2-names';
import { parseAddress, type ParsedPrefix } from './ip';
import { IFNAMSIZ } from './validate';
import {
  Schema, bool, int, text, u32, type Check, linkRef, family,
} from './schema';

const seconds = int(0, INFINITY_LIFE_TIME - 1);
const lifetime: Check = (v, name) => (v === 'forever' ? v : seconds(v, name));
/** true (derived from the prefix) or an IPv4 address, parsed once: the copy holds it as a /32. */
const broadcast: Check = (v, name): true | ParsedPrefix => (v === true ? v : { ...parseAddress(v, name, 4), prefixLength: 32 });

export const addressOptionsSchema = new Schema('addresses.add options', {
  broadcast, label: text(IFNAMSIZ - 1, { min: 1 }), scope: (v, name) => parseScope(v, name),
  noprefixroute: bool, nodad: bool, validLifetime: lifetime, preferredLifetime: lifetime, metric: u32,
});

const lifetimeValue = (v: unknown): number | undefined => (v === undefined ? undefined : v === 'forever' ? INFINITY_LIFE_TIME : (v as number));

/** Checks the options against the address; returns what the request builder takes. */
export function validateAddressOptions(options: unknown, p: ParsedPrefix, link: LinkRef): AddressRequestOptions {
  const o = addressOptionsSchema.parse(options, 'options');
  // Every key own (undefined when absent): the request builder reads them all.
  const out: AddressRequestOptions = {
    broadcast: undefined, label: undefined, scope: undefined, flags: undefined, metric: undefined,
    validLifetime: undefined, preferredLifetime: undefined,
  };
  if (o.broadcast !== undefined) {
    const given = o.broadcast as true | ParsedPrefix;  // scope and broadcast are parsed by the schema
    if (p.family !== 4) throw invalidArgValue('options.broadcast', given === true ? given : given.text, 'applies to IPv4 addresses only');
    out.broadcast = given;
  }
  if (o.label !== undefined) {
    const label = o.label as string;
    if (p.family !== 4) throw invalidArgValue('options.label', label, 'applies to IPv4 addresses only');
    if (typeof link === 'string' && !label.startsWith(link)) throw invalidArgValue('options.label', label, `must begin with the link's name "${link}"`);
    out.label = label;
  }
  if (o.scope !== undefined) out.scope = o.scope as number;
  let flags = 0;
  if (o.noprefixroute === true) flags |= IFA_F.NOPREFIXROUTE;
  if (o.nodad === true) {
    if (p.family !== 6) throw invalidArgValue('options.nodad', o.nodad, 'applies to IPv6 addresses only');
    flags |= IFA_F.NODAD;
  }
  if (flags) out.flags = flags;
  if (o.metric !== undefined) out.metric = o.metric as number;
  const valid = lifetimeValue(o.validLifetime);
  const preferred = lifetimeValue(o.preferredLifetime);
  if (valid !== undefined) out.validLifetime = valid;
  if (preferred !== undefined) out.preferredLifetime = preferred;
  if ((preferred ?? INFINITY_LIFE_TIME) > (valid ?? INFINITY_LIFE_TIME)) {
    throw invalidArgValue('options.preferredLifetime', o.preferredLifetime, 'must not exceed validLifetime');
  }
  return out;
}

export const addressFilterSchema = new Schema('addresses.list filter', { link: linkRef, family });
