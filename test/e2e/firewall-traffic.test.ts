// ns.firewall's helpers proven with real traffic between namespaces made here: deny cuts a TCP
// connection that was accepted before (and allow, added first, wins); masquerade gives a host
// behind a router the router's address as seen by a server outside; portMap reaches a server behind
// the router from outside, from the server's own subnet (hairpin) and from the router itself. Each
// outcome is read on the receiving side (the address a server saw) and the rules with nft itself;
// no namespace sees another's rules and the initial namespace's ruleset is read, never written.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Server, Socket } from 'node:net';
import type { Socket as UdpSocket } from 'node:dgram';
import { Namespace, type FirewallRuleRef } from '../../lib';
import { nameOf, uniqueName } from '../helpers';

const run = promisify(execFile);

/** `nft -j list ruleset` as text: in ns, or in the initial namespace (read only). */
async function nftText(ns: Namespace | null): Promise<string> {
  const { stdout } = ns ? await run('ip', ['netns', 'exec', nameOf(ns), 'nft', '-j', 'list', 'ruleset']) : await run('nft', ['-j', 'list', 'ruleset']);
  return stdout;
}
type NftItem = Record<string, Record<string, unknown>>;
const nftItems = async (ns: Namespace): Promise<NftItem[]> => (JSON.parse(await nftText(ns)) as { nftables: NftItem[] }).nftables;
const tablesOf = async (ns: Namespace): Promise<string[]> => (await nftItems(ns)).filter((i) => i.table).map((i) => `${String(i.table.family)} ${String(i.table.name)}`);
/** The rules of table inet netns as nft lists them: chain and handle. */
const netnsRules = async (ns: Namespace): Promise<Array<{ chain: string; handle: number }>> =>
  (await nftItems(ns)).filter((i) => i.rule?.table === 'netns' && i.rule.family === 'inet').map((i) => ({ chain: i.rule.chain as string, handle: i.rule.handle as number }));

/** The verdict (accept, drop) of each rule of table inet netns, as nft lists them. */
const verdicts = async (ns: Namespace): Promise<string[]> => (await nftItems(ns)).filter((i) => i.rule?.table === 'netns')
  .map((i) => (i.rule.expr as Array<Record<string, unknown>>).map((e) => Object.keys(e)[0]).find((k) => k === 'accept' || k === 'drop') ?? '');

