// Kinds without IFLA_INFO_DATA options: ifb, dummy, wireguard (whose keys and peers are set over
// generic netlink, not rtnetlink: only creation is offered here).
import { registerKind } from './registry';

export interface IfbSpec { kind: 'ifb' }
export interface DummySpec { kind: 'dummy' }
export interface WireguardSpec { kind: 'wireguard' }

for (const kind of ['ifb', 'dummy', 'wireguard']) registerKind({ kind, fields: {} });
