// The scenario the library exists for: two tenants whose networks overlap, as OpenStack Networking
// gives them. Each tenant has a host at 10.0.0.10/24 behind a router namespace of its own holding
// 10.0.0.1 (the same addresses in both), and each router has a second leg into a shared provider
// network (a bridge in a provider namespace) on its own address. Tenant traffic in a router is
// routed by a policy rule into a second table (the tenant's), the way a VRF is built without a vrf
// device. Used by `npm run demo` (scripts/demo.ts) and by the e2e test.
import type { Socket as UdpSocket } from 'node:dgram';
import { Namespace } from '../lib';
import type { Link } from '../lib/types/link';
import type { Route } from '../lib/types/route';
import type { Rule } from '../lib/types/rule';

export const TENANT_NET = '10.0.0.0/24';
export const TENANT_HOST = '10.0.0.10';
export const TENANT_GATEWAY = '10.0.0.1';
export const PROVIDER_NET = '198.51.100.0/24';   // TEST-NET-2: never routed anywhere real
export const PROVIDER_GATEWAY = '198.51.100.1';
export const TENANT_TABLE = 100;
export const TENANT_RULE_PRIORITY = 1000;
export const WHOAMI_PORT = 7777;

export interface Tenant {
  readonly label: 'a' | 'b';
  readonly host: Namespace;
  readonly router: Namespace;
  /** The router's address on the provider network. */
  readonly routerProviderIp: string;
}

export interface Topology {
  readonly provider: Namespace;
  readonly tenants: readonly Tenant[];
  /** Every namespace made, in creation order (teardown deletes them all). */
  readonly namespaces: Namespace[];
}

/**
 * Creates the namespaces one by one, recording each as soon as it exists, so teardown finds
 * whatever was made; shouldStop() (e.g. after Ctrl-C) ends the build before the next namespace.
 */
export async function buildTopology(prefix: (role: string) => string, made: Namespace[] = [],
  shouldStop: () => boolean = () => false): Promise<Topology> {
  const create = async (role: string): Promise<Namespace> => {
    if (shouldStop()) throw new Error('stopped');
    const ns = await Namespace.create(prefix(role));
    made.push(ns);
    // IPv4 only: no IPv6 router solicitations or MLD reports on new links, so packet counters
    // count the demo's own traffic.
    await ns.sysctl.set('net.ipv6.conf.default.disable_ipv6', 1);
    await ns.sysctl.set('net.ipv6.conf.all.disable_ipv6', 1);
    return ns;
  };
  const provider = await create('provider');
  await provider.links.add({ kind: 'bridge', name: 'br-ex', stp: false });
  await provider.links.set('lo', { up: true });
  await provider.links.set('br-ex', { up: true });
  await provider.addresses.add('br-ex', `${PROVIDER_GATEWAY}/24`);

  const tenants: Tenant[] = [];
  for (const [label, routerProviderIp] of [['a', '198.51.100.11'], ['b', '198.51.100.12']] as const) {
    const host = await create(`tenant-${label}`);
    const router = await create(`router-${label}`);
    const qr = `qr-${label}`, qg = `qg-${label}`, port = `p-${label}`;
    // Router legs: qr-X into the tenant network (peer eth0 in the host), qg-X into the provider bridge.
    await router.links.add({ kind: 'veth', name: qr, peer: { name: 'eth0', namespace: host } });
    await router.links.add({ kind: 'veth', name: qg, peer: { name: port, namespace: provider } });
    await provider.links.set(port, { master: 'br-ex', up: true });
    for (const dev of ['lo', qr, qg]) await router.links.set(dev, { up: true });
    for (const dev of ['lo', 'eth0']) await host.links.set(dev, { up: true });

    await host.addresses.add('eth0', `${TENANT_HOST}/24`);
    await host.routes.add({ dst: 'default', via: TENANT_GATEWAY });

    await router.addresses.add(qr, `${TENANT_GATEWAY}/24`);
    await router.addresses.add(qg, `${routerProviderIp}/24`);
    await router.sysctl.set('net.ipv4.ip_forward', 1);
    // The tenant's own table: its network and a default route out through the provider.
    await router.routes.add({ dst: TENANT_NET, dev: qr, table: TENANT_TABLE, src: TENANT_GATEWAY });
    await router.routes.add({ dst: 'default', via: PROVIDER_GATEWAY, dev: qg, table: TENANT_TABLE });
    // Traffic that enters from the tenant network is routed by that table only.
    await router.rules.add({ priority: TENANT_RULE_PRIORITY, iif: qr, from: TENANT_NET, table: TENANT_TABLE });
    tenants.push({ label, host, router, routerProviderIp });
  }
  return { provider, tenants, namespaces: made };
}

