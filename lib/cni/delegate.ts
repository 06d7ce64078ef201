// Delegated plugins (IPAM): found in CNI_PATH, run with the command's environment and CNI_COMMAND
// replaced, the same configuration on stdin, in the host's namespace; their stderr passes through
// (the server collects it for its reply), a failure's error JSON comes back as it is (code and
// message kept), as libcni's invoke package does.
import { spawn, type SpawnOptions } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
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

/** Runs the delegated plugin for `command`; resolves with its parsed stdout (null when it printed nothing). */
export function execDelegate(plugin: string, env: CniEnv, command: string, stdin: string): Promise<unknown> {
  const file = findInPath(plugin, env.path);
  const passed = env.passed;
  return new Promise((resolve, reject) => {
    const options = { env: { ...env.vars, CNI_COMMAND: command }, stdio: ['pipe', 'pipe', passed ? 'pipe' : 'inherit'] } satisfies SpawnOptions;
    // The server's host may be another namespace than its own: then the plugin is started in it.
    const child = passed?.spawnInHost ? passed.host.spawn(file, [], options) : spawn(file, [], options);
    const out: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => passed!.stderr.push(b.toString()));
    child.on('error', (err) => reject(new CniError(CNI_ERR.internal, `netplugin failed: ${err.message}`)));
    child.stdin!.on('error', () => { /* the plugin may exit without reading: its status says what happened */ });
    child.stdin!.end(stdin);
    child.on('close', (code, signal) => {
      const text = Buffer.concat(out).toString();
      if (code === 0) {
        try {
          resolve(text.trim() ? JSON.parse(text) : null);
        } catch (err) {
          reject(new CniError(CNI_ERR.decodingFailure, `failed to parse ${plugin} result: ${(err as Error).message}`, text));
        }
        return;
      }
      reject(pluginError(text, code === null ? `signal ${signal}` : `exit status ${code}`));
    });
  });
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
