// Sockets inside a namespace: made there natively (a socket keeps its namespace for life), bound
// natively, then adopted by Node's own net.Server, net.Socket and dgram.Socket through their fd.
import dgram from 'node:dgram';
import net from 'node:net';
import { native } from './native';
import { parseAddress } from './ip';
import { invalidArgValue } from './errors';
import { validateBoolean, validateInteger, validateObject } from './validate';

export interface ListenOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** An IP literal inside the namespace; default '::' (all addresses, IPv4 too unless ipv6Only). */
  host?: string;
  backlog?: number;
  ipv6Only?: boolean;
}

export interface ConnectOptions {
  port: number;
  /** An IP literal: names are not resolved, since the host's resolver may not apply inside the namespace. */
  host: string;
  /** Local address to bind before connecting. */
  localAddress?: string;
}

export interface UdpOptions {
  /** Local address (default: any) and port (default: 0) to bind to. */
  address?: string;
  port?: number;
  ipv6Only?: boolean;
}

function openBound(nsFd: number, kind: 'tcp' | 'udp', host: string, port: number, reuse: boolean, v6Only?: boolean): number {
  const addr = parseAddress(host, 'host');
  const fd = native.openInetSocket(nsFd, addr.family, kind);
  try {
    native.bindInet(fd, addr.bytes, port, reuse, addr.family === 6 ? v6Only ?? false : undefined);
  } catch (err) {
    native.closeFd(fd);
    throw err;
  }
  return fd;
}

export async function listenIn(nsFd: number, options: ListenOptions = {}): Promise<net.Server> {
  validateObject(options, 'options');
  const port = validateInteger(options.port ?? 0, 'options.port', 0, 65535);
  const backlog = options.backlog === undefined ? undefined : validateInteger(options.backlog, 'options.backlog', 1, 0x7fffffff);
  const v6Only = options.ipv6Only === undefined ? undefined : validateBoolean(options.ipv6Only, 'options.ipv6Only');
  const fd = openBound(nsFd, 'tcp', options.host ?? '::', port, true, v6Only);
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
  validateObject(options, 'options');
  const port = validateInteger(options.port, 'options.port', 1, 65535);
  const remote = parseAddress(options.host, 'options.host');
  let fd: number;
  if (options.localAddress !== undefined) {
    const local = parseAddress(options.localAddress, 'options.localAddress');
    if (local.family !== remote.family) throw invalidArgValue('options.localAddress', options.localAddress, 'must be of the same family as host');
    fd = openBound(nsFd, 'tcp', options.localAddress, 0, false);
  } else {
    fd = native.openInetSocket(nsFd, remote.family, 'tcp');
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
  validateObject(options, 'options');
  const port = validateInteger(options.port ?? 0, 'options.port', 0, 65535);
  const host = options.address ?? (type === 'udp4' ? '0.0.0.0' : '::');
  const family = parseAddress(host, 'options.address').family;
  if ((family === 4) !== (type === 'udp4')) throw invalidArgValue('options.address', host, `must be an IPv${type === 'udp4' ? 4 : 6} address`);
  const v6Only = options.ipv6Only === undefined ? undefined : validateBoolean(options.ipv6Only, 'options.ipv6Only');
  const fd = openBound(nsFd, 'udp', host, port, false, v6Only);
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
