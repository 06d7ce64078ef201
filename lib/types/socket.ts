// Public types of sockets made inside a namespace (ns.listen, ns.connect, ns.createSocket).

export interface ListenOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** An IP literal inside the namespace; default '::' (all addresses, IPv4 too unless ipv6Only). */
  host?: string;
  backlog?: number;
  ipv6Only?: boolean;
}

export interface ConnectOptions {
  port: number;
  /** An IP literal: names are not resolved, since the host's resolver may not apply inside the namespace. */
  host: string;
  /** Local address to bind before connecting. */
  localAddress?: string;
}

export interface UdpOptions {
  /** Local address (default: any) and port (default: 0) to bind to. */
  address?: string;
  port?: number;
  ipv6Only?: boolean;
}
