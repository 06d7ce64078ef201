// Shared by the tests: unique names, namespaces that are always removed, and independent views
// of the kernel's state through iproute2 (`ip -j`).
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { Namespace } from '../lib';

const execFileP = promisify(execFile);

/** Every namespace the tests make starts with this; the global teardown looks for leftovers. */
export const TEST_PREFIX = `nstest-${process.env.NETNS_TEST_RUN ?? 'adhoc'}-`;

let counter = 0;
export function uniqueName(tag = 'ns'): string {
  return `${TEST_PREFIX}${tag}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Runs fn with `count` fresh named namespaces, deleting them afterwards whatever happens. */
export async function withNamespaces<T>(count: number, fn: (...ns: Namespace[]) => T | Promise<T>): Promise<T> {
  const made: Namespace[] = [];
  try {
    for (let i = 0; i < count; i++) made.push(await Namespace.create(uniqueName()));
    return await fn(...made);
  } finally {
    for (const ns of made) {
      try { await ns.delete(); } catch { /* the test may have deleted it */ }
    }
  }
}

/** `ip -j ARGS` parsed; throws with ip's stderr when it fails. */
export async function ipJson<T = any>(args: string[]): Promise<T> {
  const { stdout } = await execFileP('ip', ['-j', ...args], { maxBuffer: 256 << 20 });  // tables of many thousand routes
  return (stdout.trim() ? JSON.parse(stdout) : []) as T;
}

/** `ip ARGS` in namespace ns (ip -n NAME ...), for setting up state the library then reads. */
export async function ip(ns: Namespace | null, args: string[]): Promise<string> {
  const full = ns ? ['-n', nameOf(ns), ...args] : args;
  const { stdout } = await execFileP('ip', full);
  return stdout;
}

export function ipSync(args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8' });
}

export function nameOf(ns: Namespace): string {
  if (!ns.name) throw new Error('test namespace has no name');
  return ns.name;
}

/** Is this link kind available in the running kernel? (creates and deletes one in ns) */
export async function kernelHasKind(ns: Namespace, kind: string, extra: string[] = []): Promise<boolean> {
  try {
    await ip(ns, ['link', 'add', 'probe0', 'type', kind, ...extra]);
    await ip(ns, ['link', 'del', 'probe0']);
    return true;
  } catch {
    return false;
  }
}
