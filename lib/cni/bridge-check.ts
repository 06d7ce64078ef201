// netns-bridge CHECK, as the reference does it: IPAM's own CHECK, then prevResult against the
// state: the bridge (a bridge, its MAC, promiscuity as configured), the container interface (a
// veth, its MAC), the host veth that is its peer and a port of the bridge, the addresses and
// routes in the container; and, beyond the reference, the masquerade chain when ipMasq is on.
import type { Namespace } from '../namespace';
import type { Link } from '../types/link';
import type { BridgeConf } from './config';
import type { CniEnv } from './env';
import { CNI_ERR, CniError } from './errors';
import { execDelegate } from './delegate';
import { networkCidr, parseCidr } from './ip';
import { parseResult } from './result';
import { MASQ_TABLE, chainName } from './ipmasq';

const fail = (msg: string): CniError => new CniError(CNI_ERR.internal, msg);

async function linkOf(ns: Namespace, name: string): Promise<Link> {
  try {
    return await ns.links.get(name);
  } catch {
    throw fail(`Interface name ${name} not found`);
  }
}

export async function bridgeCheck(host: Namespace, container: Namespace, env: CniEnv, conf: BridgeConf, stdin: string): Promise<void> {
  if (conf.ipamType) await execDelegate(conf.ipamType, env, 'CHECK', stdin);
  if (!conf.prevResult) throw fail('Required prevResult missing');
  const prev = parseResult(conf.prevResult, conf.cniVersion);

  const brMap = prev.interfaces.find((i) => i.name === conf.bridge);
  const contMap = prev.interfaces.find((i) => i.name === env.ifName && i.sandbox === env.netns);
  if (!brMap) throw fail(`CNI created bridge ${conf.bridge} in host namespace was not found`);
  if (brMap.sandbox) throw fail(`Interface ${brMap.name} should not be in sandbox`);
  const br = await linkOf(host, brMap.name);
  if (br.kind !== 'bridge') throw fail(`Interface ${br.name} does not have link type of bridge`);
  if (brMap.mac && brMap.mac !== br.address) throw fail(`Bridge interface ${br.name} Mac doesn't match: ${brMap.mac}`);
  const promisc = br.flags.includes('PROMISC');
  if (promisc !== conf.promiscMode) throw fail(`Bridge interface ${br.name} configured Promisc Mode ${conf.promiscMode} doesn't match current state: ${promisc} `);

  if (!contMap) throw fail(`Sandbox in prevResult doesn't match configured netns: ${env.netns}`);
  const cont = await linkOf(container, env.ifName);
  if (cont.kind !== 'veth') throw fail(`Error: Container interface ${cont.name} not of type veth`);
  if (contMap.mac && contMap.mac !== cont.address) throw fail(`Interface ${cont.name} Mac ${contMap.mac} doesn't match container Mac: ${cont.address}`);

  // The host veth: a result interface (not the bridge, not the container's) that is the container end's peer and a port of the bridge.
  let vethFound = false;
  for (const intf of prev.interfaces) {
    if (intf === brMap || intf === contMap || intf.name === brMap.name || intf.name === contMap.name) continue;
    if (intf.sandbox) throw fail(`Interface ${intf.name} should not be in sandbox`);
    const veth = await linkOf(host, intf.name);
    if (veth.kind !== 'veth') continue;
    if (veth.index !== cont.parent || veth.parent !== cont.index || veth.master !== br.index) continue;
    if (intf.mac && intf.mac !== veth.address) throw fail(`Interface ${intf.name} Mac doesn't match: ${intf.mac} not found`);
    vethFound = true;
    break;
  }
  if (!vethFound) throw fail(`CNI veth created for bridge ${conf.bridge} was not found`);

  // Each address on the interface, with a route to its subnet; each route of the result in the table.
  const addrs = await container.addresses.list({ link: env.ifName });
  const routes = await container.routes.list();
  for (const ip of prev.ips) {
    const p = parseCidr(ip.address, 'address');
    if (!addrs.some((a) => a.address === p.text && a.prefixLength === p.prefixLength)) throw fail(`Failed to match addr ${ip.address} on interface ${env.ifName}`);
    if (!routes.some((r) => r.dst === networkCidr(p))) throw fail(`Failed to find Gateway ${ip.gateway ?? ''} for interface ${env.ifName}`);
  }
  for (const r of prev.routes) {
    const dst = parseCidr(r.dst, 'route dst');
    const found = routes.some((rt) => rt.dst === networkCidr(dst) && (dst.prefixLength === 0 || !r.gw || rt.via === r.gw));
    if (!found) throw fail(`Expected Route {Dst:${r.dst} GW:${r.gw ?? '<nil>'}} not found in routing table`);
  }

  if (conf.ipamType && conf.ipMasq) {
    const chain = chainName(conf.name, env.containerId);
    const ruleset = await host.firewall.list();
    for (const fam of new Set(prev.ips.map((ip) => (ip.address.includes(':') ? 'ip6' : 'ip')))) {
      const has = ruleset.nftables.some((i) => {
        const c = i.chain as { family?: string; table?: string; name?: string } | undefined;
        return c?.family === fam && c.table === MASQ_TABLE && c.name === chain;
      });
      if (!has) throw fail(`masquerade chain ${chain} (table ${fam} ${MASQ_TABLE}) is missing`);
    }
  }
}
