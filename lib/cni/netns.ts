// The namespaces a CNI command works in: the one this process runs in plays the host, CNI_NETNS
// names the container's (a path, opened as it is).
import { Namespace } from '../namespace';
import { CNI_ERR, CniError } from './errors';
import type { CniEnv } from './env';

/**
 * The container's namespace (CNI_NETNS, or what the server's client opened for it), or undefined
 * when the path names none (gone, or a stale mount point) and it is not required.
 */
export function openContainer(env: CniEnv, required: boolean): Namespace | undefined {
  try {
    if (!env.passed) return Namespace.fromPath(env.netns);
    if (env.passed.container) return env.passed.container;
    throw env.passed.containerError ?? Object.assign(new Error('not passed by the client'), { code: 'EINVAL' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!required && (code === 'ENOENT' || code === 'EINVAL')) return undefined;
    throw new CniError(CNI_ERR.internal, `failed to open netns "${env.netns}": ${(err as Error).message}`);
  }
}

/** A sysctl key for a device: a dot inside the name is written '/', as sysctl(8) takes it. */
export const devSysctl = (family: 'ipv4' | 'ipv6', dev: string, leaf: string): string => `net.${family}.conf.${dev.replace(/\./g, '/')}.${leaf}`;

/** Is this error the kernel's "no such device"? */
export const isNoDevice = (err: unknown): boolean => ['ENODEV', 'ENOENT'].includes((err as { code?: string }).code ?? '');
