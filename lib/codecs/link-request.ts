// Pure builders of link requests (RTM_NEWLINK / RTM_DELLINK / RTM_GETLINK), byte for byte as
// iproute2 sends them. Name resolution is the caller's: the context turns names into numbers, so
// the golden tests can build the same requests from a capture's ifindex map.
import { IFF } from '../uapi/if';
import { IFLA, IFLA_INFO } from '../uapi/if_link';
import { NLM_F_CREATE, NLM_F_EXCL } from '../uapi/netlink';
import { RTM } from '../uapi/rtnetlink';
import { writeIfInfo, writeIfInfoFields } from './link-codec';
import type { MessageWriter } from './writer';
import type { KindEncodeContext, LinkKind } from '../link-kinds/registry';
import type { CheckedLinkChanges, CheckedLinkSpec, CheckedRawAttribute } from '../specs/link-spec';
import { parseMac } from '../specs/ip';
import { writeBridgeChanges } from '../link-kinds/bridge';
import { writeBridgePortChanges } from './bridge-port';

/** What a request hands to NetlinkConnection.request (and the golden tests to encodeRequest). */
export interface LinkRequest {
  type: number;
  flags: number;
  readonly encode: (w: MessageWriter) => void;
}

/** How a request names an existing link: by index, or by name (the kernel looks it up). */
export type LinkTarget = { index: number } | { name: string };

// Object.hasOwn, not `in`: a polluted Object.prototype.name must not turn an index into a name.
const byName = (t: LinkTarget): t is { name: string } => Object.hasOwn(t, 'name');
const targetIndex = (t: LinkTarget): number => (byName(t) ? 0 : t.index);
/** The name or index a target names the link by (for error contexts). */
export const targetRef = (t: LinkTarget): string | number => (byName(t) ? t.name : t.index);

/** ifi_flags/ifi_change for an up/down change (iproute2 sets both; change covers IFF_UP only). */
function upFlags(up: unknown): { flags?: number; change?: number } {
  return up === undefined ? {} : { flags: up ? IFF.UP : 0, change: IFF.UP };
}

/** The kernel takes IFLA_INFO_KIND with or without a NUL; iproute2 sends none, and so do we. */
function writeKind(w: MessageWriter, kind: string): void {
  w.attrBytes(IFLA_INFO.KIND, Buffer.from(kind, 'utf8'));
}

/** Raw IFLA_INFO_DATA as the spec check leaves it: a list, nested where a value is a list. */
function writeRaw(w: MessageWriter, list: CheckedRawAttribute[]): void {
  for (const a of list) {
    if (Buffer.isBuffer(a.value)) {
      w.attrBytes(a.type, a.value);
    } else {
      const nest = w.beginNested(a.type);
      writeRaw(w, a.value);
      w.endNested(nest);
    }
  }
}

/** RTM_NEWLINK with CREATE|EXCL (ip link add). spec is validated (validateLinkSpec). */
export function linkAddRequest(spec: CheckedLinkSpec, codec: LinkKind | undefined, ctx: KindEncodeContext): LinkRequest {
  return {
    type: RTM.NEWLINK,
    flags: NLM_F_CREATE | NLM_F_EXCL,
    encode(w) {
      writeIfInfo(w, upFlags(spec.up));
      if (spec.mtu !== undefined) w.attrU32(IFLA.MTU, spec.mtu);
      if (spec.address !== undefined) w.attrBytes(IFLA.ADDRESS, parseMac(spec.address, 'spec.address'));
      if (spec.txqueuelen !== undefined) w.attrU32(IFLA.TXQLEN, spec.txqueuelen);
      if (spec.master !== undefined) w.attrU32(IFLA.MASTER, ctx.linkIndex(spec.master));
      // ip's order for `... master M netns NS`; the kernel creates the device there directly.
      if (spec.namespace !== undefined) w.attrU32(IFLA.NET_NS_FD, ctx.namespaceFd(spec.namespace, 'spec.namespace'));
      if (codec) codec.encodeTop?.(w, spec, ctx);
      else if (spec.parent !== undefined) w.attrU32(IFLA.LINK, ctx.linkIndex(spec.parent));
      w.attrString(IFLA.IFNAME, spec.name);
      const info = w.beginNested(IFLA.LINKINFO);
      writeKind(w, spec.kind);
      const data = w.beginNested(IFLA_INFO.DATA);
      const dataStart = w.pos;
      if (codec) codec.encodeData?.(w, spec, ctx);
      else if (spec.data !== undefined) writeRaw(w, spec.data);
      // No options: no IFLA_INFO_DATA at all, as iproute2 does.
      if (w.pos === dataStart) w.pos = data;
      else w.endNested(data);
      w.endNested(info);
      codec?.encodeAfter?.(w, spec, ctx);
    },
  };
}

