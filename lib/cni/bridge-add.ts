// netns-bridge ADD: the steps of the reference bridge plugin (containernetworking/plugins 1.1.1,
// plugins/main/bridge) in its order, through this library. Where it fails after making the veth
// pair, this one also removes the pair (the reference leaves it behind), and releases the IPAM
// address and the masquerade rules, so that a failed ADD leaves nothing of the container.
import { randomBytes } from 'node:crypto';
import type { Namespace } from '../namespace';
import type { ParsedPrefix } from '../specs/ip';
import type { BridgeConf } from './config';
import type { CniEnv } from './env';
import { CNI_ERR, CniError } from './errors';
import { execDelegate } from './delegate';
import { contains, firstHost, parseCidr } from './ip';
import { devSysctl } from './netns';
import { parseResult, type CniInterface, type CniIpConfig, type CniResult, type CniRoute } from './result';
import { setupIpMasq, teardownIpMasq } from './ipmasq';

const isV4 = (p: ParsedPrefix): boolean => p.family === 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const code = (err: unknown): string | undefined => (err as { code?: string }).code;

/** Best effort: the reference ignores a sysctl it cannot write (a kernel without IPv6, ...). */
async function trySysctl(ns: Namespace, key: string, value: string): Promise<void> {
  try { await ns.sysctl.set(key, value); } catch { /* ignored, as the reference does */ }
}

/** The bridge, made if missing (EEXIST is fine if it is a bridge), promiscuous when asked, up. */
async function ensureBridge(host: Namespace, conf: BridgeConf): Promise<string> {
  try {
    await host.links.add({ kind: 'bridge', name: conf.bridge, ...(conf.mtu ? { mtu: conf.mtu } : {}) });
  } catch (err) {
    if (code(err) !== 'EEXIST') throw new CniError(CNI_ERR.internal, `failed to create bridge "${conf.bridge}": ${(err as Error).message}`);
  }
  if (conf.promiscMode) await host.links.set(conf.bridge, { promisc: true });
  const br = await host.links.get(conf.bridge);
  if (br.kind !== 'bridge') throw new CniError(CNI_ERR.internal, `failed to create bridge "${conf.bridge}": "${conf.bridge}" already exists but is not a bridge`);
  // The plugin owns the routes of the bridge: no router advertisements.
  await trySysctl(host, devSysctl('ipv6', conf.bridge, 'accept_ra'), '0');
  await host.links.set(conf.bridge, { up: true });
  return br.address ?? '';
}

/**
 * The pair, made from the container side as the reference does (its end named CNI_IFNAME, the host
 * end a random vethXXXXXXXX born in the host), with the configured MTU on both and Go's netlink
 * txqueuelen 0; the host end up, without RAs, on the bridge with the hairpin setting.
 */
async function setupVeth(host: Namespace, container: Namespace, conf: BridgeConf, ifName: string): Promise<{ hostVeth: string; hostMac: string; contMac: string }> {
  for (let attempt = 0; ; attempt++) {
    const hostVeth = `veth${randomBytes(4).toString('hex')}`;
    try {
      const mtu = conf.mtu ? { mtu: conf.mtu } : {};
      await container.links.add({
        kind: 'veth', name: ifName, ...mtu, txqueuelen: 0, ...(conf.mac ? { address: conf.mac } : {}),
        peer: { name: hostVeth, namespace: host, ...mtu, txqueuelen: 0 },
      });
    } catch (err) {
      if (code(err) !== 'EEXIST') throw new CniError(CNI_ERR.internal, `failed to make veth pair: ${(err as Error).message}`);
      // Which name was taken? The container's is an error; a host name clash takes another name.
      const taken = await container.links.get(ifName).then(() => true, () => false);
      if (taken || attempt === 9) throw new CniError(CNI_ERR.internal, taken ? `container veth name provided (${ifName}) already exists` : 'failed to find a unique veth name');
      continue;
    }
    try {
      const contMac = (await container.links.get(ifName)).address ?? '';
      await host.links.set(hostVeth, { up: true });
      await trySysctl(host, devSysctl('ipv6', hostVeth, 'accept_ra'), '0');
      const hostMac = (await host.links.get(hostVeth)).address ?? '';
      await host.links.set(hostVeth, { master: conf.bridge });
      await host.links.set(hostVeth, { port: { hairpin: conf.hairpinMode } });
      return { hostVeth, hostMac, contMac };
    } catch (err) {
      await container.links.delete(ifName).catch(() => undefined);  // the pair goes with its container end
      throw err;
    }
  }
}

