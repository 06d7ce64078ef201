// The CNI bridge plugin (Debian's containernetworking-plugins, /usr/lib/cni/bridge) against its
// steps done through the typed API: the same configuration applied to two fresh pairs of namespaces,
// one by the real plugin run inside the namespace that plays the host, one by typedBridgeAdd; then
// both namespaces of both pairs compared field by field as ip, bridge, sysctl and sysfs show them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { nameOf, withNamespaces } from '../helpers';
import { hasPlugin, runPlugin } from './cni/plugin';
import { typedBridgeAdd, type BridgeConf } from './cni/typed-bridge';
import { diff, normalise, normaliseResult } from './cni/normalise';
import { settledDiff, world } from './cni/settle';

const execFileP = promisify(execFile);

function config(dataDir: string): BridgeConf {
  return {
    cniVersion: '1.0.0', name: 'nstest-cni', type: 'bridge', bridge: 'cni0',
    isGateway: true, hairpinMode: true, ipMasq: false, mtu: 1400,
    ipam: {
      type: 'host-local', dataDir,
      ranges: [[{ subnet: '10.22.0.0/24' }], [{ subnet: 'fd22::/64' }]],
      routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0' }],
    },
  };
}

test('the bridge plugin\'s ADD done with the typed API leaves both namespaces as the real plugin does', async () => {
  // Not a kernel feature: the package is a test dependency (.ci/run installs it), so its absence fails.
  if (!hasPlugin('bridge') || !hasPlugin('host-local')) throw new Error('/usr/lib/cni/{bridge,host-local} missing: apt-get install containernetworking-plugins');
  const tmp = mkdtempSync(join(tmpdir(), 'nstest-cni-'));
  try {
    await withNamespaces(4, async (pHost, pContainer, tHost, tContainer) => {
      const containerId = `nstest${process.pid}`;
      const [pluginResult, typedResult] = await Promise.all([
        runPlugin(pHost, 'bridge', { command: 'ADD', containerId, container: pContainer, ifName: 'eth0' }, config(join(tmp, 'plugin'))),
        typedBridgeAdd(tHost, tContainer, config(join(tmp, 'typed')), containerId, 'eth0'),
      ]);
      const { lines, plugin, typed } = await settledDiff(() => world(pHost, pContainer), () => world(tHost, tContainer));
      expect(lines.join('\n')).toBe('');

      // The state holds what the configuration asks for, so the comparison is not between two empty setups.
      const port = normalise(typed).host.links as Record<string, { linkinfo: { info_slave_data: { hairpin: boolean } }; master: string; mtu: number }>;
      expect(port.VETH).toMatchObject({ master: 'cni0', mtu: 1400, linkinfo: { info_slave_data: { hairpin: true } } });
      expect(typed.host.sysctl['net.ipv4.ip_forward']).toBe('1');
      expect(typed.host.sysctl['net.ipv6.conf.all.forwarding']).toBe('1');
      // The library reads the port back as ip showed it.
      expect((await tHost.links.get(typedResult.interfaces[1].name)).port).toMatchObject({ hairpin: true, learning: true, flood: true, state: 'forwarding' });

      // The result printed by the plugin names the devices as they are, and the typed steps know the same.
      const expected = {
        cniVersion: '1.0.0',
        interfaces: [
          { name: 'cni0', mac: 'MAC(host/cni0)' },
          { name: 'VETH', mac: 'MAC(host/VETH)' },
          { name: 'eth0', mac: 'MAC(container/eth0)', sandbox: '/run/netns/CONTAINER' },
        ],
        ips: [{ interface: 2, address: '10.22.0.2/24', gateway: '10.22.0.1' }, { interface: 2, address: 'fd22::2/64', gateway: 'fd22::1' }],
        routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0' }],
        dns: {},
      };
      expect(normaliseResult(plugin, pluginResult)).toEqual(expected);
      expect(normaliseResult(typed, typedResult)).toEqual(expected);

      // The comparison sees a port option: hairpin off on the typed side is reported.
      await execFileP('bridge', ['-n', nameOf(tHost), 'link', 'set', 'dev', typedResult.interfaces[1].name, 'hairpin', 'off']);
      const after = diff(normalise(plugin), normalise(await world(tHost, tContainer)));
      expect(after).toContain('.host.links.VETH.linkinfo.info_slave_data.hairpin: plugin=true typed=false');
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}, 120_000);
