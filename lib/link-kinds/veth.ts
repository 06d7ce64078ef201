// veth: a pair of devices; the peer is described by a full ifinfomsg inside VETH_INFO_PEER.
import { IFLA } from '../rtnetlink/link-attrs';
import { MTU_MAX, MTU_MIN } from '../rtnetlink/link-spec';
import { writeIfInfo } from '../rtnetlink/link-codec';
import { parseMac } from '../ip';
import { validateLinkName, validateObject } from '../validate';
import { optInt, rejectUnknownFields } from './checks';
import { validateNamespaceArg } from './namespace-arg';
import { registerKind } from './registry';
import type { Namespace } from '../namespace';

const VETH_INFO_PEER = 1;

export interface VethPeerSpec {
  /** Peer name; the kernel picks vethN when absent. */
  name?: string;
  /** Namespace the peer is created in (default: the same as the link). */
  namespace?: Namespace;
  mtu?: number;
  address?: string;
  txqueuelen?: number;
}

export interface VethSpec {
  kind: 'veth';
  peer?: VethPeerSpec;
}

const PEER_FIELDS = ['name', 'namespace', 'mtu', 'address', 'txqueuelen'];

function peerOf(spec: Record<string, unknown>): Record<string, unknown> | undefined {
  return spec.peer === undefined ? undefined : (spec.peer as Record<string, unknown>);
}

registerKind({
  kind: 'veth',
  fields: ['peer'],
  validate(spec) {
    const peer = spec.peer === undefined ? undefined : validateObject(spec.peer, 'peer');
    if (!peer) return;
    rejectUnknownFields(peer, PEER_FIELDS, 'peer');
    if (peer.name !== undefined) validateLinkName(peer.name, 'peer.name');
    if (peer.namespace !== undefined) validateNamespaceArg(peer.namespace, 'peer.namespace');
    optInt(peer, 'mtu', MTU_MIN, MTU_MAX, 'peer.mtu');
    if (peer.address !== undefined) parseMac(peer.address, 'peer.address');
    optInt(peer, 'txqueuelen', 0, 0xffffffff, 'peer.txqueuelen');
  },
  namespaceRefs(spec) {
    const ns = peerOf(spec)?.namespace;
    return ns === undefined ? [] : [ns as Namespace];
  },
  encodeData(w, spec, ctx) {
    const peer = peerOf(spec) ?? {};
    const nest = w.beginNested(VETH_INFO_PEER);
    writeIfInfo(w);
    // iproute2's order: namespace, mtu, address as given, then the name.
    if (peer.namespace !== undefined) w.attrU32(IFLA.NET_NS_FD, ctx.namespaceFd(peer.namespace, 'peer.namespace'));
    if (peer.mtu !== undefined) w.attrU32(IFLA.MTU, peer.mtu as number);
    if (peer.address !== undefined) w.attrBytes(IFLA.ADDRESS, parseMac(peer.address, 'peer.address'));
    if (peer.txqueuelen !== undefined) w.attrU32(IFLA.TXQLEN, peer.txqueuelen as number);
    if (peer.name !== undefined) w.attrString(IFLA.IFNAME, peer.name as string);
    w.endNested(nest);
  },
  // The kernel reports no IFLA_INFO_DATA for veth: the peer shows as IFLA_LINK (Link.peerIndex).
});
