// The socket options' addresses are parsed once, by their schema, and the sockets are bound to them.
import type { AddressInfo } from 'node:net';
import * as ip from '../../lib/specs/ip';
import { ip as ipCmd, withNamespaces } from '../helpers';

test('listen, connect with localAddress and createSocket: one parse per address, bound where asked', async () => {
  await withNamespaces(1, async (ns) => {
    await ipCmd(ns, ['link', 'set', 'lo', 'up']);
    await ipCmd(ns, ['addr', 'add', '127.0.0.2/8', 'dev', 'lo']);
    const spy = jest.spyOn(ip, 'parseAddress');
    const server = await ns.listen({ host: '127.0.0.1' });
    let client: Awaited<ReturnType<typeof ns.connect>> | undefined;
    let udp: Awaited<ReturnType<typeof ns.createSocket>> | undefined;
    try {
      const counts = [spy.mock.calls.length];
      const { port } = server.address() as AddressInfo;
      const accepted = new Promise<string | undefined>((resolve) => server.once('connection', (s) => { resolve(s.remoteAddress); s.destroy(); }));
      client = await ns.connect({ host: '127.0.0.1', port, localAddress: '127.0.0.2' });
      counts.push(spy.mock.calls.length);
      udp = await ns.createSocket('udp4', { address: '127.0.0.1' });
      counts.push(spy.mock.calls.length);
      expect(counts).toEqual([1, 3, 4]);
      // The kernel's view of the sockets: the server's address, the client's source as the server saw it.
      expect(server.address()).toMatchObject({ address: '127.0.0.1' });
      expect(await accepted).toBe('127.0.0.2');
      expect(udp.address()).toMatchObject({ address: '127.0.0.1' });
    } finally {
      spy.mockRestore();
      client?.destroy();
      udp?.close();
      await new Promise((r) => server.close(r));
    }
  });
});
