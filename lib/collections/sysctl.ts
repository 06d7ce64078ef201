// ns.sysctl: the namespace's own net.* settings (sysctl -w inside ip netns exec).
import type { NamespaceContext } from './context';
import { native } from '../native';
import { invalidArgType, invalidArgValue } from '../errors';

/**
 * 'net.ipv4.conf.v0/10.forwarding' -> '/proc/sys/net/ipv4/conf/v0.10/forwarding': dots separate
 * components and a '/' inside one stands for a dot, as in sysctl(8). Only net.* is per namespace,
 * so nothing else is accepted: a typo must never change a host-wide setting.
 */
export function sysctlPath(key: unknown): string {
  if (typeof key !== 'string') throw invalidArgType('key', 'of type string', key);
  const parts = key.split('.');
  if (parts[0] !== 'net' || parts.length < 2) throw invalidArgValue('key', key, 'must be a net.* sysctl (the per-namespace ones)');
  const components = parts.map((p) => p.replace(/\//g, '.'));
  if (components.some((c) => c === '' || c === '.' || c === '..' || c.includes('\0'))) {
    throw invalidArgValue('key', key, 'must be dot-separated non-empty names');
  }
  return `/proc/sys/${components.join('/')}`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidArgValue('value', value, 'must be a finite number');
    return String(value);
  }
  if (typeof value === 'string') return value;
  throw invalidArgType('value', 'a string, number or boolean', value);
}

/** The namespace's own net.* sysctls, read and written through /proc/sys/net inside it; `ns.sysctl`. */
export class Sysctl {
  /** Made by the namespace's `sysctl` getter. @internal */
  constructor(private readonly ns: NamespaceContext) {}

  /** The value as sysctl prints it, e.g. '0' or '4096\t131072\t6291456'. */
  async get(key: string): Promise<string> {
    const path = sysctlPath(key);
    return (await native.sysctl(this.ns.enterFd(), path)).replace(/\n$/, '');
  }

  /** Writes a value, like `sysctl -w KEY=VALUE` in the namespace: a boolean is written as 1 or 0. */
  async set(key: string, value: string | number | boolean): Promise<void> {
    const path = sysctlPath(key);
    await native.sysctl(this.ns.enterFd(), path, formatValue(value));
  }
}
