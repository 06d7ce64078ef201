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

// ip neigh show's state filter (iproute2 ip/ipneigh.c): a mask of NUD bits, with 0x100 standing
// for NUD_NONE (which is 0); by default every state but NOARP and NONE.
const NUD_NONE_BIT = 0x100;
export const NUD_SHOWN_BY_DEFAULT = 0xff & ~NUD.noarp;
const NUD_ALL = 0xffff | NUD_NONE_BIT;

const stateBit = (name: string): number => (NUD[name] === 0 ? NUD_NONE_BIT : NUD[name]);
const oneState = oneOf(SETTABLE_STATES);
const stateList = arrayOf(oneState, { min: 1, max: SETTABLE_STATES.length, what: 'state names' });

/** nud: 'all', a state name or a list of them -> the mask of states to show. */
function nudMask(v: unknown, name: string): number {
  if (v === 'all') return NUD_ALL;
  if (typeof v === 'string') return stateBit(oneState(v, name) as string);
  if (!Array.isArray(v)) throw invalidArgType(name, "'all', a state name or an array of state names", v);
  return (stateList(v, name) as string[]).reduce((mask, n) => mask | stateBit(n), 0);
}

export const neighborFilterSchema = new Schema('neighbors.list filter', { dev: linkRef, family, proxy: bool, nud: nudMask });

/**
 * Whether ip neigh show lists an entry (ndmsg state and flags) under mask: proxy and externally
 * learned entries always, NONE (state 0) only when asked for.
 */
export function nudShown(mask: number, state: number, flags: number): boolean {
  if (flags & (NTF.PROXY | NTF.EXT_LEARNED)) return true;
  return state === 0 ? (mask & NUD_NONE_BIT) !== 0 : (mask & state) !== 0;
}
