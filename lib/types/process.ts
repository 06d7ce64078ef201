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

/** Node's spawn options, less those refused here (see specs/process-options.ts). */
export type SpawnInOptions = Omit<SpawnOptions, 'shell' | 'windowsVerbatimArguments'>;
