// npm run demo: two tenants with overlapping networks (OpenStack Networking style), built with this
// library in namespaces of its own (names unique to this run), verified with real packets, shown,
// and removed, also on Ctrl-C. See scripts/demo-topology.ts for the topology.
import type { Socket as UdpSocket } from 'node:dgram';
import { execFileSync } from 'node:child_process';
import type { Namespace } from '../lib';
import {
  PROVIDER_GATEWAY, TENANT_GATEWAY, TENANT_HOST, TENANT_TABLE, WHOAMI_PORT,
  askWhoami, buildTopology, describeNamespace, formatRoute, formatRule, ping, rxPackets, startWhoami, teardown,
  type Topology,
} from './demo-topology';

const made: Namespace[] = [];
const children = new Set<number>();
const sockets: UdpSocket[] = [];
let cleaning: Promise<void> | undefined;
let stopping = false;
let running: Promise<void> = Promise.resolve();

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const pid of children) { try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ } }
    for (const s of sockets) { try { s.close(); } catch { /* closed */ } }
    const names = made.map((ns) => ns.name);
    const errors = await teardown(made);
    console.log(`\nremoved ${names.length} namespaces: ${names.join(', ')}`);
    for (const e of errors) console.error(`  could not remove ${e}`);
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: cleaning up`);
    stopping = true;
    for (const pid of children) { try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ } }
    // Let the step in progress finish (a namespace being created must be recorded to be removed).
    const settled = running.catch(() => undefined);
    const limit = new Promise((resolve) => setTimeout(resolve, 5000).unref());
    // The exit ends the process whatever the cleanup did: nothing is left to await it.
    void Promise.race([settled, limit]).then(() => cleanup()).finally(() => process.exit(130));
  });
}

const hasPing = (): boolean => {
  try { execFileSync('ping', ['-V'], { stdio: 'ignore' }); return true; } catch { return false; }
};

async function printTopology(t: Topology): Promise<void> {
  console.log('\ntopology');
  for (const ns of t.namespaces) {
    const v = await describeNamespace(ns);
    console.log(`  namespace ${v.name}`);
    for (const l of v.links) {
      if (l.name === 'lo') continue;
      const extra = [l.kind, l.master ? `master ${l.master}` : '', l.up ? 'up' : 'down'].filter(Boolean).join(', ');
      console.log(`    link ${l.name.padEnd(6)} (${extra})${l.addresses.length ? `  ${l.addresses.join(' ')}` : ''}`);
    }
    for (const r of v.routes) console.log(`    route ${formatRoute(r)}`);
    for (const r of v.rules) if (r.priority !== 0 && r.priority < 32766) console.log(`    rule  ${formatRule(r)}`);
  }
}

async function verify(t: Topology): Promise<boolean> {
  console.log('\nverification (real packets between the namespaces above)');
  let ok = true;
  const check = (passed: boolean, what: string): void => {
    ok &&= passed;
    console.log(`  [${passed ? 'ok' : 'FAILED'}] ${what}`);
  };
  for (const tenant of t.tenants) sockets.push(await startWhoami(tenant.router));

  for (const tenant of t.tenants) {
    const answer = await askWhoami(tenant.host);
    check(answer === tenant.router.name, `tenant-${tenant.label} host ${TENANT_HOST} asks ${TENANT_GATEWAY}:${WHOAMI_PORT} (UDP) "who are you?": answered "${answer}"`);
  }

  if (hasPing()) {
    for (const tenant of t.tenants) {
      const other = t.tenants.find((x) => x !== tenant)!;
      const ownBefore = await rxPackets(tenant.router, `qr-${tenant.label}`);
      const otherBefore = await rxPackets(other.router, `qr-${other.label}`);
      const res = await ping(tenant.host, TENANT_GATEWAY, 3, children);
      const ownDelta = (await rxPackets(tenant.router, `qr-${tenant.label}`)) - ownBefore;
      const otherDelta = (await rxPackets(other.router, `qr-${other.label}`)) - otherBefore;
      check(res.code === 0 && res.received === 3, `ping -c 3 ${TENANT_GATEWAY} from tenant-${tenant.label}: ${res.received}/${res.transmitted} replies`);
      check(ownDelta >= 3 && otherDelta === 0,
        `counters: router-${tenant.label} qr-${tenant.label} received +${ownDelta} packets, router-${other.label} qr-${other.label} +${otherDelta}`);
    }
  } else {
    console.log('  [skipped] ping: no ping binary here (apt-get install iputils-ping); the UDP checks above still used real packets');
  }

  for (const tenant of t.tenants) {
    // The kernel's own lookup in the router, for a packet from the tenant network (rule -> table 100)
    // and for the router's own traffic (main table only, which has no default route).
    const fromTenant = await tenant.router.routes.get('192.0.2.1', { from: TENANT_HOST, iif: `qr-${tenant.label}` });
    check(fromTenant.table === TENANT_TABLE && fromTenant.via === PROVIDER_GATEWAY,
      `router-${tenant.label}: 192.0.2.1 from ${TENANT_HOST} iif qr-${tenant.label} -> table ${fromTenant.table} via ${fromTenant.via} dev ${fromTenant.dev}`);
    let own = 'no route';
    try { own = formatRoute(await tenant.router.routes.get('192.0.2.1')); } catch (err) { own = (err as { code?: string }).code ?? String(err); }
    check(own === 'ENETUNREACH', `router-${tenant.label}: 192.0.2.1 from the router itself (main table) -> ${own}`);
    const upstream = await tenant.host.routes.get(PROVIDER_GATEWAY);
    check(upstream.via === TENANT_GATEWAY, `tenant-${tenant.label}: ${PROVIDER_GATEWAY} leaves via its own gateway ${upstream.via}`);
  }
  return ok;
}

async function main(): Promise<void> {
  const tag = String(process.pid);
  const prefix = (role: string): string => `${role}-${tag}`;
  console.log(`netns demo: two tenants with overlapping networks (namespaces *-${tag})`);
  const t = await buildTopology(prefix, made, () => stopping);
  console.log(`created namespaces: ${made.map((ns) => ns.name).join(', ')}`);
  await printTopology(t);
  const ok = await verify(t);
  console.log(ok ? '\nall checks passed: each tenant reaches its own router and only its own' : '\nSOME CHECKS FAILED');
  if (!ok) process.exitCode = 1;
}

running = main();
running
  .catch((err) => { if (!stopping) { console.error(err); process.exitCode = 1; } })
  .finally(() => { if (!stopping) return cleanup(); });
