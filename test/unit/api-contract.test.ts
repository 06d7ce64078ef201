// The contract of the public API (docs/api.md): this example must type-check against this library
// (ts-jest type-checks this file, so a renamed or reshaped name fails the suite), and the surface
// exists at run time.
import { Namespace, NetlinkError } from '../../lib';
async function check(blue: Namespace, red: Namespace, prefixes: string[]) {
  await blue.links.list({ kind: 'veth' });
  await blue.links.get('v0');
  await blue.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1', namespace: red } });
  await blue.links.add({ kind: 'bridge', name: 'br0', stp: false });
  await blue.links.add({ kind: 'vxlan', name: 'vx0', vni: 42, port: 4789, local: '10.0.0.1', group: '239.1.1.1', dev: 'v0' });
  await blue.links.add({ kind: 'vxlan', name: 'vx1', vni: 43, port: 4789, local: '10.0.0.1', remote: '10.0.0.2' });
  await blue.links.add({ kind: 'macvlan', name: 'mv0', parent: 'v0', mode: 'bridge' });
  await blue.links.add({ kind: 'vrf', name: 'vrf-blue', table: 10 });
  await blue.links.add({ kind: 'vlan', name: 'v0.10', parent: 'v0', id: 10 });
  await blue.links.add({ kind: 'x', name: 'x0', data: [] as never });
  await blue.links.set('v0', { up: true, mtu: 1400, name: 'v9', address: '02:00:00:00:00:01', master: 'br0', alias: 'a', txqueuelen: 5 });
  await blue.links.set('v0', { master: null, namespace: red });
  await blue.links.delete('v0');
  const l = (await blue.links.list())[0];
  void [l.index, l.name, l.kind, l.mtu, l.up, l.operState, l.address, l.broadcast, l.master, l.parent, l.peerIndex, l.namespaceId, l.alias, l.flags, l.stats?.rxBytes, l.stats?.txBytes, l.stats?.rxPackets, l.stats?.txPackets, l.info];
  await blue.addresses.add('v0', '10.0.0.1/24', { broadcast: '10.0.0.255', label: 'v0:1', scope: 'link', noprefixroute: true });
  const a = (await blue.addresses.list({ link: 'v0', family: 4 }))[0];
  void [a.link, a.family, a.address, a.prefixLength, a.cidr, a.scope];
  await blue.addresses.delete('v0', '10.0.0.1/24');
  await blue.routes.add({ dst: '10.1.0.0/16', via: '10.0.0.2', dev: 'v0', table: 100, metric: 1, src: '10.0.0.1', scope: 'link', protocol: 'static', type: 'unicast', mtu: 1400, onlink: true });
  await blue.routes.add({ dst: '10.2.0.0/16', nexthops: [{ via: '10.0.0.2', dev: 'v0', weight: 2 }] });
  await blue.routes.replace({ dst: '10.1.0.0/16', type: 'blackhole' }); await blue.routes.delete({ dst: '10.1.0.0/16' });
  await blue.routes.list({ table: 'all', family: 4, dev: 'v0', protocol: 'static' }); await blue.routes.list({ table: 100 });
  for await (const r of blue.routes.stream({ table: 'all' })) void r;
  await blue.routes.get('10.1.2.3', { from: '10.0.0.1', iif: 'v0', mark: 1 });
  await blue.rules.add({ priority: 100, from: '10.0.0.0/24', to: '10.1.0.0/16', table: 100, fwmark: 1, iif: 'v0', oif: 'v0', action: 'lookup' });
  await blue.rules.list(); await blue.rules.delete({ priority: 100 });
  await blue.neighbors.add({ dev: 'v0', address: '10.0.0.9', lladdr: '02:00:00:00:00:09', state: 'permanent' });
  await blue.neighbors.list({ dev: 'v0' }); await blue.neighbors.delete({ dev: 'v0', address: '10.0.0.9' });
  const results = await blue.batch((b) => { for (const dst of prefixes) b.routes.add({ dst, via: '10.0.0.2', table: 100 }); b.links.set('v0', { mtu: 1 }); }, { atomic: false });
  void results;
  const child = blue.spawn('ping', ['-c', '1', '10.0.0.2'], {}); void child.pid;
  const { stdout, stderr, code } = await blue.exec('nft', ['list', 'ruleset']); void [stdout, stderr, code];
  const server = await blue.listen({ port: 8080, host: '10.0.0.1' }); server.close();
  const socket = await blue.connect({ port: 8080, host: '10.0.0.1' }); socket.destroy();
  const udp = await blue.createSocket('udp4'); udp.close();
  await blue.sysctl.get('net.ipv4.ip_forward'); await blue.sysctl.set('net.ipv4.ip_forward', 1);
  const mon = blue.monitor({ groups: ['link', 'address', 'route', 'neighbor', 'rule'] });
  for await (const ev of mon) { const t: 'new' | 'delete' = ev.type; void [t, ev.object, ev.value]; }
  mon.on('overrun', () => {}); mon.close();
  void [blue.name, blue.path, blue.inode, blue.equals(red), await blue.id(red), await blue.id()];
  await blue.delete(); blue.close();
  await Namespace.create('blue'); await Namespace.create(); await Namespace.open('red');
  Namespace.fromPath('/proc/1234/ns/net'); Namespace.fromPid(1234); Namespace.current();
  const list = await Namespace.list(); void [list[0].name, list[0].path, list[0].id];
}
void check;

test('the API surface exists at run time', async () => {
  for (const m of ['create', 'open', 'fromPath', 'fromPid', 'current', 'list']) expect(typeof (Namespace as any)[m]).toBe('function');
  const ns = await Namespace.create();
  try {
    for (const m of ['equals', 'id', 'delete', 'close', 'batch', 'spawn', 'exec', 'listen', 'connect', 'createSocket', 'monitor']) {
      expect(typeof (ns as any)[m]).toBe('function');
    }
    expect(typeof ns[Symbol.asyncDispose]).toBe('function');
    const collections: Record<string, string[]> = {
      links: ['list', 'get', 'add', 'set', 'delete'], addresses: ['add', 'list', 'delete'],
      routes: ['add', 'replace', 'delete', 'list', 'stream', 'get'], rules: ['add', 'list', 'delete'],
      neighbors: ['add', 'list', 'delete'], sysctl: ['get', 'set'],
    };
    for (const [c, methods] of Object.entries(collections)) {
      for (const m of methods) expect(typeof (ns as any)[c][m]).toBe('function');
    }
    expect(new NetlinkError(17, 'RTM_NEWROUTE')).toMatchObject({ code: 'EEXIST', errno: 17, operation: 'RTM_NEWROUTE' });
  } finally {
    await ns.delete();
  }
});