/**
 * RTM_NEWLINK without CREATE (ip link set): iproute2's ordering, one attribute per change.
 * changes is validated (validateLinkChanges); master null releases the link.
 */
export function linkSetRequest(target: LinkTarget, changes: CheckedLinkChanges, ctx: KindEncodeContext): LinkRequest {
  if (byName(target) && changes.name !== undefined && changes.name !== target.name) {
    throw new Error('linkSetRequest: a rename must address the link by index');
  }
  return {
    type: RTM.NEWLINK,
    flags: 0,
    encode(w) {
      const { flags, change } = flagChanges(changes);
      writeIfInfoFields(w, 0, 0, targetIndex(target), flags, change);
      // By name: IFLA_IFNAME names the device (the kernel looks it up); a rename needs an index.
      if (byName(target)) w.attrString(IFLA.IFNAME, target.name);
      else if (changes.name !== undefined) w.attrString(IFLA.IFNAME, changes.name);
      if (changes.address !== undefined) w.attrBytes(IFLA.ADDRESS, parseMac(changes.address, 'changes.address'));
      if (changes.mtu !== undefined) w.attrU32(IFLA.MTU, changes.mtu);
      if (changes.carrier !== undefined) w.attrU8(IFLA.CARRIER, changes.carrier ? 1 : 0);
      if (changes.txqueuelen !== undefined) w.attrU32(IFLA.TXQLEN, changes.txqueuelen);
      // IFLA_IFALIAS without a NUL, like iproute2; empty clears the alias.
      if (changes.alias !== undefined) w.attrBytes(IFLA.IFALIAS, Buffer.from(changes.alias ?? '', 'utf8'));
      if (changes.master !== undefined) {
        w.attrU32(IFLA.MASTER, changes.master === null ? 0 : ctx.linkIndex(changes.master));
      }
      if (changes.namespace !== undefined) w.attrU32(IFLA.NET_NS_FD, ctx.namespaceFd(changes.namespace, 'changes.namespace'));
      if (changes.bridge !== undefined) writeBridgeChanges(w, changes.bridge);
      // Last, as `type bridge_slave ...` ends ip's command line.
      if (changes.port !== undefined) writeBridgePortChanges(w, changes.port);
    },
  };
}

/**
 * ifi_flags/ifi_change as `ip link set` fills them: each flag named sets its bit in change, and
 * in flags when on (arp is the inverse of IFF_NOARP).
 */
function flagChanges(c: CheckedLinkChanges): { flags: number; change: number } {
  // Plain tests, no closure: links.set runs this for every request (sequential sets are benchmarked).
  let flags = 0, change = 0;
  if (c.up !== undefined) { change |= IFF.UP; if (c.up) flags |= IFF.UP; }
  if (c.promisc !== undefined) { change |= IFF.PROMISC; if (c.promisc) flags |= IFF.PROMISC; }
  if (c.allmulti !== undefined) { change |= IFF.ALLMULTI; if (c.allmulti) flags |= IFF.ALLMULTI; }
  if (c.arp !== undefined) { change |= IFF.NOARP; if (!c.arp) flags |= IFF.NOARP; }
  if (c.multicast !== undefined) { change |= IFF.MULTICAST; if (c.multicast) flags |= IFF.MULTICAST; }
  return { flags, change };
}

/** A request that only names its link: by index in the ifinfomsg, or by IFLA_IFNAME. */
function targetOnly(type: number, target: LinkTarget): LinkRequest {
  return {
    type,
    flags: 0,
    encode(w) {
      writeIfInfoFields(w, 0, 0, targetIndex(target), 0, 0);
      if (byName(target)) w.attrString(IFLA.IFNAME, target.name);
    },
  };
}

/** RTM_DELLINK (ip link del). */
export const linkDeleteRequest = (target: LinkTarget): LinkRequest => targetOnly(RTM.DELLINK, target);

/** RTM_GETLINK for one link. */
export const linkGetRequest = (target: LinkTarget): LinkRequest => targetOnly(RTM.GETLINK, target);