interface Gateways { v4: ParsedPrefix[]; v6: ParsedPrefix[] }

/**
 * calcGateways: every address goes on the container interface (index 2); with isGateway a missing
 * gateway is the subnet's first address; with isDefaultGateway a default route per family via it,
 * unless IPAM gave one with a gateway.
 */
function calcGateways(result: CniResult, conf: BridgeConf, contIndex: number): Gateways {
  const gws: Gateways = { v4: [], v6: [] };
  const defaultFound = { v4: false, v6: false };
  for (const ip of result.ips) {
    const p = parseAddress(ip.address);
    const fam = isV4(p) ? 'v4' : 'v6';
    ip.interface = contIndex;
    if (!ip.gateway && conf.isGateway) ip.gateway = firstHost(p);
    if (conf.isDefaultGateway && !defaultFound[fam]) {
      const dflt = isV4(p) ? '0.0.0.0/0' : '::/0';
      defaultFound[fam] = result.routes.some((r) => r.gw && r.dst === dflt);
      if (!defaultFound[fam]) {
        result.routes.push({ dst: dflt, ...(ip.gateway ? { gw: ip.gateway } : {}) });
        defaultFound[fam] = true;
      }
    }
    if (conf.isGateway) gws[fam].push(parseCidr(`${ip.gateway}/${p.prefixLength}`, 'gateway'));
  }
  return gws;
}

function parseAddress(address: string): ParsedPrefix {
  try {
    return parseCidr(address, 'address');
  } catch {
    throw new CniError(CNI_ERR.internal, `Unknown IP object: ${address}`);
  }
}

/** ipam.ConfigureIface: IPv6 enabled where an IPv6 address comes, the addresses, up, the routes. */
async function configureIface(container: Namespace, ifName: string, ips: CniIpConfig[], routes: CniRoute[]): Promise<void> {
  let v4gw: string | undefined, v6gw: string | undefined, ipv6Enabled = false;
  for (const ip of ips) {
    const p = parseAddress(ip.address);
    if (!isV4(p) && !ipv6Enabled) {
      for (const dev of ['lo', ifName]) {
        const key = devSysctl('ipv6', dev, 'disable_ipv6');
        const value = await container.sysctl.get(key).catch(() => undefined);
        if (value !== undefined && value !== '0') await container.sysctl.set(key, '0');
      }
      ipv6Enabled = true;
    }
    // Go's netlink fills in the IPv4 broadcast for prefixes up to /30.
    await container.addresses.add(ifName, ip.address, isV4(p) && p.prefixLength < 31 ? { broadcast: true } : {});
    if (ip.gateway) {
      if (!ip.gateway.includes(':')) v4gw ??= ip.gateway;
      else v6gw ??= ip.gateway;
    }
  }
  await container.links.set(ifName, { up: true });
  if (v6gw) await settleAddresses(container, ifName);
  for (const r of routes) {
    const gw = r.gw ?? (r.dst.includes(':') ? v6gw : v4gw);
    // netlink.RouteAddEcmp: NLM_F_CREATE without EXCL (ip route prepend), scope universe even without a gateway.
    await container.routes.prepend({ dst: r.dst, ...(gw ? { via: gw } : {}), dev: ifName, scope: 'universe' });
  }
}

