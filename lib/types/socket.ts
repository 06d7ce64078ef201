// Public types of sockets made inside a namespace (ns.listen, ns.connect, ns.createSocket).

/** Options of ns.listen(): a TCP server bound inside the namespace. */
export interface ListenOptions {
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
export interface ConnectOptions {
  /** The port to connect to. */
  port: number;
  /** An IP literal: names are not resolved, since the host's resolver may not apply inside the namespace. */
  host: string;
  /** Local address to bind before connecting. */
  localAddress?: string;
}

/** Options of ns.createSocket(): a UDP socket bound inside the namespace. */
export interface UdpOptions {
  /** Local address (default: any) and port (default: 0) to bind to. */
  address?: string;
  /** Local port; default 0 (a free one). */
  port?: number;
  /** udp6 only: do not receive IPv4 (IPV6_V6ONLY). */
  ipv6Only?: boolean;
}
