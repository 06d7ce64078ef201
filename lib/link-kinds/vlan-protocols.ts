// The VLAN tag protocols (ETH_P_8021Q, ETH_P_8021AD of linux/if_ether.h) by the names ip uses:
// a vlan's protocol and a bridge's vlan_protocol are both one of these.
import { invert } from './decode';

/** The VLAN tag protocol: '802.1Q' (0x8100) or '802.1ad' (0x88a8, QinQ). */
export type VlanProtocol = '802.1Q' | '802.1ad';

/** EtherType -> name. */
export const VLAN_PROTOCOLS: Readonly<Record<number, VlanProtocol>> = { 0x8100: '802.1Q', 0x88a8: '802.1ad' };

/** Name -> EtherType, for encoders. */
export const VLAN_PROTOCOL_VALUES: Readonly<Record<string, number>> = invert(VLAN_PROTOCOLS);
