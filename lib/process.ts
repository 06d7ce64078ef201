// Processes inside a namespace (ip netns exec): a real ChildProcess started through the
// netns-exec helper built from native/exec_helper.cc, which joins the namespace, remounts /sys
// and binds /etc/netns/NAME/* in a private mount namespace, takes uid/gid, then execs the command.
// The helper reports on a close-on-exec status pipe: "+" (written right before execvp) then EOF
// means the command runs in the namespace ('spawn' is emitted only then); "ERRNO\0CALL\0ARG"
// after it, or nothing at all (the helper was killed during setup), means it never ran.
import { spawn as spawnChild, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { getSystemErrorName } from 'node:util';
import { packageRoot } from './native';
import { checkCommand, readExecOptions, readSpawnOptions, type ExecSettings, type SpawnSettings } from './specs/process-options';
import type { ExecOptions, ExecResult } from './types/process';

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

type StdioEntry = NonNullable<Exclude<SpawnOptions['stdio'], string>>[number];

/** The caller's stdio, then the namespace fd and the status pipe in the next two slots. */
function helperStdio(stdio: SpawnOptions['stdio'], nsFd: number): { stdio: StdioEntry[]; nsSlot: number; statusSlot: number } {
  const base: StdioEntry[] = stdio === undefined ? ['pipe', 'pipe', 'pipe']
    : typeof stdio === 'string' ? [stdio, stdio, stdio] : [...stdio];
  while (base.length < 3) base.push('pipe');
  const nsSlot = base.length;
  base.push(nsFd, 'pipe');
  return { stdio: base, nsSlot, statusSlot: nsSlot + 1 };
}

/** The error Node's spawn gives when the command cannot run; a setup call's own otherwise. */
function helperError(report: string, command: string, args: readonly string[]): NodeJS.ErrnoException {
  const [errnoText, call = '?', arg = '', detail = ''] = report.split('\0');
  const vrf = vrfError(call, arg, detail, Number(errnoText) || 0);
  if (vrf) return Object.assign(vrf, { spawnargs: [...args] });
  const errno = -Math.abs(Number(errnoText) || 0);
  let code: string;
  try { code = getSystemErrorName(errno); } catch { code = `E${-errno}`; }
  const syscall = call === 'execvp' ? `spawn ${command}` : call;
  const needsRoot = code === 'EPERM' && ['setns', 'unshare', 'mount'].includes(call) ? ' (needs CAP_SYS_ADMIN)' : '';
  const message = call === 'execvp' ? `${syscall} ${code}` : `${code}: ${call} '${arg}' failed in netns-exec${needsRoot}`;
  return Object.assign(new Error(message), { errno, code, syscall, path: call === 'execvp' ? command : arg, spawnargs: [...args] });
}

/**
 * The VRF step's own failures (native/vrf_cgroup.cc): the device is no VRF, or this system cannot
 * do what ip vrf exec does (no cgroup2 mount, no cgroup BPF), the reason in the message.
 */
function vrfError(call: string, arg: string, detail: string, errno: number): NodeJS.ErrnoException | undefined {
  if (call === 'vrf-kind') {
    const what = detail ? `a ${detail} device` : 'a device of no kind';
    return Object.assign(new Error(`options.vrf: '${arg}' is ${what}, not a VRF`), { code: 'ERR_NETNS_NOT_VRF', path: arg });
  }
  if (call === 'RTM_GETLINK' && errno === constants.errno.ENODEV) {
    const err = new Error(`ENODEV: options.vrf: no device '${arg}' in the namespace`);
    return Object.assign(err, { code: 'ENODEV', errno: -errno, syscall: call, path: arg });
  }
  if (call === 'vrf-unsupported') {
    const err = new Error(`options.vrf: the command cannot be run in a VRF here (what ip vrf exec does): ${arg}`);
    return Object.assign(err, { code: 'ERR_NETNS_VRF_EXEC_UNSUPPORTED', reason: arg }, errno ? { errno: -errno } : {});
  }
  return undefined;
}

/** The directory netns-exec made for a VRF's cgroup ("c" DIR "\n" ahead of its status), if any. */
function takeCgroup(text: string): { cgroup?: string; rest: string } {
  if (!text.startsWith('c')) return { rest: text };
  const end = text.indexOf('\n');
  return end < 0 ? { rest: '' } : { cgroup: text.slice(1, end), rest: text.slice(end + 1) };
}

/**
 * Removes a VRF cgroup once its command has exited, the deepest directories first. One that a
 * process the command left running still holds (EBUSY) stays, as ip vrf exec's own always do.
 */
function removeCgroup(dir: string): void {
  try {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) removeCgroup(path.join(dir, entry.name));
    }
    fs.rmdirSync(dir);
  } catch { /* gone already, or still in use */ }
}