/** Polls until check holds; the deadline is generous (a loaded 2-core machine) and only bounds a failure. */
async function until(what: string, check: () => Promise<boolean> | boolean, deadlineMs = 60_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** TCP retransmissions of the connection from local port `port`, as ss shows them in ns. */
async function retransmissions(ns: Namespace, port: number): Promise<number> {
  const { stdout } = await run('ip', ['netns', 'exec', nameOf(ns), 'ss', '-tin', 'sport', `= :${port}`]);
  const m = /\bretrans:\d+\/(\d+)/.exec(stdout);
  return m ? Number(m[1]) : 0;
}

const plain = (address: string | undefined): string => (address ?? '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

describe('firewall helpers with real traffic', () => {
  const made: Namespace[] = [];
  const servers: Server[] = [];
  const sockets: Array<Socket | UdpSocket> = [];
  let initialBefore = '';

  const create = async (role: string): Promise<Namespace> => {
    const ns = await Namespace.create(uniqueName(`fw-${role}`));
    made.push(ns);
    await ns.links.set('lo', { up: true });
    return ns;
  };

  /** A TCP server in ns that answers every connection with the peer address it sees, and closes. */
  const whoSees = async (ns: Namespace, port: number): Promise<Server> => {
    const server = await ns.listen({ port });
    servers.push(server);
    server.on('connection', (s) => s.end(plain(s.remoteAddress)));
    return server;
  };

  /** Connects from ns and returns what the server answered (the address it saw us as). */
  const ask = async (ns: Namespace, host: string, port: number): Promise<string> => {
    const s = await ns.connect({ host, port });
    sockets.push(s);
    const chunks: Buffer[] = [];
    s.on('data', (d: Buffer) => chunks.push(d));
    await new Promise<void>((resolve, reject) => { s.once('end', resolve); s.once('error', reject); });
    s.destroy();
    return Buffer.concat(chunks).toString();
  };

  beforeAll(async () => {
    initialBefore = await nftText(null);
  });

  afterAll(async () => {
    for (const s of sockets) {
      if ('destroy' in s) s.destroy();
      else s.close();
    }
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    for (const ns of made) {
      try { await ns.delete(); } catch { /* already gone */ }
    }
    // Read, never written: the initial namespace's ruleset is the same text as before this file.
    expect(await nftText(null)).toBe(initialBefore);
  });

  describe('deny and allow between a client and a server', () => {
    let client: Namespace, server: Namespace;
    beforeAll(async () => {
      client = await create('client');
      server = await create('server');
      await client.links.add({ kind: 'veth', name: 'c0', peer: { name: 's0', namespace: server } });
      await client.addresses.add('c0', '10.1.0.1/24');
      await server.addresses.add('s0', '10.1.0.2/24');
      await client.links.set('c0', { up: true });
      await server.links.set('s0', { up: true });
      // A refused SYN fails connect after two tries (about 3 s) instead of about two minutes.
      await client.sysctl.set('net.ipv4.tcp_syn_retries', 1);
    });

    test('deny drops the next data of a connection accepted before, and new connections; remove lets the data through', async () => {
      const listener = await server.listen({ port: 5000 });
      servers.push(listener);
      const received: string[] = [];
      listener.on('connection', (s) => { sockets.push(s); s.on('data', (d: Buffer) => received.push(d.toString())); });
      const conn = await client.connect({ host: '10.1.0.2', port: 5000 });
      sockets.push(conn);
      conn.write('one;');
      await until('the first data at the server', () => received.join('') === 'one;');

      const denied = await server.firewall.deny({ from: '10.1.0.1', protocol: 'tcp', port: 5000 });
      expect(denied.map((r) => r.chain)).toEqual(['input', 'forward']);
      expect(await netnsRules(server)).toEqual(denied.map(({ chain, handle }) => ({ chain, handle })));

      const localPort = conn.localPort!;
      conn.write('two;');
      // The client sends it again and again (ss counts the retransmissions): it never arrives.
      await until('two retransmissions of the second data', async () => (await retransmissions(client, localPort)) >= 2);
      expect(received.join('')).toBe('one;');
      await expect(client.connect({ host: '10.1.0.2', port: 5000 })).rejects.toMatchObject({ code: 'ETIMEDOUT' });

      await server.firewall.remove(denied);
      expect(await netnsRules(server)).toEqual([]);
      await until('the second data after the deny is removed', () => received.join('') === 'one;two;');
    });

    test('first match wins: an allow added before a deny lets its port through, an allow added after does not', async () => {
      await whoSees(server, 5001);
      await whoSees(server, 5002);
      const allowed = await server.firewall.allow({ from: '10.1.0.1/32', protocol: 'tcp', port: { start: 5001, end: 5001 } });
      const denied = await server.firewall.deny({ protocol: 'tcp', port: { start: 5001, end: 5002 } });
      const late = await server.firewall.allow({ from: '10.1.0.1', protocol: 'tcp', port: 5002 });
      expect(await ask(client, '10.1.0.2', 5001)).toBe('10.1.0.1');
      await expect(client.connect({ host: '10.1.0.2', port: 5002 })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
      const input = (await netnsRules(server)).filter((r) => r.chain === 'input').map((r) => r.handle);
      expect(input).toEqual([allowed, denied, late].map((refs) => refs.find((r) => r.chain === 'input')!.handle));
      await server.firewall.remove([...allowed, ...denied, ...late]);
    });
  });

  describe('a router between a LAN and the outside', () => {
    // outside (192.0.2.2) -- out0 router lan0 (10.0.0.1) -- switch (bridge) -- host (10.0.0.2), host2 (10.0.0.3)
    let router: Namespace, outside: Namespace, host: Namespace, host2: Namespace, sw: Namespace;
    beforeAll(async () => {
      router = await create('router');
      outside = await create('outside');
      sw = await create('switch');
      host = await create('host');
      host2 = await create('host2');
      await sw.links.add({ kind: 'bridge', name: 'br0', stp: false });
      await sw.links.set('br0', { up: true });
      for (const [port, ns, dev] of [['p-r', router, 'lan0'], ['p-h', host, 'eth0'], ['p-h2', host2, 'eth0']] as const) {
        await sw.links.add({ kind: 'veth', name: port, peer: { name: dev, namespace: ns } });
        await sw.links.set(port, { master: 'br0', up: true });
        await ns.links.set(dev, { up: true });
      }
      await router.links.add({ kind: 'veth', name: 'out0', peer: { name: 'eth0', namespace: outside } });
      await router.links.set('out0', { up: true });
      await outside.links.set('eth0', { up: true });
      await router.addresses.add('lan0', '10.0.0.1/24');
      await router.addresses.add('lan0', 'fd00::1/64', { nodad: true });
      await router.addresses.add('out0', '192.0.2.1/24');
      await router.addresses.add('out0', '2001:db8::1/64', { nodad: true });
      await outside.addresses.add('eth0', '192.0.2.2/24');
      await outside.addresses.add('eth0', '2001:db8::2/64', { nodad: true });
      for (const [ns, last] of [[host, 2], [host2, 3]] as const) {
        await ns.addresses.add('eth0', `10.0.0.${last}/24`);
        await ns.addresses.add('eth0', `fd00::${last}/64`, { nodad: true });
        await ns.routes.add({ dst: 'default', via: '10.0.0.1' });
        await ns.routes.add({ dst: 'default', via: 'fd00::1' });
        await ns.sysctl.set('net.ipv4.tcp_syn_retries', 1);
      }
      await router.sysctl.set('net.ipv4.ip_forward', 1);
      await router.sysctl.set('net.ipv6.conf.all.forwarding', 1);
      // outside has no route back to the LAN; a datagram from it is still taken in (no reverse-path filter).
      await outside.sysctl.set('net.ipv4.conf.all.rp_filter', 0);
      await outside.sysctl.set('net.ipv4.conf.eth0.rp_filter', 0);
    });

    test('masquerade: a server outside sees the router\'s address, where it saw the host\'s before', async () => {
      const udp = await outside.createSocket('udp4', { address: '192.0.2.2', port: 9000 });
      sockets.push(udp);
      const senders: string[] = [];
      udp.on('message', (_m, rinfo) => senders.push(rinfo.address));
      const sender = await host.createSocket('udp4');
      sockets.push(sender);
      sender.send('before', 9000, '192.0.2.2');
      await until('the datagram sent before masquerade', () => senders.length === 1);
      expect(senders).toEqual(['10.0.0.2']);

      const added = await router.firewall.masquerade({ from: '10.0.0.0/24', out: 'out0' });
      expect(added).toEqual([{ family: 'inet', table: 'netns', chain: 'postrouting', handle: expect.any(Number) as number }]);
      sender.send('after', 9000, '192.0.2.2');
      await until('the datagram sent after masquerade', () => senders.length === 2);
      expect(senders[1]).toBe('192.0.2.1');

      await whoSees(outside, 9001);
      expect(await ask(host, '192.0.2.2', 9001)).toBe('192.0.2.1');
      await router.firewall.remove(added);
    });

    test('masquerade, IPv6: the same with an IPv6 prefix, which leaves IPv4 alone', async () => {
      const udp = await outside.createSocket('udp6', { address: '2001:db8::2', port: 9002 });
      sockets.push(udp);
      const senders: string[] = [];
      udp.on('message', (_m, rinfo) => senders.push(rinfo.address));
      const sender = await host.createSocket('udp6');
      sockets.push(sender);
      sender.send('before', 9002, '2001:db8::2');
      await until('the IPv6 datagram sent before masquerade', () => senders.length === 1);
      const added = await router.firewall.masquerade({ from: 'fd00::/64', out: 'out0' });
      sender.send('after', 9002, '2001:db8::2');
      await until('the IPv6 datagram sent after masquerade', () => senders.length === 2);
      expect(senders).toEqual(['fd00::2', '2001:db8::1']);
      // An IPv4 datagram keeps its source: the rule names an IPv6 prefix, so it matches IPv6 only.
      const udp4 = await outside.createSocket('udp4', { address: '192.0.2.2', port: 9003 });
      sockets.push(udp4);
      const senders4: string[] = [];
      udp4.on('message', (_m, rinfo) => senders4.push(rinfo.address));
      const sender4 = await host.createSocket('udp4');
      sockets.push(sender4);
      sender4.send('v4', 9003, '192.0.2.2');
      await until('the IPv4 datagram', () => senders4.length === 1);
      expect(senders4).toEqual(['10.0.0.2']);
      await router.firewall.remove(added);
    });

    test('portMap reaches the server behind the router from outside, from its own subnet (hairpin) and from the router itself', async () => {
      await whoSees(host, 80);
      const v4 = await router.firewall.portMap({ protocol: 'tcp', port: 8080, to: '10.0.0.2:80' });
      const v6 = await router.firewall.portMap({ protocol: 'tcp', port: 8080, to: '[fd00::2]:80' });
      expect(v4.map((r) => r.chain)).toEqual(['prerouting', 'nat_output', 'hairpin', 'postrouting']);
      const listed = await netnsRules(router);
      for (const r of [...v4, ...v6]) expect(listed).toContainEqual({ chain: r.chain, handle: r.handle });

      // From outside: DNAT only, the server sees the client's own address.
      expect(await ask(outside, '192.0.2.1', 8080)).toBe('192.0.2.2');
      expect(await ask(outside, '2001:db8::1', 8080)).toBe('2001:db8::2');
      // From the server's own subnet: masqueraded, or the answer would go straight back to host2.
      expect(await ask(host2, '10.0.0.1', 8080)).toBe('10.0.0.1');
      expect(await ask(host2, '192.0.2.1', 8080)).toBe('10.0.0.1');
      expect(await ask(host2, 'fd00::1', 8080)).toBe('fd00::1');
      // From the router itself (nat output), to either of its addresses.
      expect(await ask(router, '10.0.0.1', 8080)).toBe('10.0.0.1');
      expect(await ask(router, '192.0.2.1', 8080)).toBe('192.0.2.1');

      // Without the hairpin rules the server answers host2 directly, which host2 does not accept.
      await router.firewall.remove(v4.filter((r) => r.chain === 'hairpin' || r.chain === 'postrouting'));
      await expect(host2.connect({ host: '10.0.0.1', port: 8080 })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
      expect(await ask(outside, '192.0.2.1', 8080)).toBe('192.0.2.2');
    });

    test('isolation: each namespace lists its own tables only', async () => {
      expect(await tablesOf(router)).toEqual(['inet netns']);
      for (const ns of [outside, host, host2, sw]) expect(await tablesOf(ns)).toEqual([]);
      const a = await host.firewall.deny({ protocol: 'udp', port: 7 });
      const b = await host2.firewall.allow({ protocol: 'tcp', port: 7 });
      const asListed = (refs: FirewallRuleRef[]) => refs.map(({ chain, handle }) => ({ chain, handle }));
      expect(await netnsRules(host)).toEqual(asListed(a));
      expect(await netnsRules(host2)).toEqual(asListed(b));
      expect(await verdicts(host)).toEqual(['drop', 'drop']);
      expect(await verdicts(host2)).toEqual(['accept', 'accept']);
      expect(await tablesOf(outside)).toEqual([]);
    });
  });
});
