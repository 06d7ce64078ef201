// The steps of the CNI bridge plugin's ADD (containernetworking/plugins v1.1.1, plugins/main/bridge,
// with pkg/ip.SetupVeth and pkg/ipam.ConfigureIface), in the same order, through the typed API.
// Only IPAM is delegated, as the plugin does: host-local runs as a process.
import { randomBytes } from 'node:crypto';
import type { Namespace } from '../../../lib';
import { runPlugin } from './plugin';

/** The part of the bridge plugin's network configuration these steps honour. */
export interface BridgeConf {
  cniVersion: string;
  name: string;
  type: 'bridge';
  bridge: string;
  isGateway: boolean;
  hairpinMode: boolean;
  ipMasq: false;
  mtu: number;
  ipam: { type: 'host-local'; dataDir: string; ranges: { subnet: string }[][]; routes?: { dst: string }[] };
}

/** A CNI 1.0 result (the fields the bridge plugin fills). */
export interface CniResult {
  cniVersion: string;
  interfaces: { name: string; mac: string; sandbox?: string }[];
  ips: { interface?: number; address: string; gateway?: string }[];
  routes?: { dst: string; gw?: string }[];
  dns: object;
}

const isV4 = (addr: string) => addr.includes('.');

async function waitOperUp(host: Namespace, dev: string): Promise<void> {
  // The plugin's retries before it calls the port broken.
  for (const ms of [0, 50, 500, 1000, 1000]) {
    await new Promise((r) => setTimeout(r, ms));
    if ((await host.links.get(dev)).operState === 'up') return;
  }
  throw new Error(`bridge port ${dev} did not come up`);
}

/** ADD with container interface `ifName`: what `bridge` does, resolving with the result it would print. */
export async function typedBridgeAdd(host: Namespace, container: Namespace, conf: BridgeConf, containerId: string, ifName: string): Promise<CniResult> {
  // ensureBridge: made with the MTU, host routes its own (no RA), up.
  await host.links.add({ kind: 'bridge', name: conf.bridge, mtu: conf.mtu });
  const bridgeMac = (await host.links.get(conf.bridge)).address!;
  await host.sysctl.set(`net.ipv6.conf.${conf.bridge}.accept_ra`, 0);
  await host.links.set(conf.bridge, { up: true });

  // setupVeth: the pair born with its container end in the container. Go's netlink sends
  // IFLA_TXQLEN 0 for both ends (its LinkAttrs are built without NewLinkAttrs) and the MTU for both.
  const hostVeth = `veth${randomBytes(4).toString('hex')}`;
  await host.links.add({
    kind: 'veth', name: hostVeth, mtu: conf.mtu, txqueuelen: 0,
    peer: { name: ifName, namespace: container, mtu: conf.mtu, txqueuelen: 0 },
  });
  await host.links.set(hostVeth, { up: true });
  await host.sysctl.set(`net.ipv6.conf.${hostVeth}.accept_ra`, 0);
  await host.links.set(hostVeth, { master: conf.bridge });
  await host.links.set(hostVeth, { port: { hairpin: conf.hairpinMode } });

  const ipam = await runPlugin(host, conf.ipam.type, { command: 'ADD', containerId, container, ifName }, conf) as CniResult;
  // host-local always names a gateway (the subnet's first address, which is what the plugin would compute).
  if (conf.isGateway && ipam.ips.some((ip) => !ip.gateway)) throw new Error('IPAM gave an address without a gateway');
  const ips = ipam.ips.map((ip) => ({ interface: 2, address: ip.address, gateway: ip.gateway }));
  const gateway = (v4: boolean) => ips.find((ip) => isV4(ip.address) === v4)?.gateway;

  // The container side (ConfigureIface): no DAD, gratuitous ARP on address change, IPv6 enabled
  // on lo and the device when an IPv6 address comes, addresses, up, routes via the family's gateway.
  await container.sysctl.set(`net.ipv6.conf.${ifName}.accept_dad`, 0);
  await container.sysctl.set(`net.ipv4.conf.${ifName}.arp_notify`, 1);
  if (ips.some((ip) => !isV4(ip.address))) {
    for (const dev of ['lo', ifName]) {
      if (await container.sysctl.get(`net.ipv6.conf.${dev}.disable_ipv6`) !== '0') await container.sysctl.set(`net.ipv6.conf.${dev}.disable_ipv6`, 0);
    }
  }
  for (const ip of ips) await container.addresses.add(ifName, ip.address, isV4(ip.address) ? { broadcast: true } : {});
  await container.links.set(ifName, { up: true });
  // (With DAD off, the plugin's wait for IPv6 addresses to settle finds none tentative.) Routes go
  // in as netlink.RouteAddEcmp sends them: NLM_F_CREATE without EXCL, which is ip route prepend.
  for (const r of ipam.routes ?? []) await container.routes.prepend({ dst: r.dst, via: r.gw ?? gateway(isV4(r.dst)), dev: ifName });

  await waitOperUp(host, hostVeth);

  if (conf.isGateway) {
    // Per family: the gateway address(es) on the bridge, the bridge's MAC pinned to the one it was
    // born with after each (instead of following its lowest port's), then forwarding.
    for (const v4 of [true, false]) {
      const family = ips.filter((ip) => isV4(ip.address) === v4);
      for (const ip of family) {
        await host.addresses.add(conf.bridge, `${ip.gateway}/${ip.address.split('/')[1]}`, v4 ? { broadcast: true } : {});
        await host.links.set(conf.bridge, { address: bridgeMac });
      }
      if (family.length) await host.sysctl.set(v4 ? 'net.ipv4.ip_forward' : 'net.ipv6.conf.all.forwarding', 1);
    }
  }

  const mac = async (ns: Namespace, dev: string) => (await ns.links.get(dev)).address!;
  return {
    cniVersion: conf.cniVersion,
    interfaces: [
      { name: conf.bridge, mac: await mac(host, conf.bridge) },
      { name: hostVeth, mac: await mac(host, hostVeth) },
      { name: ifName, mac: await mac(container, ifName), sandbox: `/run/netns/${container.name}` },
    ],
    ips,
    ...(ipam.routes ? { routes: ipam.routes } : {}),
    dns: {},
  };
}
