// The compiled addon: a local build, else a prebuilt binary node-gyp-build finds for this platform.
import fs from 'node:fs';
import path from 'node:path';
import type nodeGypBuild from 'node-gyp-build';

export interface NsIdentity {
  fd: number;
  dev: number;
  ino: number;
}

export interface DrainResult {
  data: Buffer | undefined;
  errno: number;
}

export interface NativeNetlinkSocket {
  readonly port: number;
  readonly fd: number;
  /** Sends one datagram; returns replies already queued (bounded), or { data, errno } on a read error. */
  /** lastSeq: the sequence number of the datagram's last message; reading stops at its reply. */
  /** length: how many bytes of data to send (all when absent). */
  send(data: Buffer, lastSeq?: number, length?: number): Buffer | DrainResult | undefined;
  close(): void;
  ref(): void;
  unref(): void;
  pause(): void;
  resume(): void;
  addMembership(group: number): void;
  setReceiveBuffer(bytes: number): void;
}

/** What one chunk sent by a NativeBatchSender reports (own properties of a fresh object). */
export interface BatchChunkOutcome {
  /** Datagrams whose ack arrived. */
  done: number;
  /** 0, or why the chunk was not sent whole (the sender sends nothing after it then). */
  errno: number;
  /** The system call errno is of. */
  syscall: string;
  /** The NLMSG_ERROR messages with a nonzero error, as the kernel sent them; absent when none. */
  errors?: Buffer;
}

/** A blocking netlink socket inside one namespace, with a thread of its own that sends queued chunks in order. */
export interface NativeBatchSender {
  /** Sends datagrams [0, ends[0]), [ends[0], ends[1]), ... of chunk; lastSeqs[i] ends datagram i. */
  send(chunk: Buffer, ends: Uint32Array, lastSeqs: Uint32Array): Promise<BatchChunkOutcome>;
  close(): void;
}

export interface NativeBinding {
  openNamespace(path: string): NsIdentity;
  /** Closes an fd this addon handed out; EBADF (closing nothing) for any other number. */
  closeFd(fd: number): void;
  /** A close-on-exec copy of fd (F_DUPFD_CLOEXEC); the caller closes it with closeFd. */
  dupFd(fd: number): number;
  initialNamespace(): NsIdentity;
  /** Gives the C heap's free pages back to the system (malloc_trim where glibc has it). */
  trimMemory(): void;
  /** The soft limit of open files (RLIMIT_NOFILE) now; Infinity if unlimited. */
  openFilesLimit(): number;
  /** The kernel's never-reused cookie of fd's namespace (SO_NETNS_COOKIE); 0n where the kernel has none. */
  namespaceCookie(fd: number): bigint;
  /** Opens path again if it still holds the namespace (dev, ino, cookie); ESTALE, nothing left open, if not. */
  reopenNamespace(path: string, dev: number, ino: number, cookie: bigint): NsIdentity;
  /** warning: a problem that did not stop it (the run directory's flock failed, as ip warns). */
  createNamed(runDir: string, name: string): Promise<NsIdentity & { warning?: string }>;
  createAnonymous(): Promise<NsIdentity>;
  /**
   * Unmounts and unlinks the name if it is still the namespace (dev, ino) of the handle; rejects
   * with ESTALE (removing nothing) if it names another one now, resolves if no namespace is
   * mounted there (gone, or being removed by a parallel delete).
   */
  deleteNamed(path: string, dev: number, ino: number): Promise<void>;
  /** Names the namespace behind fd (ip netns attach) and returns a handle opened on the name. */
  attachNamed(runDir: string, name: string, fd: number): Promise<NsIdentity & { warning?: string }>;
  /** Creates a persistent tun/tap device inside the namespace of nsFd (TUNSETIFF, TUNSETPERSIST). */
  createTun(nsFd: number, name: string, flags: number, owner: number, group: number): Promise<void>;
  /** Reads (no value) or writes a /proc/sys file from inside the namespace behind nsFd (-1: this one). */
  sysctl(nsFd: number, path: string, value?: string): Promise<string>;
  /**
   * Runs nft commands through libnftables inside the namespace behind nsFd (-1: this one), on a
   * thread of its own with a private file table. mode 0: nft syntax in, nothing out; 1: nft JSON in
   * and out; 2: nft syntax in, what it added out as JSON with handles (nft -e -a -j). `missing`
   * says why libnftables.so.1 could not be loaded.
   */
  nftables(nsFd: number, commands: string, mode: number): Promise<{ rc: number; errno: number; output: string; error: string; missing?: string }>;
  /**
   * A close-on-exec, non-blocking socket made inside the namespace behind nsFd (-1: this one) on
   * the addon's namespace thread, bound when an address (4 or 16 bytes) is given; a socket that
   * cannot be bound is closed and the promise rejects.
   */
  openInetSocket(nsFd: number, family: 4 | 6, kind: 'tcp' | 'udp', address?: Buffer, port?: number, reuseAddr?: boolean, v6Only?: boolean, device?: string): Promise<number>;
  /**
   * netns-cni's server: reads one client request from an accepted unix socket (its fd, left open)
   * with the peer's credentials; `fds` (close-on-exec, the caller's namespace then the container's)
   * are the caller's to close.
   */
  cniReceive(socketFd: number): Promise<{ uid: number; pid: number; netnsErrno: number; env: Buffer; stdin: Buffer; fds: number[] }>;
  /**
   * netns-cni's delegated plugin: `file` started with posix_spawn in this process's namespace,
   * with exactly `env` ("K=V"), `input` on stdin; resolves once it exited and its output is read.
   */
  cniExecDelegate(file: string, env: string[], input: string): Promise<{ code: number | null; signal: number | null; stdout: Buffer; stderr: Buffer }>;
  NetlinkSocket: new (
    nsFd: number,
    protocol: number,
    groups: number,
    onData: (data: Buffer | undefined, errno: number) => void,
  ) => NativeNetlinkSocket;
  BatchSender: new (nsFd: number) => NativeBatchSender;
}

// The package root is the nearest folder above with a package.json (dist/lib/ when compiled, lib/ under ts-jest).
function findPackageRoot(dir: string): string {
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`netns: no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

export const packageRoot = findPackageRoot(__dirname);

/**
 * build/Release/netns.node is what node-gyp-build takes first, unless its environment says
 * otherwise (PREBUILDS_ONLY, NETNS_PREBUILD): loading it directly spares a cold require
 * node-gyp-build's modules and search. Anything else is node-gyp-build's to find.
 */
function loadAddon(root: string): unknown {
  const built = path.join(root, 'build', 'Release', 'netns.node');
  /* eslint-disable @typescript-eslint/no-require-imports -- an addon, and node-gyp-build only when needed */
  if (!process.env.PREBUILDS_ONLY && !process.env.NETNS_PREBUILD && fs.existsSync(built)) return require(built);
  return (require('node-gyp-build') as typeof nodeGypBuild)(root);
  /* eslint-enable @typescript-eslint/no-require-imports */
}

export const native: NativeBinding = loadAddon(packageRoot) as NativeBinding;
