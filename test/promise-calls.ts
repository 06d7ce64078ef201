// Every promise-returning method of the collections (and the namespace's sockets), each called
// with good arguments, for tests that make the call fail (closed handle, EMFILE, EPERM) and check
// that the failure arrives through the promise, never as a synchronous throw. Also loaded by
// child processes (test/ts-child.ts), so it imports nothing from jest.
import type { Namespace } from '../lib';

type Call = (ns: Namespace, other: Namespace) => Promise<unknown>;

export const CALLS: Array<[string, Call]> = [
  ['links.list', (ns) => ns.links.list()],
  ['links.get', (ns) => ns.links.get('lo')],
  ['links.indexOf', (ns) => ns.links.indexOf('lo')],
  ['links.add', (ns) => ns.links.add({ kind: 'veth', name: 'pv0', peer: { name: 'pv1' } })],
  ['links.set', (ns) => ns.links.set('lo', { mtu: 1400 })],
  ['links.set (by index)', (ns) => ns.links.set(1, { mtu: 1400 })],
  ['links.set (rename)', (ns) => ns.links.set('lo', { name: 'lo2' })],
  ['links.set (namespace)', (ns, other) => ns.links.set('lo', { namespace: other })],
  ['links.delete', (ns) => ns.links.delete('lo')],
  ['addresses.list', (ns) => ns.addresses.list()],
  ['addresses.add', (ns) => ns.addresses.add('lo', '10.90.0.1/24')],
  ['addresses.replace', (ns) => ns.addresses.replace('lo', '10.90.0.1/24')],
  ['addresses.delete', (ns) => ns.addresses.delete('lo', '10.90.0.1/24')],
  ['routes.list', (ns) => ns.routes.list()],
  ['routes.add', (ns) => ns.routes.add({ dst: '10.91.0.0/24', type: 'blackhole' })],
  ['routes.add (dev name)', (ns) => ns.routes.add({ dst: '10.91.1.0/24', dev: 'lo' })],
  ['routes.add (dev index)', (ns) => ns.routes.add({ dst: '10.91.2.0/24', dev: 1 })],
  ['routes.replace', (ns) => ns.routes.replace({ dst: '10.91.0.0/24', type: 'blackhole' })],
  ['routes.delete', (ns) => ns.routes.delete({ dst: '10.91.0.0/24', type: 'blackhole' })],
  ['routes.get', (ns) => ns.routes.get('127.0.0.1')],
  ['routes.stream().next', (ns) => ns.routes.stream().next()],
  ['rules.list', (ns) => ns.rules.list()],
  ['rules.add', (ns) => ns.rules.add({ priority: 100, table: 100 })],
  ['rules.delete', (ns) => ns.rules.delete({ priority: 100, table: 100 })],
  ['neighbors.list', (ns) => ns.neighbors.list()],
  ['neighbors.add', (ns) => ns.neighbors.add({ dev: 'lo', address: '10.90.0.2', lladdr: '02:00:00:00:00:01' })],
  ['neighbors.replace', (ns) => ns.neighbors.replace({ dev: 'lo', address: '10.90.0.2', lladdr: '02:00:00:00:00:01' })],
  ['neighbors.delete', (ns) => ns.neighbors.delete({ dev: 'lo', address: '10.90.0.2' })],
  ['nexthops.list', (ns) => ns.nexthops.list()],
  ['nexthops.add', (ns) => ns.nexthops.add({ id: 7, blackhole: true })],
  ['nexthops.replace', (ns) => ns.nexthops.replace({ id: 7, blackhole: true })],
  ['nexthops.delete', (ns) => ns.nexthops.delete(7)],
  ['nexthops.get', (ns) => ns.nexthops.get(7)],
  ['fdb.list', (ns) => ns.fdb.list()],
  ['fdb.add', (ns) => ns.fdb.add({ dev: 'lo', lladdr: '02:00:00:00:00:02' })],
  ['fdb.replace', (ns) => ns.fdb.replace({ dev: 'lo', lladdr: '02:00:00:00:00:02' })],
  ['fdb.delete', (ns) => ns.fdb.delete({ dev: 'lo', lladdr: '02:00:00:00:00:02' })],
  ['sysctl.get', (ns) => ns.sysctl.get('net.ipv4.ip_forward')],
  ['sysctl.set', (ns) => ns.sysctl.set('net.ipv4.ip_forward', 1)],
  ['listen', (ns) => ns.listen({ host: '127.0.0.1' })],
  ['connect', (ns) => ns.connect({ host: '127.0.0.1', port: 9 })],
  ['createSocket', (ns) => ns.createSocket('udp4')],
];

export interface Outcome {
  call: string;
  /** The message of a synchronous throw: always a bug for these methods. */
  threw?: string;
  /** How the promise settled: the error's class and code, or 'fulfilled'. */
  settled?: string;
}

/** Makes every call, all in the same tick, and reports how each failed. */
export async function callAll(ns: Namespace, other: Namespace): Promise<Outcome[]> {
  const started = CALLS.map(([call, fn]): [string, Promise<unknown> | string] => {
    try {
      return [call, fn(ns, other)];
    } catch (err) {
      return [call, String((err as Error).message)];
    }
  });
  // Every promise gets its handler now (each async arrow runs to its await in this map): one left
  // waiting would be an unhandled rejection.
  return Promise.all(started.map(async ([call, p]): Promise<Outcome> => {
    if (typeof p === 'string') return { call, threw: p };
    try {
      await p;
      return { call, settled: 'fulfilled' };
    } catch (err) {
      const e = err as Error & { code?: string };
      return { call, settled: `${e.name} ${e.code}` };
    }
  }));
}