/** Deletes every namespace made (and with them every link, address, route and rule in them). */
export async function teardown(namespaces: readonly Namespace[]): Promise<string[]> {
  const errors: string[] = [];
  for (const ns of [...namespaces].reverse()) {
    try { await ns.delete(); } catch (err) { errors.push(`${ns.name}: ${(err as Error).message}`); }
  }
  return errors;
}

// ---- what the summary prints ----

export interface NamespaceView {
  name: string;
  links: Array<{ name: string; kind?: string; up: boolean; master?: string; addresses: string[] }>;
  routes: Route[];
  rules: Rule[];
}

export async function describeNamespace(ns: Namespace): Promise<NamespaceView> {
  const links: Link[] = await ns.links.list();
  const addresses = await ns.addresses.list({ family: 4 });
  const byIndex = new Map(links.map((l) => [l.index, l.name]));
  // Main and the tenant table; the local table's broadcast/local entries are the kernel's own.
  const routes = (await ns.routes.list({ table: 'all', family: 4 })).filter((r) => r.table !== 255);
  const rules = await ns.rules.list({ family: 4 });
  return {
    name: ns.name ?? ns.path,
    links: links.map((l) => ({
      name: l.name, kind: l.kind, up: l.up, master: l.master === undefined ? undefined : byIndex.get(l.master),
      addresses: addresses.filter((a) => a.index === l.index).map((a) => a.cidr),
    })),
    routes,
    rules,
  };
}

export function formatRoute(r: Route): string {
  const parts = [r.type === 'unicast' ? '' : r.type, r.dstLength === 0 ? 'default' : r.dst];
  if (r.via) parts.push(`via ${r.via}`);
  if (r.dev) parts.push(`dev ${r.dev}`);
  if (r.table !== 254) parts.push(`table ${r.table}`);
  if (r.scope !== 'global') parts.push(`scope ${r.scope}`);
  if (r.src) parts.push(`src ${r.src}`);
  return parts.filter(Boolean).join(' ');
}

export function formatRule(r: Rule): string {
  const parts = [`${r.priority}:`];
  if (r.from) parts.push(`from ${r.from}`);
  else parts.push('from all');
  if (r.iif) parts.push(`iif ${r.iif}`);
  parts.push(r.action === 'lookup' ? `lookup ${r.table === 254 ? 'main' : r.table === 255 ? 'local' : r.table === 253 ? 'default' : r.table}` : r.action);
  return parts.join(' ');
}

// ---- verification with real packets ----

/** A UDP responder on the router's tenant address: it answers every datagram with its namespace's name. */
export async function startWhoami(router: Namespace): Promise<UdpSocket> {
  const sock = await router.createSocket('udp4', { address: TENANT_GATEWAY, port: WHOAMI_PORT });
  sock.on('message', (_msg, rinfo) => { sock.send(router.name ?? 'unnamed', rinfo.port, rinfo.address); });
  return sock;
}

/** From inside the tenant host: asks 10.0.0.1 who it is; resolves with the answer. */
export async function askWhoami(host: Namespace, timeoutMs = 2000): Promise<string> {
  const sock = await host.createSocket('udp4');
  try {
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer from ${TENANT_GATEWAY}:${WHOAMI_PORT} within ${timeoutMs} ms`)), timeoutMs);
      sock.once('message', (msg) => { clearTimeout(timer); resolve(msg.toString()); });
      sock.send('who are you?', WHOAMI_PORT, TENANT_GATEWAY);
    });
  } finally {
    sock.close();
  }
}

/** Received packets on a router's tenant leg (the kernel's counters, read through the library). */
export async function rxPackets(router: Namespace, dev: string): Promise<number> {
  const link = await router.links.get(dev);
  return link.stats?.rxPackets ?? 0;
}

export interface PingResult { code: number | null; transmitted: number; received: number; output: string }

/** Runs ping inside the host namespace (a real child process, ended by PID if it outlives the timeout). */
export function ping(host: Namespace, target: string, count: number, children: Set<number>): Promise<PingResult> {
  return new Promise((resolve, reject) => {
    const child = host.spawn('ping', ['-n', '-c', String(count), '-i', '0.2', '-W', '1', target], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
    if (child.pid !== undefined) children.add(child.pid);
    const timer = setTimeout(() => { if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL'); }, 5000 + count * 500);
    child.once('error', (err) => { clearTimeout(timer); if (child.pid !== undefined) children.delete(child.pid); reject(err); });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (child.pid !== undefined) children.delete(child.pid);
      const m = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(output);
      resolve({ code, transmitted: m ? Number(m[1]) : 0, received: m ? Number(m[2]) : 0, output });
    });
  });
}
