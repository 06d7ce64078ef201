// Processes inside a namespace (ip netns exec): a real ChildProcess started through the
// netns-exec helper built from native/exec_helper.cc, which joins the namespace, remounts /sys
// and binds /etc/netns/NAME/* in a private mount namespace, then execs the command.
import { spawn as spawnChild, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { getSystemErrorName } from 'node:util';
import { packageRoot } from './native';
import { invalidArgType } from './errors';

let helper: string | undefined;

/** The helper next to the addon: a local build first, then the prebuild (node-gyp-build's order). */
export function execHelperPath(): string {
  if (helper) return helper;
  const candidates = [
    path.join(packageRoot, 'build', 'Release', 'artifacts', 'netns-exec'),
    path.join(packageRoot, 'build', 'Debug', 'artifacts', 'netns-exec'),
    path.join(packageRoot, 'prebuilds', `${process.platform}-${process.arch}`, 'netns-exec'),
  ];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`netns-exec helper not found (looked in ${candidates.join(', ')}): reinstall or run npm run compile`);
  return (helper = found);
}

export interface NamespaceTarget {
  /** The namespace's open fd: the child inherits it, so it joins exactly this namespace. */
  fd: number;
  /** For named namespaces: /etc/netns/NAME/* is bound over /etc, as ip netns exec does. */
  name?: string;
}

function checkCommand(command: unknown, args: unknown): string[] {
  if (typeof command !== 'string' || command.length === 0) throw invalidArgType('command', 'a non-empty string', command);
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) throw invalidArgType('args', 'an array of strings', args);
  return args as string[];
}

type StdioEntry = NonNullable<Exclude<SpawnOptions['stdio'], string>>[number];

/** The caller's stdio plus the namespace fd in the first free slot from 3 on. */
function stdioWithNamespace(stdio: SpawnOptions['stdio'], nsFd: number): { stdio: StdioEntry[]; slot: number } {
  const base: StdioEntry[] = stdio === undefined ? ['pipe', 'pipe', 'pipe']
    : typeof stdio === 'string' ? [stdio, stdio, stdio] : [...stdio];
  while (base.length < 3) base.push('pipe');
  const slot = base.length;
  base.push(nsFd);
  return { stdio: base, slot };
}

export function spawnIn(target: NamespaceTarget, command: string, args: readonly string[] = [], options: SpawnOptions = {}): ChildProcess {
  const argv = checkCommand(command, args);
  const { stdio, slot } = stdioWithNamespace(options.stdio, target.fd);
  return spawnChild(execHelperPath(), [String(slot), target.name ?? '', command, ...argv], { ...options, stdio });
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Exit status, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ExecOptions extends Omit<SpawnOptions, 'stdio'> {
  /** Written to the child's stdin, which is then closed. */
  input?: string | Buffer;
}

const HELPER_FAILURE = /^netns-exec: (\w+) '(.*)': .* \(errno (\d+)\)$/m;

/** Runs a command to completion; resolves with its output and status (a non-zero status is not an error). */
export function execIn(target: NamespaceTarget, command: string, args: readonly string[] = [], options: ExecOptions = {}): Promise<ExecResult> {
  const { input, ...spawnOptions } = options;
  const child = spawnIn(target, command, args, { ...spawnOptions, stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const stderr = Buffer.concat(err).toString();
      const failure = (code === 126 || code === 127) && HELPER_FAILURE.exec(stderr);
      if (failure) {
        // The command never ran: report it like spawn's own ENOENT/EACCES, naming the failed call.
        const errno = Number(failure[3]);
        const e = new Error(failure[0].slice('netns-exec: '.length)) as NodeJS.ErrnoException;
        e.errno = -errno;
        e.code = getSystemErrorName(-errno);
        e.syscall = failure[1];
        e.path = failure[1] === 'execvp' ? command : failure[2];
        reject(e);
        return;
      }
      resolve({ stdout: Buffer.concat(out).toString(), stderr, code, signal });
    });
    if (input !== undefined) child.stdin!.end(input);
    else child.stdin!.end();
  });
}