/** Node's own stream options inherit from Object.prototype: a polluted `encoding` makes strings. */
function asBuffer(stream: Readable, data: Buffer | string): Buffer {
  return typeof data === 'string' ? Buffer.from(data, stream.readableEncoding ?? 'utf8') : data;
}

/** The helper's own name, which /proc/PID/stat shows until its execvp succeeds. */
const HELPER_COMM = '(netns-exec)';

/**
 * After "+" and EOF: whether the execvp succeeded. A helper killed after writing "+" (within
 * execvp) closes the pipe too: while it is not reaped, /proc/PID/stat still says whose it is.
 * Once reaped (its 'exit' already came) that cannot be told from the command killed at once:
 * it counts as having run, the one case that can be wrong, and only by the length of an execvp.
 */
function execSucceeded(child: ChildProcess, reaped: boolean, command: string): boolean {
  if (reaped || path.basename(command) === 'netns-exec') return true;
  try {
    return !fs.readFileSync(`/proc/${child.pid}/stat`, 'latin1').includes(` ${HELPER_COMM} `);
  } catch {
    return true;
  }
}

function setExitCode(child: ChildProcess, code: number): void {
  (child as { exitCode: number | null }).exitCode = code;
}

/**
 * Holds 'spawn', 'exit' and 'close' until the status pipe tells whether the command runs. Then
 * either replays them, or, as Node's spawn does for a command it cannot run, emits 'error' and
 * 'close' (code = the negative errno, signal null) and never 'spawn' or 'exit'.
 */
function gateUntilExec(child: ChildProcess, status: Readable, command: string, args: readonly string[]): void {
  const emit = child.emit.bind(child) as (event: string | symbol, ...args: unknown[]) => boolean;  // Node's own
  const held: [string | symbol, unknown[]][] = [];
  let failedCode: number | undefined;
  let settled = false;
  child.emit = function gatedEmit(event: string | symbol, ...rest: unknown[]): boolean {
    const lifecycle = event === 'spawn' || event === 'exit' || event === 'close';
    if (!settled && lifecycle) { held.push([event, rest]); return true; }
    if (failedCode === undefined || !lifecycle) return emit(event, ...rest);
    setExitCode(child, failedCode);  // Node set the helper's status meanwhile
    return event === 'close' ? emit('close', failedCode, null) : false;
  } as ChildProcess['emit'];
  const report: Buffer[] = [];
  status.on('data', (data: Buffer | string) => report.push(asBuffer(status, data)));
  status.on('error', () => { /* followed by 'close'; what was read so far decides */ });
  status.once('close', () => {
    settled = true;
    const { cgroup, rest: text } = takeCgroup(Buffer.concat(report).toString());
    // Before 'exit' is replayed, so that the caller's own listeners find the cgroup gone. A
    // helper that failed after making it removed it itself: then 'exit' does not come.
    if (cgroup !== undefined) child.once('exit', () => removeCgroup(cgroup));
    const failure = text.startsWith('+') ? text.slice(1) : text;
    if (failure.length > 0) {
      const err = helperError(failure, command, args);
      failedCode = err.errno ?? -1;
      setExitCode(child, failedCode);
      child.emit('error', err);
    }
    // Killed before its execvp succeeded: the command never ran, so no 'spawn' ('exit' and
    // 'close' still tell how the helper ended, as for any process killed).
    const ran = text === '+' && execSucceeded(child, held.some(([event]) => event === 'exit'), command);
    for (const [event, rest] of held) if (event !== 'spawn' || ran) child.emit(event, ...rest);
  });
}

function start(target: NamespaceTarget, command: string, args: readonly string[], settings: SpawnSettings): ChildProcess {
  const { stdio, nsSlot, statusSlot } = helperStdio(settings.node.stdio, target.fd);
  // Own property only: an inherited `name` would bind another namespace's /etc files.
  const name = Object.hasOwn(target, 'name') ? target.name : undefined;
  const helperArgs = [String(nsSlot), String(statusSlot), name ?? '',
    settings.uid === undefined ? '' : String(settings.uid), settings.gid === undefined ? '' : String(settings.gid),
    settings.vrf ?? '', settings.argv0, command, ...args];
  const node = Object.assign(Object.create(null) as SpawnOptions, settings.node, { stdio });
  const child = spawnChild(execHelperPath(), helperArgs, node);
  // What Node's spawn would show: the command, not the helper.
  Object.assign(child, { spawnfile: command, spawnargs: [settings.argv0, ...args] });
  // Without a pid Node could not start the helper at all and reports that itself ('error' next
  // tick); at EMFILE it does not even make the stdio streams.
  const status = child.stdio?.[statusSlot];
  if (child.pid !== undefined && status) gateUntilExec(child, status as Readable, command, args);
  return child;
}

