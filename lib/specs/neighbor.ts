// Neighbour specs (neighbors.add/replace/delete) -> checked values: every field validated before
// any system call; the device name is left for the caller to resolve.
import type { LinkRef } from '../types/link';
import { NUD, NTF } from '../uapi/neighbour';
import { parseAddress, parseMac, type ParsedAddress } from './ip';
import { invalidArgType, invalidArgValue } from '../errors';
import {
  Schema, anyObject, arrayOf, bool, dropped, family, int, linkRef, oneOf, required, text, u32,
} from './schema';
import type { NeighborSpec } from '../types/neighbor';
import type { NdMessage } from '../codecs/neigh-codec';

export function parseState(value: unknown, argName: string, allowed: readonly string[]): number {
  if (typeof value !== 'string') throw invalidArgType(argName, 'a state name', value);
  if (!allowed.includes(value)) throw invalidArgValue(argName, value, `must be one of ${allowed.join(', ')}`);
  return NUD[value];
}

const SETTABLE_STATES = ['permanent', 'reachable', 'stale', 'noarp', 'delay', 'probe', 'failed', 'incomplete', 'none'];

/** NeighborSpec (and delete's, which may leave out lladdr and state); a Neighbor from list() passes too. */
export const neighborSpecSchema = new Schema('neighbor', {
  dev: linkRef, address: required((v, name) => parseAddress(v, name)), lladdr: (v, name) => parseMac(v, name), state: oneOf(SETTABLE_STATES), proxy: bool, router: bool,
  // fields of a listed entry: its index needs no lookup; the rest is checked and dropped
  ifindex: int(1, 0x7fffffff), family: dropped(family), flags: dropped(arrayOf(text(64), { max: 32, what: 'flag names' })),
  probes: dropped(u32), raw: dropped(anyObject),
});

/** A validated neighbour; dev still to be resolved. */
export interface ParsedNeighbor { dev: LinkRef; msg: Omit<NdMessage, 'ifindex'>; address: string }

/**
 * As `ip neigh add|replace|del` builds it (iproute2 ip/ipneigh.c): state permanent unless given
 * (also on delete, where the kernel ignores it), NTF_PROXY for proxy entries, NDA_DST then NDA_LLADDR.
 */
export function parseNeighborSpec(input: NeighborSpec, op: 'add' | 'replace' | 'delete'): ParsedNeighbor {
  const spec = neighborSpecSchema.parse(input, 'neighbor');
  const addr = spec.address as ParsedAddress;  // address and lladdr are parsed by the schema
  let flags = 0;
  if (spec.proxy === true) flags |= NTF.PROXY;
  if (spec.router === true) flags |= NTF.ROUTER;
  const state = spec.state === undefined ? NUD.permanent : NUD[spec.state as string];
  const msg: ParsedNeighbor['msg'] = { af: addr.af, state, flags, type: undefined, dst: addr.bytes, lladdr: undefined };
  if (spec.lladdr !== undefined && op !== 'delete') msg.lladdr = spec.lladdr as Buffer;
  const dev = (spec.ifindex ?? spec.dev) as LinkRef | undefined;
  if (dev === undefined) throw invalidArgType('neighbor.dev', 'a link name (string) or index (number)', undefined);
  return { dev, msg, address: addr.text };
}

export const neighborFilterSchema = new Schema('neighbors.list filter', { dev: linkRef, family, proxy: bool });
