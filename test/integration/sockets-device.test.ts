// Sockets bound to a link (device: SO_BINDTODEVICE): a router namespace A with one veth to B and
// one to C. Bound to A's link towards B, a socket takes and sends traffic through that link only;
// what C sends to A is not for it, and what it sends to B's address leaves by the bound link.
import type { AddressInfo } from 'node:net';
import type { Namespace } from '../../lib';
import { ip, nameOf, withNamespaces } from '../helpers';
import { nextMessage, readAll } from '../traffic';
import { rxPackets } from '../../scripts/demo-topology';

/**
 * A (10.9.0.1 on vb, 10.9.1.1 on vc), B (10.9.0.2 on b0) and C (10.9.1.2 on c0); IPv6 off, so
 * that the counters count the test's packets only (no router solicitations).
 */
async function router(a: Namespace, b: Namespace, c: Namespace): Promise<void> {
  for (const ns of [a, b, c]) await ns.sysctl.set('net.ipv6.conf.default.disable_ipv6', 1);
  await ip(a, ['link', 'add', 'vb', 'type', 'veth', 'peer', 'name', 'b0', 'netns', nameOf(b)]);
  await ip(a, ['link', 'add', 'vc', 'type', 'veth', 'peer', 'name', 'c0', 'netns', nameOf(c)]);
  await ip(a, ['addr', 'add', '10.9.0.1/24', 'dev', 'vb']);
  await ip(a, ['addr', 'add', '10.9.1.1/24', 'dev', 'vc']);
  await ip(b, ['addr', 'add', '10.9.0.2/24', 'dev', 'b0']);
  await ip(c, ['addr', 'add', '10.9.1.2/24', 'dev', 'c0']);
  for (const [ns, dev] of [[a, 'vb'], [a, 'vc'], [b, 'b0'], [c, 'c0']] as const) await ip(ns, ['link', 'set', dev, 'up']);
}



describe('sockets bound to a device', () => {
  test('a TCP server bound to vb serves B; C, on another link of the same namespace, is refused', async () => {
    await withNamespaces(3, async (a, b, c) => {
      await router(a, b, c);
      const server = await a.listen({ host: '0.0.0.0', device: 'vb' });  // any address: only the device restricts it
      server.on('connection', (s) => s.end(`served ${s.remoteAddress}`));
      try {
        const { port } = server.address() as AddressInfo;
        expect(await readAll(await b.connect({ host: '10.9.0.1', port }))).toBe('served 10.9.0.2');
        // The same server without the device would take C too (both addresses are A's).
        await expect(c.connect({ host: '10.9.1.1', port })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      } finally {
        server.close();
      }
    });
  });

  test('ss in the namespace shows the listener, the UDP socket and a connection bound to their device', async () => {
    await withNamespaces(3, async (a, b, c) => {
      await router(a, b, c);
      const server = await a.listen({ host: '0.0.0.0', device: 'vb' });
      const udp = await a.createSocket('udp4', { device: 'vc' });
      const atB = await b.listen({ host: '10.9.0.2' });
      try {
        const client = await a.connect({ host: '10.9.0.2', port: (atB.address() as AddressInfo).port, device: 'vb' });
        const { stdout } = await a.exec('ss', ['-Hatun']);
        const tcpPort = (server.address() as AddressInfo).port;
        expect(stdout).toMatch(new RegExp(`^tcp +LISTEN .* 0\\.0\\.0\\.0%vb:${tcpPort} `, 'm'));
        expect(stdout).toMatch(new RegExp(`^udp +UNCONN .* 0\\.0\\.0\\.0%vc:${udp.address().port} `, 'm'));
        expect(stdout).toMatch(new RegExp(`^tcp +ESTAB .* 10\\.9\\.0\\.1%vb:${client.localPort} +10\\.9\\.0\\.2:`, 'm'));
        client.destroy();
      } finally {
        server.close();
        udp.close();
        atB.close();
      }
    });
  });

  test('UDP bound to vc: what B sends to A is not received, and what it sends to B leaves by vc', async () => {
    await withNamespaces(3, async (a, b, c) => {
      await router(a, b, c);
      const onVc = await a.createSocket('udp4', { device: 'vc', port: 0 });
      const fromB = await b.createSocket('udp4');
      const atB = await b.createSocket('udp4', { address: '10.9.0.2' });
      try {
        const port = onVc.address().port;
        // B's datagram arrives on vb: a socket bound to vc does not get it.
        const rxVc = await rxPackets(a, 'vc');
        const missed = nextMessage(onVc, 300);
        fromB.send('to A', port, '10.9.0.1');
        expect(await missed).toBeUndefined();
        expect(await rxPackets(a, 'vb')).toBeGreaterThan(0);
        expect(await rxPackets(a, 'vc')).toBe(rxVc);
        // Sent to B's address, it goes out of vc (C hears the ARP query), never reaching B.
        const rxC = await rxPackets(c, 'c0');
        const rxB = await rxPackets(b, 'b0');
        const lost = nextMessage(atB, 300);
        onVc.send('to B', atB.address().port, '10.9.0.2');
        expect(await lost).toBeUndefined();
        expect(await rxPackets(c, 'c0')).toBeGreaterThan(rxC);
        expect(await rxPackets(b, 'b0')).toBe(rxB);
      } finally {
        for (const s of [onVc, fromB, atB]) s.close();
      }
    });
  });

  test('an unknown device is ENODEV from setsockopt; a bad one a TypeError before any socket', async () => {
    await withNamespaces(1, async (a) => {
      await ip(a, ['link', 'set', 'lo', 'up']);
      const server = await a.listen({ host: '127.0.0.1' });
      try {
        const { port } = server.address() as AddressInfo;
        await expect(a.connect({ host: '10.9.0.2', port, device: 'nope0' })).rejects.toMatchObject({ code: 'ENODEV', syscall: 'setsockopt' });
        await expect(a.listen({ device: 'nope0' })).rejects.toMatchObject({ code: 'ENODEV', syscall: 'setsockopt' });
        await expect(a.createSocket('udp4', { device: 'nope0' })).rejects.toMatchObject({ code: 'ENODEV', syscall: 'setsockopt' });
        // Checked before any socket is made: an index is no device name.
        await expect(a.listen({ device: 3 as unknown as string })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
      } finally {
        server.close();
      }
    });
  });
});