/** Waits (10 s at most) until no address of the link is tentative or failed DAD. */
async function settleAddresses(container: Namespace, ifName: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const addrs = await container.addresses.list({ link: ifName });
    if (!addrs.some((a) => a.flags.includes('tentative') || a.flags.includes('dadfailed'))) return;
    if (Date.now() > deadline) throw new CniError(CNI_ERR.internal, `link ${ifName} still has tentative addresses after 10 seconds`);
    await sleep(50);
  }
}

/** The bridge port must come up: the reference's retries before it calls the port broken. */
async function waitPortUp(host: Namespace, hostVeth: string): Promise<void> {
  let state = '';
  for (const ms of [0, 50, 500, 1000, 1000]) {
    await sleep(ms);
    state = (await host.links.get(hostVeth)).operState;
    if (state.toLowerCase() === 'up') return;
  }
  throw new CniError(CNI_ERR.internal, `bridge port in error state: ${state}`);
}

/** ensureAddr: the gateway address on the bridge, replacing (forceAddress) or refusing a conflicting one; the MAC pinned. */
async function ensureAddr(host: Namespace, conf: BridgeConf, gw: ParsedPrefix, brMac: string): Promise<void> {
  const cidr = `${gw.text}/${gw.prefixLength}`;
  for (const a of await host.addresses.list({ link: conf.bridge, family: gw.family })) {
    if (a.cidr === cidr) return;
    const other = parseCidr(a.cidr, 'address');
    // IPv6 allows several addresses on the bridge as long as their subnets do not overlap.
    if (isV4(gw) || contains(other, gw.bytes) || contains(gw, other.bytes)) {
      if (!conf.forceAddress) throw new CniError(CNI_ERR.internal, `failed to set bridge addr: "${conf.bridge}" already has an IP address different from ${cidr}`);
      await host.addresses.delete(conf.bridge, a.cidr);
    }
  }
  try {
    await host.addresses.add(conf.bridge, cidr, isV4(gw) && gw.prefixLength < 31 ? { broadcast: true } : {});
  } catch (err) {
    if (code(err) !== 'EEXIST') throw new CniError(CNI_ERR.internal, `failed to set bridge addr: could not add IP address to "${conf.bridge}": ${(err as Error).message}`);
  }
  // Else the bridge takes its lowest port's MAC, which changes as ports come and go. A bridge whose
  // ports all left had the zero MAC when ensureBridge read it (the kernel refuses to set that, and
  // the reference fails here): its MAC of now is pinned instead.
  const mac = brMac && brMac !== '00:00:00:00:00:00' ? brMac : (await host.links.get(conf.bridge)).address;
  if (mac) await host.links.set(conf.bridge, { address: mac });
}

/** /proc/sys/net/ipv4/ip_forward or net.ipv6.conf.all.forwarding to 1, written only when not 1 already. */
async function enableForward(host: Namespace, v4: boolean): Promise<void> {
  const key = v4 ? 'net.ipv4.ip_forward' : 'net.ipv6.conf.all.forwarding';
  if ((await host.sysctl.get(key).catch(() => '')).trim() !== '1') await host.sysctl.set(key, '1');
}

/** Appends this attachment's result to a chained plugin's prevResult, its indexes shifted past prevResult's interfaces. */
function chain(prev: CniResult | undefined, mine: CniResult, dnsGiven: boolean): CniResult {
  if (!prev) return mine;
  const shift = prev.interfaces.length;
  return {
    interfaces: [...prev.interfaces, ...mine.interfaces],
    ips: [...prev.ips, ...mine.ips.map((ip) => (ip.interface === undefined ? ip : { ...ip, interface: ip.interface + shift }))],
    routes: [...prev.routes, ...mine.routes],
    dns: dnsGiven ? mine.dns : prev.dns,
  };
}

/**
 * IPAM plugins that allocate from their own configuration and state without looking at the
 * container's interface: their ADD can run while the bridge and the veth pair are made, instead of
 * after (the process costs more than those steps). Any other type (dhcp works on the interface)
 * runs after the pair exists, as the reference runs every IPAM plugin.
 */
