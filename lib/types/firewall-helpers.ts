// Public shapes of ns.firewall's typed helpers: masquerade, portMap, allow and deny, which add
// ordinary nft rules to the library's own table `inet netns`, and remove, which takes them out.
import type { PortRange } from './rule';

/** The transport protocols a port is matched for. */
export type FirewallPortProtocol = 'tcp' | 'udp' | 'sctp';

/** What allow() and deny() match on; protocol also takes the ICMP ones (without a port). */
export type FirewallProtocol = FirewallPortProtocol | 'icmp' | 'icmpv6';

/** Options of ns.firewall.masquerade(): source NAT to the outgoing interface's address. */
export interface MasqueradeOptions {
  /** The source prefix to masquerade ('10.0.0.0/24', 'fd00::/64'); default every source. */
  from?: string;
  /** The outgoing interface's name ('qg-a'); default every interface. */
  out?: string;
}

/**
 * Options of ns.firewall.portMap(): destination NAT of a port of this namespace to an address
 * behind it, also for connections from the namespace itself and from the target's own subnet.
 */
export interface PortMapOptions {
  /** The transport protocol. */
  protocol: FirewallPortProtocol;
  /** The destination port (or inclusive range) to map, 1..65535. */
  port: number | PortRange;
  /**
   * Where to send it: 'ADDRESS:PORT' ('10.0.0.2:80', '[fd00::2]:80'), or an address alone
   * ('10.0.0.2', 'fd00::2'), which keeps the port the connection was made to.
   */
  to: string;
  /** Map only connections to this address; default every address of this namespace (fib daddr type local). */
  dst?: string;
  /** Map only connections from this prefix. */
  from?: string;
  /** Map only connections arriving on this interface (then not those the namespace makes itself). */
  iif?: string;
}

/** Options of ns.firewall.allow() and deny(): what a packet must match; every field optional. */
export interface FirewallFilterOptions {
  /** The source prefix or address ('10.0.0.0/24', '10.0.0.3', 'fd00::/64'). */
  from?: string;
  /** The destination prefix or address. */
  to?: string;
  /** The protocol; port needs 'tcp', 'udp' or 'sctp'. */
  protocol?: FirewallProtocol;
  /** The destination port or inclusive range, 1..65535. */
  port?: number | PortRange;
  /** The interface the packet arrived on. */
  iif?: string;
  /** The interface a forwarded packet leaves on (then the rule covers forwarded traffic only). */
  oif?: string;
}

/** One rule a helper added, as nft names it: `nft delete rule inet netns CHAIN handle HANDLE`. */
export interface FirewallRuleRef {
  /** Always 'inet'. */
  readonly family: 'inet';
  /** Always 'netns': the library's own table. */
  readonly table: 'netns';
  /** The chain of table netns it is in: 'input', 'forward', 'prerouting', 'postrouting', 'nat_output' or 'hairpin'. */
  readonly chain: string;
  /** The rule's handle in the table. */
  readonly handle: number;
}
