// Sockets inside namespaces: real traffic between namespaces the test made, and overlapping
// addresses that stay apart.
import type { AddressInfo } from 'node:net';
import { ip, nameOf, withNamespaces } from '../helpers';

async function readAll(socket: import('node:net').Socket): Promise<string> {
  let data = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => { data += d; });  // a string: the encoding is set
  await new Promise((r) => socket.on('end', r));
  return data;
}

describe('sockets in a namespace', () => {
  test('a TCP server in one namespace answers a client in another over a veth pair', async () => {
    await withNamespaces(2, async (a, b) => {
      await ip(a, ['link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb', 'netns', nameOf(b)]);
      await ip(a, ['addr', 'add', '10.9.0.1/24', 'dev', 'va']);
      await ip(b, ['addr', 'add', '10.9.0.2/24', 'dev', 'vb']);
      await ip(a, ['link', 'set', 'va', 'up']);
      await ip(b, ['link', 'set', 'vb', 'up']);
      const server = await a.listen({ host: '10.9.0.1' });
      server.on('connection', (s) => s.end(`hello ${s.remoteAddress} from ${a.name}`));
      try {
        const { port } = server.address() as AddressInfo;
        const client = await b.connect({ host: '10.9.0.1', port });
        expect(client.localAddress).toBe('10.9.0.2');
        expect(await readAll(client)).toBe(`hello 10.9.0.2 from ${a.name}`);
      } finally {
        server.close();
      }
    });
  });

  test('the same address and port in two namespaces are two different servers', async () => {
    await withNamespaces(2, async (a, b) => {
      for (const ns of [a, b]) await ip(ns, ['link', 'set', 'lo', 'up']);
      const sa = await a.listen({ host: '127.0.0.1' });
      const port = (sa.address() as AddressInfo).port;
      const sb = await b.listen({ host: '127.0.0.1', port });  // no EADDRINUSE: another namespace
      sa.on('connection', (s) => s.end(nameOf(a)));
      sb.on('connection', (s) => s.end(nameOf(b)));
      try {
        expect(await readAll(await a.connect({ host: '127.0.0.1', port }))).toBe(a.name);
        expect(await readAll(await b.connect({ host: '127.0.0.1', port }))).toBe(b.name);
        await expect(a.listen({ host: '127.0.0.1', port })).rejects.toMatchObject({ code: 'EADDRINUSE', syscall: 'bind' });
      } finally {
        sa.close();
        sb.close();
      }
    });
  });

  test('UDP between namespaces', async () => {
    await withNamespaces(2, async (a, b) => {
      await ip(a, ['link', 'add', 'ua', 'type', 'veth', 'peer', 'name', 'ub', 'netns', nameOf(b)]);
      await ip(a, ['addr', 'add', '10.9.1.1/24', 'dev', 'ua']);
      await ip(b, ['addr', 'add', '10.9.1.2/24', 'dev', 'ub']);
      await ip(a, ['link', 'set', 'ua', 'up']);
      await ip(b, ['link', 'set', 'ub', 'up']);
      const rx = await a.createSocket('udp4', { address: '10.9.1.1' });
      const tx = await b.createSocket('udp4');
      try {
        const got = new Promise<[string, string]>((resolve) => rx.once('message', (m, r) => resolve([m.toString(), r.address])));
        tx.send('ping over udp', rx.address().port, '10.9.1.1');
        expect(await got).toEqual(['ping over udp', '10.9.1.2']);
      } finally {
        rx.close();
        tx.close();
      }
    });
  });

  test('errors: names are not resolved, missing addresses and refused connections', async () => {
    await withNamespaces(1, async (a) => {
      await expect(a.listen({ host: 'localhost' })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
      await expect(a.listen({ port: 70000 })).rejects.toMatchObject({ code: 'ERR_OUT_OF_RANGE' });
      await expect(a.createSocket('udp4', { address: '::1' })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
      // A namespace with no address has no local table yet and the kernel lets any bind pass;
      // once it has one, an address that is not local is refused.
      await ip(a, ['link', 'set', 'lo', 'up']);
      await expect(a.listen({ host: '10.123.0.1' })).rejects.toMatchObject({ code: 'EADDRNOTAVAIL' });
      await expect(a.connect({ host: '127.0.0.1', port: 9 })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    });
  });
});
