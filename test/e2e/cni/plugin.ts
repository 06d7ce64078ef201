// Runs a CNI plugin (Debian's containernetworking-plugins, or this project's netns-cni) inside the
// namespace that plays the host (never the test runner's own): config on stdin, CNI_* in the
// environment, result on stdout.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Namespace } from '../../../lib';

export const CNI_PATH = '/usr/lib/cni';

/** A plugin as the runtime starts it: the executable and its arguments. */
export interface PluginCommand { file: string; args: string[] }

/** netns-cni as compiled by `npm test`'s pretest (tsc): node running the script its shebang names. */
export const NETNS_CNI: PluginCommand = { file: process.execPath, args: [resolve(__dirname, '../../../dist/bin/netns-cni.js')] };

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

/**
 * Runs `CNI_PATH/plugin` (or the command given) in `host`; resolves with the parsed result (ADD) or
 * null (DEL/CHECK print nothing).
 */
export async function runPlugin(host: Namespace, plugin: string | PluginCommand, args: CniArgs, config: object): Promise<unknown> {
  if (!args.container.name) throw new Error('the container namespace needs a name for CNI_NETNS');
  const { file, args: argv } = typeof plugin === 'string' ? { file: `${CNI_PATH}/${plugin}`, args: [] } : plugin;
  const { stdout, stderr, code } = await host.exec(file, argv, {
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
  if (code !== 0) throw new Error(`${[file, ...argv].join(' ')} ${args.command} exited ${code}: ${stdout}${stderr}`);
  return stdout.trim() ? JSON.parse(stdout) : null;
}

/**
 * Promise.all that waits for every run before it rejects with the first failure, so that no plugin
 * process (and its pipes) is left running when the test deletes the namespaces and ends.
 */
export async function allRuns<T>(runs: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(runs);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}
