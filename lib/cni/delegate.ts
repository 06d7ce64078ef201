// Delegated plugins (IPAM): found in CNI_PATH, run with the command's environment and CNI_COMMAND
// replaced, the same configuration on stdin, in the host's namespace; their stderr passes on once
// they exit (the server's goes in its reply), a failure's error JSON comes back as it is (code
// and message kept), as libcni's invoke package does.
import { statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { native } from '../native';
import { CNI_ERR, CniError } from './errors';
import type { CniEnv } from './env';

/** The first regular file named plugin in the CNI_PATH directories. */
export function findInPath(plugin: string, paths: readonly string[]): string {
  if (!plugin) throw new CniError(CNI_ERR.internal, 'no plugin name provided');
  if (plugin.includes('/')) throw new CniError(CNI_ERR.internal, `invalid plugin name: ${plugin}`);
  if (paths.length === 0) throw new CniError(CNI_ERR.internal, 'no paths provided');
  for (const dir of paths) {
    const full = join(dir, plugin);
    try {
      if (statSync(full).isFile()) return full;
    } catch { /* not in this directory */ }
  }
  throw new CniError(CNI_ERR.internal, `failed to find plugin "${plugin}" in path [${paths.join(' ')}]`);
}

interface Exit { code: number | null; signal: string | null; stdout: string; stderr: string }

/** The plugin in this process's namespace, through posix_spawn (a fork of Node costs more than the plugin's run). */
async function runHere(file: string, vars: Record<string, string | undefined>, stdin: string): Promise<Exit> {
  const env = Object.entries(vars).flatMap(([k, v]) => (v === undefined ? [] : [`${k}=${v}`]));
  const r = await native.cniExecDelegate(file, env, stdin);
  const signal = r.signal === null ? null : Object.entries(os.constants.signals).find(([, n]) => n === r.signal)?.[0] ?? String(r.signal);
  return { code: r.code, signal, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

/** Runs the delegated plugin for `command`; resolves with its parsed stdout (null when it printed nothing). */
export async function execDelegate(plugin: string, env: CniEnv, command: string, stdin: string): Promise<unknown> {
  const file = findInPath(plugin, env.path);
  const passed = env.passed;
  const vars = { ...env.vars, CNI_COMMAND: command };
  let r: Exit;
  try {
    // The server's host may be another namespace than its own: then the plugin is started in it.
    r = passed?.spawnInHost ? await passed.host.exec(file, [], { env: vars, input: stdin }) : await runHere(file, vars, stdin);
  } catch (err) {
    throw new CniError(CNI_ERR.internal, `netplugin failed: ${(err as Error).message}`);
  }
  if (r.stderr) {
    if (passed) passed.stderr.push(r.stderr);
    else process.stderr.write(r.stderr);
  }
  if (r.code !== 0) throw pluginError(r.stdout, r.code === null ? `signal ${r.signal}` : `exit status ${r.code}`);
  try {
    return r.stdout.trim() ? JSON.parse(r.stdout) : null;
  } catch (err) {
    throw new CniError(CNI_ERR.decodingFailure, `failed to parse ${plugin} result: ${(err as Error).message}`, r.stdout);
  }
}

// The delegated plugin's own error result when it printed one, else what its exit says.
function pluginError(stdout: string, status: string): CniError {
  if (!stdout.trim()) return new CniError(CNI_ERR.internal, `netplugin failed with no error message: ${status}`);
  try {
    const e = JSON.parse(stdout) as { code?: unknown; msg?: unknown; details?: unknown };
    const code = typeof e.code === 'number' ? e.code : CNI_ERR.internal;
    return new CniError(code, typeof e.msg === 'string' ? e.msg : stdout, typeof e.details === 'string' ? e.details : undefined);
  } catch {
    return new CniError(CNI_ERR.internal, `netplugin failed but error parsing its diagnostic message "${stdout}"`);
  }
}
