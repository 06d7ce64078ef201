// Public types of sockets made inside a namespace (ns.listen, ns.connect, ns.createSocket).

/** The option ns.listen(), ns.connect() and ns.createSocket() share: the link their socket is bound to. */
export interface DeviceOption {
  /**
   * Bind the socket to this link of the namespace (SO_BINDTODEVICE, set before bind and connect):
   * with a VRF device it lives in that VRF, as under `ip vrf exec`, and uses the VRF's table.
   */
  device?: string;
}

/** Options of ns.listen(): a TCP server bound inside the namespace. */
export interface ListenOptions extends DeviceOption {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** An IP literal inside the namespace; default '::' (all addresses, IPv4 too unless ipv6Only). */
  host?: string;
  /** The listen() backlog; default Node's (511). */
  backlog?: number;
  /** With host '::' or another IPv6 address: refuse IPv4 connections. */
  ipv6Only?: boolean;
}

/** Options of ns.connect(): a TCP connection made from inside the namespace. */
export interface ConnectOptions extends DeviceOption {
  /** The port to connect to. */
  port: number;
  /** An IP literal: names are not resolved, since the host's resolver may not apply inside the namespace. */
  host: string;
  /** Local address to bind before connecting. */
  localAddress?: string;
}

/** Options of ns.createSocket(): a UDP socket bound inside the namespace. */
export interface UdpOptions extends DeviceOption {
  /** Local address (default: any) and port (default: 0) to bind to. */
  address?: string;
  /** Local port; default 0 (a free one). */
  port?: number;
  /** udp6 only: do not receive IPv4 (IPV6_V6ONLY). */
  ipv6Only?: boolean;
}
