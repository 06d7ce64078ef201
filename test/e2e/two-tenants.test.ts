// The demo's topology (scripts/demo-topology.ts): two tenants with the same addresses behind their
// own routers, checked with real packets: each host reaches its own router and never the other.
import { execFileSync } from 'node:child_process';
import type { Namespace } from '../../lib';
import { ipJson, uniqueName } from '../helpers';
import {
  PROVIDER_GATEWAY, TENANT_GATEWAY, TENANT_HOST, TENANT_TABLE,
  askWhoami, buildTopology, ping, rxPackets, startWhoami, teardown, type Topology,
} from '../../scripts/demo-topology';

const noPing = (() => {
  try { execFileSync('ping', ['-V'], { stdio: 'ignore' }); return undefined; } catch (err) { return (err as Error).message; }
})();

// One describe: its afterAll (teardown) runs before the file-level leak check.
describe('two overlapping tenants', () => {
  const tag = uniqueName('demo');
  const made: Namespace[] = [];
  const children = new Set<number>();
  let t: Topology;

  beforeAll(async () => {
    t = await buildTopology((role) => `${tag}-${role}`, made);
  });

  afterAll(async () => {
    for (const pid of children) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    expect(await teardown(made)).toEqual([]);
  });

  test('the topology as ip sees it: the same address in both tenants, a rule and a table in each router', async () => {
    expect(made).toHaveLength(5);
    for (const tenant of t.tenants) {
      const addrs = await ipJson(['-n', tenant.host.name!, '-4', 'addr', 'show', 'dev', 'eth0']);
      expect(addrs[0].addr_info.map((a: any) => `${a.local}/${a.prefixlen}`)).toEqual([`${TENANT_HOST}/24`]);
      const rules = await ipJson(['-n', tenant.router.name!, 'rule', 'show']);
      expect(rules).toContainEqual(expect.objectContaining({ priority: 1000, iif: `qr-${tenant.label}`, table: String(TENANT_TABLE) }));
      const table = await ipJson(['-n', tenant.router.name!, 'route', 'show', 'table', String(TENANT_TABLE)]);
      expect(table).toContainEqual(expect.objectContaining({ dst: 'default', gateway: PROVIDER_GATEWAY, dev: `qg-${tenant.label}` }));
    }
  });

  test('UDP: each tenant host\'s question is answered by its own router', async () => {
    const sockets = await Promise.all(t.tenants.map((x) => startWhoami(x.router)));
    try {
      for (const tenant of t.tenants) expect(await askWhoami(tenant.host)).toBe(tenant.router.name);
    } finally {
      for (const s of sockets) s.close();
    }
  });

  (noPing ? test.skip : test)(`ping: replies from the own router, whose counters move while the other's do not${noPing ? ` [skipped: no ping binary: ${noPing}]` : ''}`, async () => {
    for (const tenant of t.tenants) {
      const other = t.tenants.find((x) => x !== tenant)!;
      const own0 = await rxPackets(tenant.router, `qr-${tenant.label}`);
      const other0 = await rxPackets(other.router, `qr-${other.label}`);
      const res = await ping(tenant.host, TENANT_GATEWAY, 3, children);
      expect({ code: res.code, received: res.received }).toEqual({ code: 0, received: 3 });
      expect((await rxPackets(tenant.router, `qr-${tenant.label}`)) - own0).toBeGreaterThanOrEqual(3);
      expect((await rxPackets(other.router, `qr-${other.label}`)) - other0).toBe(0);
    }
  });

  test('the routers\' policy: tenant traffic goes to table 100, the router\'s own traffic has no way out', async () => {
    for (const tenant of t.tenants) {
      const r = await tenant.router.routes.get('192.0.2.1', { from: TENANT_HOST, iif: `qr-${tenant.label}` });
      expect(r).toMatchObject({ table: TENANT_TABLE, via: PROVIDER_GATEWAY, dev: `qg-${tenant.label}` });
      await expect(tenant.router.routes.get('192.0.2.1')).rejects.toMatchObject({ code: 'ENETUNREACH' });
    }
  });
});
