// Kinds without IFLA_INFO_DATA options: ifb, dummy, wireguard (whose keys and peers are set over
// generic netlink, not rtnetlink: only creation is offered here).
import type { KindRawInfo } from '../types/link';
import { defineKind } from './registry';

export interface IfbSpec { kind: 'ifb' }
export interface DummySpec { kind: 'dummy' }
export interface WireguardSpec { kind: 'wireguard' }

declare module '../types/link' {
  interface LinkSpecByKind { ifb: IfbSpec; dummy: DummySpec; wireguard: WireguardSpec }
  interface LinkInfoByKind { ifb: KindRawInfo; dummy: KindRawInfo; wireguard: KindRawInfo }
}

for (const kind of ['ifb', 'dummy', 'wireguard'] as const) defineKind<{ kind: typeof kind }, KindRawInfo>({ kind, fields: {} });
