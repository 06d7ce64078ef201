// netns-cni's entry: the environment and stdin read and checked as libcni's skel does, the command
// run, the result or the error JSON printed on stdout (exit 0 or 1). handle() is that work with
// the environment and stdin given and the output returned, shared by the process (main) and the
// server (server.ts). Only what the command needs is loaded: VERSION and a refused request never
// load the addon.
import { readFileSync } from 'node:fs';
import { CNI_ERR, CniError, asCniError, errorResult } from './errors';
import { checkAttachment, parseCniArgs, readEnv, type CniEnv, type PassedNamespaces } from './env';
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
  const host = env.passed?.host ?? (await import('../namespace')).Namespace.current();
  try {
    switch (env.command) {
      case 'ADD': {
        const { openContainer } = await import('./netns');
        const container = openContainer(env, true)!;
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
        const container = openContainer(env, true)!;
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

/** One command's input: the process's environment and stdin, or what the server's client sent. */
export interface CniCall {
  vars: Readonly<Record<string, string | undefined>>;
  /** Reads stdin (VERSION reads it only when it needs it). */
  stdin: () => string;
  /** The server's: the namespaces the client passed (the host, and the container). */
  passed?: PassedNamespaces;
}

/** What the plugin prints and its exit status. */
export interface CniReply { stdout: string; stderr: string; code: number }

/** Runs one command; never rejects (every failure is the error result, status 1). */
export async function handle(call: CniCall): Promise<CniReply> {
  if (!call.vars.CNI_COMMAND) {
    // libcni's skel: no command at all prints what the plugin is, and is no error.
    return { stdout: '', stderr: `${ABOUT}\n`, code: 0 };
  }
  let version = SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1] as string;
  try {
    const env = readEnv(call.vars, call.passed);
    if (env.command === 'VERSION') {
      // The input is optional here: no stdin, or none that parses, asks for no particular version.
      let asked: unknown;
      try { asked = (JSON.parse(call.stdin()) as { cniVersion?: unknown }).cniVersion; } catch { /* none given */ }
      return { stdout: `${JSON.stringify(versionResult(asked))}\n`, stderr: '', code: 0 };
    }
    const stdin = call.stdin();
    const base = parseBase(stdin);
    version = base.cniVersion;
    if (env.command !== 'STATUS' && env.command !== 'GC') checkAttachment(env);
    return { stdout: await run(env, stdin, base), stderr: '', code: 0 };
  } catch (err) {
    return { stdout: printJson(errorResult(asCniError(err), version)), stderr: '', code: 1 };
  }
}

/** Runs the plugin with this process's environment and stdin; resolves with the exit status. */
export async function main(): Promise<number> {
  const reply = await handle({ vars: process.env, stdin: readStdin });
  if (reply.stderr) process.stderr.write(reply.stderr);
  if (reply.stdout) process.stdout.write(reply.stdout);
  return reply.code;
}
