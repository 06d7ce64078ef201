// veth: a pair of devices; the peer is described by a full ifinfomsg inside VETH_INFO_PEER.
import { IFLA } from '../uapi/if_link';
import { writeIfInfo } from '../codecs/link-codec';
import { parseMac } from '../specs/ip';
import { MTU_MAX, MTU_MIN, Schema, int, linkName, mac, nested, u32 } from '../specs/schema';
import { validateNamespaceArg } from '../specs/namespace-arg';
import { defineKind } from './registry';
import type { KindRawInfo } from '../types/link';
import type { Namespace } from '../namespace';

const VETH_INFO_PEER = 1;

/** The peer end of a veth pair (ip's peer ... options). */
export interface VethPeerSpec {
  /** Peer name; the kernel picks vethN when absent. */
  name?: string;
  /** Namespace the peer is created in (default: the link's own, its `namespace` when that is given). */
  namespace?: Namespace;
  /** The peer's MTU in bytes; default the link's `mtu` when that is given, else the kernel's. */
  mtu?: number;
  /** The peer's MAC address. */
  address?: string;
  /** The peer's transmit queue length in packets. */
  txqueuelen?: number;
}

/**
 * A veth pair (ip link add NAME type veth peer name PEER). An `mtu` given for the link applies to
 * the peer too unless `peer.mtu` is given (the kernel alone would leave the peer at 1500, and a
 * pair with different MTUs drops what the larger end sends; CNI's Go library does the same).
 */
export interface VethSpec {
  /** 'veth'. */
  kind: 'veth';
  /** The other end; default a vethN in the same namespace. */
  peer?: VethPeerSpec;
}

declare module '../types/link' {
  interface LinkSpecByKind { veth: VethSpec }
  interface LinkInfoByKind { veth: KindRawInfo }
}

const peerSchema = new Schema('spec.peer', {
  name: linkName, namespace: (v, name) => validateNamespaceArg(v, name), mtu: int(MTU_MIN, MTU_MAX), address: mac, txqueuelen: u32,
});

/** No peer options: a null-prototype object, so that nothing is read from Object.prototype. */
const NO_PEER: Readonly<VethPeerSpec> = Object.freeze(Object.create(null) as VethPeerSpec);

defineKind<VethSpec, KindRawInfo>({
  kind: 'veth',
  fields: { peer: nested(peerSchema) },
  namespaceRefs(spec) {
    const ns = spec.peer?.namespace;
    return ns === undefined ? [] : [ns];
  },
  encodeData(w, spec, ctx) {
    const peer = spec.peer ?? NO_PEER;
    // Without these the kernel makes the peer in the caller's namespace, at its default MTU.
    const namespace = peer.namespace ?? spec.namespace;
    const mtu = peer.mtu ?? spec.mtu;
    const nest = w.beginNested(VETH_INFO_PEER);
    writeIfInfo(w);
    // iproute2's order: namespace, mtu, address as given, then the name.
    if (namespace !== undefined) w.attrU32(IFLA.NET_NS_FD, ctx.namespaceFd(namespace, peer.namespace ? 'peer.namespace' : 'spec.namespace'));
    if (mtu !== undefined) w.attrU32(IFLA.MTU, mtu);
    if (peer.address !== undefined) w.attrBytes(IFLA.ADDRESS, parseMac(peer.address, 'peer.address'));
    if (peer.txqueuelen !== undefined) w.attrU32(IFLA.TXQLEN, peer.txqueuelen);
    if (peer.name !== undefined) w.attrString(IFLA.IFNAME, peer.name);
    w.endNested(nest);
  },
  // The kernel reports no IFLA_INFO_DATA for veth: the peer shows as IFLA_LINK (Link.peerIndex).
});
