// Kinds without IFLA_INFO_DATA options: ifb, dummy, wireguard (whose keys and peers are set over
// generic netlink, not rtnetlink: only creation is offered here).
import type { KindRawInfo } from '../types/link';
import { defineKind } from './registry';

/** An intermediate functional block device (ip link add NAME type ifb). */
export interface IfbSpec { kind: 'ifb' }
/** A dummy device (ip link add NAME type dummy). */
export interface DummySpec { kind: 'dummy' }
/** A WireGuard device (ip link add NAME type wireguard); keys and peers are set with wg. */
export interface WireguardSpec { kind: 'wireguard' }

declare module '../types/link' {
  interface LinkSpecByKind { ifb: IfbSpec; dummy: DummySpec; wireguard: WireguardSpec }
  interface LinkInfoByKind { ifb: KindRawInfo; dummy: KindRawInfo; wireguard: KindRawInfo }
}

for (const kind of ['ifb', 'dummy', 'wireguard'] as const) defineKind<{ kind: typeof kind }, KindRawInfo>({ kind, fields: {} });
