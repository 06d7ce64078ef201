// 20 containers started at once on one host: 20 netns-cni ADDs run concurrently in the namespace
// playing the host, on one bridge with host-local IPAM and ipMasq, as a runtime starting 20 pods
// does. All succeed with distinct addresses, every container reaches the gateway and every other
// container (ping from each), then 20 concurrent DELs leave nothing of them on the host.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ipJson, nameOf, withNamespaces } from '../helpers';
import { allRuns, hasPlugin, NETNS_CNI, runPlugin } from './cni/plugin';
import type { CniResult } from './cni/typed-bridge';

const COUNT = 20;
const NETWORK = 'nstest-cni-concurrency';

test(`${COUNT} netns-cni ADDs at once on one bridge: distinct addresses, everyone reaches everyone, ${COUNT} DELs leave nothing`, async () => {
  if (!hasPlugin('host-local')) throw new Error('/usr/lib/cni/host-local missing: apt-get install containernetworking-plugins');
  const dataDir = mkdtempSync(join(tmpdir(), 'nstest-cni-concurrency-'));
  const config = {
    cniVersion: '1.0.0', name: NETWORK, type: 'netns-bridge', bridge: 'cni0',
    isGateway: true, ipMasq: true, hairpinMode: true,
    ipam: { type: 'host-local', dataDir, ranges: [[{ subnet: '10.23.0.0/24' }]], routes: [{ dst: '0.0.0.0/0' }] },
  };
  try {
    await withNamespaces(1 + COUNT, async (host, ...containers) => {
      const cni = (command: 'ADD' | 'DEL', i: number) =>
        runPlugin(host, NETNS_CNI, { command, containerId: `nstest-concurrency-${i}`, container: containers[i], ifName: 'eth0' }, config);

      const results = await allRuns(containers.map((_, i) => cni('ADD', i))) as CniResult[];
      const addresses = results.map((r) => r.ips[0].address.split('/')[0]);
      expect(new Set(addresses).size).toBe(COUNT);
      expect(results.every((r) => r.ips.length === 1 && r.ips[0].gateway === '10.23.0.1')).toBe(true);

      // The kernel's view: each container holds the address its result names, each port is on the bridge.
      for (const [i, c] of containers.entries()) {
        const [eth0] = await ipJson<{ addr_info: { local: string }[] }[]>(['-n', nameOf(c), 'addr', 'show', 'dev', 'eth0']);
        expect(eth0.addr_info.map((a) => a.local)).toContain(addresses[i]);
      }
      const ports = (await ipJson<{ master?: string }[]>(['-n', nameOf(host), 'link', 'show'])).filter((l) => l.master === 'cni0');
      expect(ports).toHaveLength(COUNT);

      // From each container (all at once): one ping to the gateway and to every other container;
      // the addresses that did not answer are printed.
      const unreachable = await allRuns(containers.map(async (c, i) => {
        const targets = ['10.23.0.1', ...addresses.filter((_, j) => j !== i)].join(' ');
        const r = await c.exec('sh', ['-c', `for a in ${targets}; do ping -c 1 -W 5 -q $a >/dev/null 2>&1 || echo $a; done`]);
        return r.stdout.trim() ? `${addresses[i]} -> ${r.stdout.trim().split('\n').join(' ')}` : '';
      }));
      expect(unreachable.filter(Boolean)).toEqual([]);

      await allRuns(containers.map((_, i) => cni('DEL', i)));
      const links = await ipJson<{ ifname: string; master?: string }[]>(['-n', nameOf(host), 'link', 'show']);
      expect(links.map((l) => l.ifname).sort()).toEqual(['cni0', 'lo']);
      const ruleset = (await host.exec('nft', ['-j', 'list', 'ruleset'])).stdout;
      for (const a of addresses) expect(ruleset).not.toContain(`"${a}"`);
      expect(ruleset).not.toMatch(/"CNI-/);
      expect(readdirSync(join(dataDir, NETWORK)).filter((f) => f.startsWith('10.'))).toEqual([]);
      for (const c of containers) expect((await ipJson<{ ifname: string }[]>(['-n', nameOf(c), 'link', 'show'])).map((l) => l.ifname)).toEqual(['lo']);
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 300_000);