const ALLOCATES_ALONE = new Set(['host-local', 'static']);

type Outcome = { out: unknown } | { err: unknown };

/** ADD: resolves with the result to print (1.x shape). */
export async function bridgeAdd(host: Namespace, container: Namespace, env: CniEnv, conf: BridgeConf, stdin: string): Promise<CniResult> {
  if (conf.vlan) throw new CniError(CNI_ERR.unsupportedField, `unsupported field: vlan: ${conf.vlan}`);
  const prev = conf.prevResult ? parseResult(conf.prevResult, conf.cniVersion) : undefined;
  const ipamAdd = (): Promise<Outcome> => execDelegate(conf.ipamType, env, 'ADD', stdin).then((out) => ({ out }), (err: unknown) => ({ err }));
  const early = conf.ipamType && ALLOCATES_ALONE.has(conf.ipamType) ? ipamAdd() : undefined;
  let brMac: string, veth: Awaited<ReturnType<typeof setupVeth>>;
  try {
    brMac = await ensureBridge(host, conf);
    veth = await setupVeth(host, container, conf, env.ifName);
  } catch (err) {
    // An address IPAM gave meanwhile goes back.
    if (early && 'out' in await early) await execDelegate(conf.ipamType, env, 'DEL', stdin).catch(() => undefined);
    throw err;
  }
  const undo: Array<() => Promise<unknown>> = [() => container.links.delete(env.ifName)];
  try {
    const brIface: CniInterface = { name: conf.bridge, mac: brMac };
    const result: CniResult = {
      interfaces: [brIface, { name: veth.hostVeth, mac: veth.hostMac }, { name: env.ifName, mac: veth.contMac, sandbox: env.netns }],
      ips: [], routes: [], dns: conf.dns,
    };
    if (conf.ipamType) {
      const outcome = await (early ?? ipamAdd());
      if ('err' in outcome) throw outcome.err;
      undo.push(() => execDelegate(conf.ipamType, env, 'DEL', stdin));
      const ipam = parseResult(outcome.out, conf.cniVersion);
      // Key order as libcni prints an IPConfig: interface, address, gateway.
      result.ips = ipam.ips.map((ip) => ({ interface: 2, address: ip.address, ...(ip.gateway ? { gateway: ip.gateway } : {}) }));
      result.routes = ipam.routes;
      if (result.ips.length === 0) throw new CniError(CNI_ERR.internal, 'IPAM plugin returned missing IP config');
      const gws = calcGateways(result, conf, 2);

      if (conf.enableDad) {
        await trySysctl(container, devSysctl('ipv6', env.ifName, 'enhanced_dad'), '1');
        await trySysctl(container, devSysctl('ipv6', env.ifName, 'accept_dad'), '1');
      } else {
        await trySysctl(container, devSysctl('ipv6', env.ifName, 'accept_dad'), '0');
      }
      await trySysctl(container, devSysctl('ipv4', env.ifName, 'arp_notify'), '1');
      await configureIface(container, env.ifName, result.ips, result.routes);
      await waitPortUp(host, veth.hostVeth);

      if (conf.isGateway) {
        for (const family of [gws.v4, gws.v6]) {
          for (const gw of family) await ensureAddr(host, conf, gw, brMac);
          if (family.length) await enableForward(host, family === gws.v4);
        }
      }
      if (conf.ipMasq) {
        undo.push(() => teardownIpMasq(host, conf.name, env.containerId));
        await setupIpMasq(host, conf.name, env.containerId, result.ips.map((ip) => parseAddress(ip.address)));
      }
    } else {
      // Layer 2 only: the container end just comes up.
      await container.links.set(env.ifName, { up: true });
    }
    // The bridge's MAC may have changed with its first port or its address.
    brIface.mac = (await host.links.get(conf.bridge)).address ?? '';
    return chain(prev, result, conf.raw.dns !== undefined);
  } catch (err) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw err;
  }
}
