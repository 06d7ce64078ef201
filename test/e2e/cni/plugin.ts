// Runs a CNI plugin binary from Debian's containernetworking-plugins inside the namespace that plays
// the host (never the test runner's own): config on stdin, CNI_* in the environment, result on stdout.
import { existsSync } from 'node:fs';
import type { Namespace } from '../../../lib';

export const CNI_PATH = '/usr/lib/cni';

/** Is the plugin installed? (.ci/run installs containernetworking-plugins.) */
export function hasPlugin(name: string): boolean {
  return existsSync(`${CNI_PATH}/${name}`);
}

/** What CNI_* variables name: the container and the interface to make there. */
export interface CniArgs {
  command: 'ADD' | 'DEL' | 'CHECK';
  containerId: string;
  /** The container's namespace: named, so that the plugin can open /run/netns/NAME. */
  container: Namespace;
  ifName: string;
}

/** Runs `CNI_PATH/plugin` in `host`; resolves with the parsed result (ADD) or null (DEL/CHECK print nothing). */
export async function runPlugin(host: Namespace, plugin: string, args: CniArgs, config: object): Promise<unknown> {
  if (!args.container.name) throw new Error('the container namespace needs a name for CNI_NETNS');
  const { stdout, stderr, code } = await host.exec(`${CNI_PATH}/${plugin}`, [], {
    input: JSON.stringify(config),
    env: {
      PATH: process.env.PATH,
      CNI_COMMAND: args.command,
      CNI_CONTAINERID: args.containerId,
      CNI_NETNS: `/run/netns/${args.container.name}`,
      CNI_IFNAME: args.ifName,
      CNI_PATH,
    },
  });
  if (code !== 0) throw new Error(`${plugin} ${args.command} exited ${code}: ${stdout}${stderr}`);
  return stdout.trim() ? JSON.parse(stdout) : null;
}
