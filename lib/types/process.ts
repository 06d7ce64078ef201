// Public types of processes run inside a namespace (ns.spawn, ns.exec).
import type { SpawnOptions } from 'node:child_process';

/** Options of ns.exec(): Node's spawn options plus execFile's input, maxBuffer and encoding. */
export interface ExecOptions extends Omit<SpawnInOptions, 'stdio' | 'serialization'> {
  /** Written to the child's stdin, which is then closed (a command that does not read it is fine). */
  input?: string | Uint8Array;
  /** Bytes of stdout, and of stderr, kept at most (default 1 MiB, as child_process.execFile). */
  maxBuffer?: number;
  /** 'buffer' for Buffers; default 'utf8'. */
  encoding?: BufferEncoding | 'buffer';
}

/** What ns.exec() resolves with once the process has exited and its output is read. */
export interface ExecResult<T extends string | Buffer = string> {
  /** Everything the process wrote to stdout (a string, or a Buffer with encoding 'buffer'). */
  stdout: T;
  /** Everything the process wrote to stderr. */
  stderr: T;
  /** Exit status, or null when a signal ended the process. */
  code: number | null;
  /** The signal that ended the process, or null when it exited. */
  signal: NodeJS.Signals | null;
}

/** Node's spawn options, less those refused here (see specs/process-options.ts), and vrf. */
export interface SpawnInOptions extends Omit<SpawnOptions, 'shell' | 'windowsVerbatimArguments'> {
  /**
   * Run the command in this VRF of the namespace, as `ip vrf exec` does: in a cgroup whose BPF
   * program binds every inet socket the command (or a child of it) creates to the VRF device. The
   * cgroup is removed once the command exits (kept while processes it left behind run). Needs root,
   * a cgroup2 mount and a kernel with cgroup BPF: without them 'error' (exec: the rejection) has code
   * ERR_NETNS_VRF_EXEC_UNSUPPORTED and the reason; a device that is no VRF gives ERR_NETNS_NOT_VRF,
   * a missing one ENODEV. For sockets of this process, see the sockets' `device` option.
   */
  vrf?: string;
}
