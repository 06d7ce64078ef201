// Public types of a bridge port's options (bridge link set, ip link set DEV type bridge_slave).

/** A port's spanning tree state, by the names `bridge link` prints (BR_STATE_* 0..4). */
export type BridgePortState = 'disabled' | 'listening' | 'learning' | 'forwarding' | 'blocking';

/**
 * What links.set changes on a bridge port (`port: {...}`), as `ip link set DEV type bridge_slave`
 * does; fields left out stay as they are.
 */
export interface BridgePortChanges {
  /** Send frames back out of the port they came in on (Kubernetes needs it for services): `hairpin on`. */
  hairpin?: boolean;
  /** Learn source MAC addresses on the port (`learning`). */
  learning?: boolean;
  /** Flood unicast frames of unknown destination to the port (`flood`). */
  flood?: boolean;
  /** Flood multicast frames of unknown group to the port (`mcast_flood`). */
  mcastFlood?: boolean;
  /** Only non-isolated ports may talk to an isolated one (`isolated`). */
  isolated?: boolean;
  /** ARP/ND suppression on the port (`neigh_suppress`). */
  neighSuppress?: boolean;
  /** BPDU guard: disable the port when a BPDU arrives (`guard`). */
  guard?: boolean;
  /** STP path cost, 1..65535 (`cost`). */
  cost?: number;
  /** STP port priority, 0..63 (`priority`). */
  priority?: number;
  /**
   * STP state by name or number 0..4 (`state`). The kernel takes it only while the bridge runs no
   * kernel STP (EBUSY) and, other than 'disabled', only on a port that is up with carrier (ENETDOWN).
   * Without STP it keeps 'learning' and 'listening', and moves a running port set to 'blocking' or
   * 'disabled' on to 'forwarding' at once.
   */
  state?: BridgePortState | 0 | 1 | 2 | 3 | 4;
}

/**
 * A bridge port as the kernel reports it (IFLA_INFO_SLAVE_DATA of slave kind bridge), by the
 * names `ip -d link` prints in camelCase; timers in hundredths of a second.
 */
export interface BridgePort {
  /** STP state (a number when it has no name). */
  readonly state?: BridgePortState | number;
  /** STP port priority. */
  readonly priority?: number;
  /** STP path cost. */
  readonly cost?: number;
  /** Hairpin mode. */
  readonly hairpin?: boolean;
  /** BPDU guard. */
  readonly guard?: boolean;
  /** Root port protection (`root_block`). */
  readonly rootBlock?: boolean;
  /** Multicast fast leave (`fastleave`). */
  readonly fastLeave?: boolean;
  /** MAC learning. */
  readonly learning?: boolean;
  /** Unicast flooding. */
  readonly flood?: boolean;
  /** Proxy ARP. */
  readonly proxyArp?: boolean;
  /** Proxy ARP for Wi-Fi. */
  readonly proxyArpWifi?: boolean;
  /** STP designated root, as ip prints it: priority in hex, '.', MAC ('8000.02:00:00:00:00:01'). */
  readonly rootId?: string;
  /** STP designated bridge, as rootId. */
  readonly bridgeId?: string;
  /** STP port id. */
  readonly id?: number;
  /** STP port number. */
  readonly no?: number;
  /** STP designated port. */
  readonly designatedPort?: number;
  /** STP designated cost. */
  readonly designatedCost?: number;
  /** STP topology change acknowledged. */
  readonly topologyChangeAck?: boolean;
  /** STP configuration BPDU pending. */
  readonly configPending?: boolean;
  /** Message age timer now, hundredths of a second. */
  readonly messageAgeTimer?: number;
  /** Forward delay timer now, hundredths of a second. */
  readonly forwardDelayTimer?: number;
  /** Hold timer now, hundredths of a second. */
  readonly holdTimer?: number;
  /** Multicast router mode: 0 disabled, 1 learned, 2 permanent, 3 temporary. */
  readonly multicastRouter?: number;
  /** Multicast flooding. */
  readonly mcastFlood?: boolean;
  /** Multicast to unicast. */
  readonly mcastToUnicast?: boolean;
  /** VLAN tunnel mapping. */
  readonly vlanTunnel?: boolean;
  /** Broadcast flooding. */
  readonly bcastFlood?: boolean;
  /** Which link-local group addresses are forwarded, one bit per 01:80:c2:00:00:0X. */
  readonly groupFwdMask?: number;
  /** ARP/ND suppression. */
  readonly neighSuppress?: boolean;
  /** Port isolation. */
  readonly isolated?: boolean;
  /** Index of the backup port. */
  readonly backupPort?: number;
  /** Locked port (802.1X). */
  readonly locked?: boolean;
  /** Attributes without a name here, by IFLA_BRPORT_* number: payload bytes. */
  readonly raw?: Readonly<Record<number, Buffer>>;
}
