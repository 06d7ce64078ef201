// `netns-cni serve`: the resident side of netns-cni. A runtime starts the plugin once per command,
// and Node's start-up with the library's load costs several times a whole ADD of the reference
// plugin; the native client (native/cni_client.c, installed as the plugin) hands each command to
// this process instead, which has everything loaded. Each request runs handle(), the code the
// plain process runs, in the caller's network namespace (passed as an fd, so is CNI_NETNS), with
// the caller's environment; requests run concurrently. Only root may ask (SO_PEERCRED).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Namespace } from '../namespace';
import { native } from '../native';
import { CNI_ERR, CniError, errorResult } from './errors';
import type { PassedNamespaces } from './env';
import { handle, type CniReply } from './main';
import { printJson } from './result';
import { SUPPORTED_VERSIONS } from './version';

/** Where the client looks when NETNS_CNI_SOCKET is not set (native/cni_wire.h). */
export const DEFAULT_SOCKET = '/run/netns-cni/netns-cni.sock';
const REPLY_MAGIC = 0x31524e43;

export interface ServeOptions {
  socket: string;
  /** Exit after this many seconds without a request (0: never). */
  idleExit: number;
  log: (line: string) => void;
}

function encodeReply(r: CniReply): Buffer {
  const out = Buffer.from(r.stdout);
  const err = Buffer.from(r.stderr);
  const head = Buffer.alloc(16);
  head.writeUInt32LE(REPLY_MAGIC, 0);
  head.writeInt32LE(r.code, 4);
  head.writeUInt32LE(out.length, 8);
  head.writeUInt32LE(err.length, 12);
  return Buffer.concat([head, out, err]);
}

const refusal = (msg: string): CniReply =>
  ({ stdout: printJson(errorResult(new CniError(CNI_ERR.internal, msg), SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1])), stderr: '', code: 1 });

/** "K=V\0K2=V2\0" as an object (a later duplicate wins, as getenv's callers see the first: keep the first). */
function parseEnv(bytes: Buffer): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const entry of bytes.toString().split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0 && !Object.hasOwn(vars, entry.slice(0, eq))) vars[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return vars;
}

const errnoName = (errno: number): string =>
  Object.entries(os.constants.errno).find(([, n]) => n === errno)?.[0] ?? `errno ${errno}`;

/** One connection: receive, check the peer, run, reply. Never throws. */
async function serveOne(socket: net.Socket, own: Namespace, log: (line: string) => void): Promise<void> {
  socket.on('error', () => { /* a client gone mid-request: nothing to tell it */ });
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  let reply: CniReply;
  const opened: Namespace[] = [];
  try {
    if (typeof fd !== 'number' || fd < 0) throw new Error('the connection has no fd');
    const req = await native.cniReceive(fd);
    try {
      if (req.uid !== 0) {
        log(`refused a request from uid ${req.uid} (pid ${req.pid}): root only`);
        reply = refusal(`permission denied: netns-cni serve answers root only (uid ${req.uid})`);
      } else {
        // Each fd reopened as a handle through /proc/self/fd (the handle's checks apply), then closed.
        const host = Namespace.fromPath(`/proc/self/fd/${req.fds[0]}`);
        opened.push(host);
        const passed: PassedNamespaces = { host, spawnInHost: !host.equals(own), stderr: [] };
        if (req.fds.length > 1) {
          // What the client opened as CNI_NETNS may be no namespace (a stale mount point, an empty
          // file): that is for the command to judge (DEL takes it as gone), as in the process path.
          try {
            passed.container = Namespace.fromPath(`/proc/self/fd/${req.fds[1]}`);
            opened.push(passed.container);
          } catch (err) {
            passed.containerError = err as Error;
          }
        } else if (req.netnsErrno) passed.containerError = Object.assign(new Error(`${errnoName(req.netnsErrno)}: opened by the client`), { code: errnoName(req.netnsErrno), errno: -req.netnsErrno });
        const stdin = req.stdin.toString();
        reply = await handle({ vars: parseEnv(req.env), stdin: () => stdin, passed });
        reply.stderr = passed.stderr.join('') + reply.stderr;
      }
    } finally {
      for (const n of req.fds) fs.closeSync(n);
    }
  } catch (err) {
    // A malformed or cut-short request: the client, if still there, gets an error result.
    log(`bad request: ${(err as Error).message}`);
    reply = refusal(`bad request: ${(err as Error).message}`);
  } finally {
    for (const ns of opened) ns.close();
  }
  if (!socket.destroyed) socket.end(encodeReply(reply), () => socket.destroy());
}

/** Makes the socket's directory (0700 when made here) and removes a stale socket; refuses a live one. */
async function prepare(socketPath: string): Promise<void> {
  fs.mkdirSync(path.dirname(socketPath), { recursive: true, mode: 0o700 });
  if (!fs.existsSync(socketPath)) return;
  if (!fs.lstatSync(socketPath).isSocket()) throw new Error(`${socketPath}: exists and is not a socket (left as it is)`);
  const live = await new Promise<boolean>((resolve) => {
    const probe = net.connect(socketPath, () => { probe.destroy(); resolve(true); });
    probe.on('error', () => resolve(false));
  });
  if (live) throw new Error(`${socketPath}: a server answers there already`);
  fs.unlinkSync(socketPath);
}

/** Serves until SIGTERM/SIGINT or the idle time; resolves once the socket is closed and removed. */
export async function serve(options: ServeOptions): Promise<void> {
  const { socket: socketPath, idleExit, log } = options;
  await prepare(socketPath);
  // Loaded now, not by the first request (the process loads them per command, after its checks).
  await Promise.all([import('./bridge-add'), import('./bridge-del'), import('./bridge-check'), import('./status-gc'), import('./netns')]);
  const own = Namespace.current();
  let active = 0;
  let idleTimer: NodeJS.Timeout | undefined;
  const server = net.createServer({ pauseOnConnect: true }, (socket) => {
    active++;
    if (idleTimer) clearTimeout(idleTimer);
    void serveOne(socket, own, log).finally(() => { active--; armIdle(); });
  });
  const stopped = new Promise<void>((resolve) => server.on('close', resolve));
  const stop = () => {
    if (!server.listening) return;
    // Connections still queued are reset (their clients fall back); those accepted finish.
    server.close();
    fs.rmSync(socketPath, { force: true });
  };
  const armIdle = () => {
    if (idleExit > 0 && active === 0) {
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = setTimeout(stop, idleExit * 1000);
    }
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const mask = process.umask(0o177);  // the socket is made 0600
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => { server.off('error', reject); resolve(); });
    });
  } finally {
    process.umask(mask);
  }
  fs.chmodSync(socketPath, 0o600);
  log(`serving on ${socketPath} (pid ${process.pid})`);
  armIdle();
  await stopped;
  if (idleTimer) clearTimeout(idleTimer);
  own.close();
  log('stopped');
}
