// Every link kind this library knows, declared on import (defineKind), and their spec and info types.
import './veth';
import './bridge';
import './vxlan';
import './macvlan';
import './no-options';
import './tun';
import './vrf';
import './vlan';
import './bond';
import './ipvlan';
import './gre';
import './geneve';

export { defineKind, findKind, knownKinds, type CheckedSpec, type KindDefinition, type KindEncodeContext, type LinkKind } from './registry';
export type { VlanProtocol } from './vlan-protocols';
export type { VethSpec, VethPeerSpec } from './veth';
export type { BridgeSpec, BridgeInfo } from './bridge';
export type { VxlanSpec, VxlanInfo } from './vxlan';
export type { MacvlanSpec, MacvlanInfo, MacvlanMode } from './macvlan';
export type { IfbSpec, DummySpec, WireguardSpec } from './no-options';
export type { TunSpec, TunInfo } from './tun';
export type { VrfSpec, VrfInfo } from './vrf';
export type { VlanSpec, VlanInfo } from './vlan';
export type { BondSpec, BondInfo, BondMode } from './bond';
export type { IpvlanSpec, IpvlanInfo, IpvlanMode, IpvlanFlags } from './ipvlan';
export type { GreSpec, GreInfo } from './gre';
export type { GeneveSpec, GeneveInfo } from './geneve';
