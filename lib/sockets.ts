// Sockets inside a namespace: made there natively (a socket keeps its namespace for life), bound
// natively, then adopted by Node's own net.Server, net.Socket and dgram.Socket through their fd.
import dgram from 'node:dgram';
import net from 'node:net';
import { native } from './native';
import type { ParsedAddress } from './specs/ip';
import { invalidArgValue } from './errors';
import type { ConnectOptions, ListenOptions, UdpOptions } from './types/socket';
import { connectOptionsSchema, listenOptionsSchema, udpOptionsSchema } from './specs/socket';

// The options' addresses come parsed from their schema; these are the defaults, written out (this
// module loads on first use, and loading it parses nothing).
const ANY4: ParsedAddress = { family: 4, af: 2, bytes: Buffer.alloc(4), text: '0.0.0.0' };
const ANY6: ParsedAddress = { family: 6, af: 10, bytes: Buffer.alloc(16), text: '::' };

// Made and bound (to the device first) by the addon's namespace thread: the event loop waits for neither.
function openBound(nsFd: number, kind: 'tcp' | 'udp', addr: ParsedAddress, port: number, reuse: boolean, v6Only: boolean | undefined, device: unknown): Promise<number> {
  return native.openInetSocket(nsFd, addr.family, kind, addr.bytes, port, reuse, addr.family === 6 ? v6Only ?? false : undefined, device as string | undefined);
}

export async function listenIn(nsFd: number, options: ListenOptions = {}): Promise<net.Server> {
  const o = listenOptionsSchema.parse(options, 'options');
  const backlog = o.backlog as number | undefined;
  const fd = await openBound(nsFd, 'tcp', (o.host as ParsedAddress | undefined) ?? ANY6, (o.port as number | undefined) ?? 0, true, o.ipv6Only as boolean | undefined, o.device);
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ fd, backlog }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

export async function connectIn(nsFd: number, options: ConnectOptions): Promise<net.Socket> {
  const o = connectOptionsSchema.parse(options, 'options');
  const port = o.port as number;
  const remote = o.host as ParsedAddress;
  let fd: number;
  if (o.localAddress !== undefined) {
    const local = o.localAddress as ParsedAddress;
    if (local.family !== remote.family) throw invalidArgValue('options.localAddress', local.text, 'must be of the same family as host');
    fd = await openBound(nsFd, 'tcp', local, 0, false, undefined, o.device);
  } else {
    fd = await native.openInetSocket(nsFd, remote.family, 'tcp', undefined, 0, false, undefined, o.device as string | undefined);
  }
  const socket = new net.Socket({ fd, readable: true, writable: true });
  return new Promise((resolve, reject) => {
    const fail = (err: Error): void => { socket.destroy(); reject(err); };
    socket.once('error', fail);
    socket.connect(port, remote.text, () => {
      socket.off('error', fail);
      resolve(socket);
    });
  });
}

export async function createSocketIn(nsFd: number, type: 'udp4' | 'udp6', options: UdpOptions = {}): Promise<dgram.Socket> {
  if (type !== 'udp4' && type !== 'udp6') throw invalidArgValue('type', type, "must be 'udp4' or 'udp6'");
  const o = udpOptionsSchema.parse(options, 'options');
  const host = (o.address as ParsedAddress | undefined) ?? (type === 'udp4' ? ANY4 : ANY6);
  if ((host.family === 4) !== (type === 'udp4')) throw invalidArgValue('options.address', host.text, `must be an IPv${type === 'udp4' ? 4 : 6} address`);
  const fd = await openBound(nsFd, 'udp', host, (o.port as number | undefined) ?? 0, false, o.ipv6Only as boolean | undefined, o.device);
  const socket = dgram.createSocket(type);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ fd }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return socket;
}
