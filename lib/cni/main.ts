// netns-cni's entry: the environment and stdin read and checked as libcni's skel does, the command
// run, the result or the error JSON printed on stdout (exit 0 or 1). Only what the command needs
// is loaded: VERSION and a refused request never load the addon.
import { readFileSync } from 'node:fs';
import { CNI_ERR, CniError, asCniError, errorResult } from './errors';
import { checkAttachment, parseCniArgs, readEnv, type CniEnv } from './env';
import { parseBase, parseBridgeConf, type BaseConf } from './config';
import { checkSupported, requireAtLeast, SUPPORTED_VERSIONS, versionResult } from './version';
import { formatResult, printJson } from './result';

const ABOUT = `CNI netns-bridge plugin (netns)\nCNI protocol versions supported: ${SUPPORTED_VERSIONS.join(', ')}`;

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch (err) {
    // A non-blocking stdin with nothing written reads as empty; anything else is an I/O failure.
    if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return '';
    throw new CniError(CNI_ERR.ioFailure, `error reading from stdin: ${(err as Error).message}`);
  }
}

/** Runs one command; resolves with what to print on stdout ('' for nothing). */
async function run(env: CniEnv, stdin: string, base: BaseConf): Promise<string> {
  checkSupported(base.cniVersion);
  if (env.command === 'CHECK') requireAtLeast(base.cniVersion, '0.4.0', 'CHECK');
  if (env.command === 'STATUS' || env.command === 'GC') requireAtLeast(base.cniVersion, '1.1.0', env.command);
  const conf = parseBridgeConf(base, parseCniArgs(env.args, ['MAC']).MAC);
  // The library loads here, after every check that needs none of it.
  const { Namespace } = await import('../namespace');
  const host = Namespace.current();
  try {
    switch (env.command) {
      case 'ADD': {
        const { openContainer } = await import('./netns');
        const container = openContainer(env.netns, true)!;
        try {
          const { bridgeAdd } = await import('./bridge-add');
          return printJson(formatResult(await bridgeAdd(host, container, env, conf, stdin), conf.cniVersion));
        } finally { container.close(); }
      }
      case 'DEL': {
        const { bridgeDel } = await import('./bridge-del');
        await bridgeDel(host, env, conf, stdin);
        return '';
      }
      case 'CHECK': {
        const { openContainer } = await import('./netns');
        const container = openContainer(env.netns, true)!;
        try {
          const { bridgeCheck } = await import('./bridge-check');
          await bridgeCheck(host, container, env, conf, stdin);
          return '';
        } finally { container.close(); }
      }
      default: {
        const { bridgeStatus, bridgeGc } = await import('./status-gc');
        await (env.command === 'STATUS' ? bridgeStatus(host, env, conf, stdin) : bridgeGc(host, env, conf, stdin));
        return '';
      }
    }
  } finally {
    host.close();
  }
}

/** Runs the plugin with this process's environment and stdin; resolves with the exit status. */
export async function main(): Promise<number> {
  if (!process.env.CNI_COMMAND) {
    // libcni's skel: no command at all prints what the plugin is, and is no error.
    process.stderr.write(`${ABOUT}\n`);
    return 0;
  }
  let version = SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1] as string;
  try {
    const env = readEnv(process.env);
    if (env.command === 'VERSION') {
      // The input is optional here: no stdin, or none that parses, asks for no particular version.
      let asked: unknown;
      try { asked = (JSON.parse(readStdin()) as { cniVersion?: unknown }).cniVersion; } catch { /* none given */ }
      process.stdout.write(`${JSON.stringify(versionResult(asked))}\n`);
      return 0;
    }
    const stdin = readStdin();
    const base = parseBase(stdin);
    version = base.cniVersion;
    if (env.command !== 'STATUS' && env.command !== 'GC') checkAttachment(env);
    const out = await run(env, stdin, base);
    if (out) process.stdout.write(out);
    return 0;
  } catch (err) {
    process.stdout.write(printJson(errorResult(asCniError(err), version)));
    return 1;
  }
}