/**
 * Starts a command inside the namespace: a real ChildProcess, with Node's spawn semantics. Bad
 * arguments throw; a command that cannot run is an 'error' event (ENOENT, EACCES, or the setup
 * call that failed). 'spawn' fires once the command itself runs in the namespace. child.stdio has
 * two more entries after the caller's: the namespace fd (null) and the helper's status pipe.
 */
export function spawnIn(target: NamespaceTarget, command: string, args: readonly string[] = [], options: unknown = {}): ChildProcess {
  const checked = checkCommand(command, args);
  return start(target, checked.command, checked.args, readSpawnOptions(options, checked.command));
}

/** RangeError ERR_CHILD_PROCESS_STDIO_MAXBUFFER, as child_process.execFile gives. */
function maxBufferError(stream: 'stdout' | 'stderr'): Error {
  return Object.assign(new RangeError(`${stream} maxBuffer length exceeded`), { code: 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER' });
}

/** Output of one stream, kept up to maxBuffer bytes; past that, onOverflow once. */
function collect(stream: Readable | null, maxBuffer: number, onOverflow: () => void): () => Buffer {
  const chunks: Buffer[] = [];
  let length = 0;
  let full = false;
  stream?.on('data', (data: Buffer | string) => {
    if (full) return;
    const chunk = asBuffer(stream, data);
    if (length + chunk.length > maxBuffer) {
      chunks.push(chunk.subarray(0, maxBuffer - length));
      full = true;
      onOverflow();
      return;
    }
    chunks.push(chunk);
    length += chunk.length;
  });
  return () => Buffer.concat(chunks);
}

/**
 * Runs a command to completion; resolves with its output and status (a non-zero status or a
 * signal is not an error). Every failure arrives through the promise: bad arguments, a command
 * that cannot run, Node's spawn failing (EMFILE), output beyond maxBuffer, an abort.
 */
type Target = NamespaceTarget | (() => NamespaceTarget);
export function execIn(target: Target, command: string, args?: readonly string[], options?: ExecOptions & { encoding?: BufferEncoding }): Promise<ExecResult<string>>;
export function execIn(target: Target, command: string, args: readonly string[], options: ExecOptions & { encoding: 'buffer' }): Promise<ExecResult<Buffer>>;
export function execIn(target: Target, command: string, args?: readonly string[], options?: ExecOptions): Promise<ExecResult<string | Buffer>>;
/** target may be a getter, so that a closed handle's error also arrives through the promise. */
export function execIn(target: Target, command: string, args: readonly string[] = [], options: unknown = {}): Promise<ExecResult<string | Buffer>> {
  let settings: ExecSettings;
  let child: ChildProcess;
  try {
    const checked = checkCommand(command, args);
    settings = readExecOptions(options, checked.command);
    child = start(typeof target === 'function' ? target() : target, checked.command, checked.args, { ...settings, node: { ...settings.node, stdio: ['pipe', 'pipe', 'pipe'] } });
  } catch (err) {
    return Promise.reject(err);
  }
  return new Promise((resolve, reject) => {
    let failure: Error | undefined;
    const decode = (b: Buffer): string | Buffer => (settings.encoding === 'buffer' ? b : b.toString(settings.encoding));
    const overflow = (stream: 'stdout' | 'stderr') => () => {
      failure ??= maxBufferError(stream);
      try { child.kill(settings.killSignal); } catch (err) { failure = err as Error; }
      // Then the full pipe is closed, as execFile does: nothing more is read, and a command that
      // ignores killSignal but goes on writing ends with EPIPE/SIGPIPE rather than running on.
      // One that ignores both and writes nothing more runs until it exits, as under execFile.
      child[stream]?.destroy();
    };
    const stdout = collect(child.stdout, settings.maxBuffer, overflow('stdout'));
    const stderr = collect(child.stderr, settings.maxBuffer, overflow('stderr'));
    const streamError = (err: NodeJS.ErrnoException) => { failure ??= err; };
    child.stdout?.on('error', streamError);
    child.stderr?.on('error', streamError);
    // A command that exits without reading all its input (or never ran) closes the pipe: not an error.
    child.stdin?.on('error', (err: NodeJS.ErrnoException) => { if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') failure ??= err; });
    let done = false;
    child.on('error', (err) => { if (!done) { done = true; reject(err); } });
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      if (failure) reject(Object.assign(failure, { stdout: decode(stdout()), stderr: decode(stderr()), signal }));
      else resolve({ stdout: decode(stdout()), stderr: decode(stderr()), code, signal });
    });
    if (child.stdin) {
      if (settings.input !== undefined) child.stdin.end(settings.input);
      else child.stdin.end();
    }
  });
}
