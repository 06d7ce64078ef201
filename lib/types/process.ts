// Public types of processes run inside a namespace (ns.spawn, ns.exec).
import type { SpawnOptions } from 'node:child_process';

export interface ExecOptions extends Omit<SpawnInOptions, 'stdio' | 'serialization'> {
  /** Written to the child's stdin, which is then closed (a command that does not read it is fine). */
  input?: string | Uint8Array;
  /** Bytes of stdout, and of stderr, kept at most (default 1 MiB, as child_process.execFile). */
  maxBuffer?: number;
  /** 'buffer' for Buffers; default 'utf8'. */
  encoding?: BufferEncoding | 'buffer';
}

export interface ExecResult<T extends string | Buffer = string> {
  stdout: T;
  stderr: T;
  /** Exit status, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Node's spawn options, less those refused here (see specs/process-options.ts). */
export type SpawnInOptions = Omit<SpawnOptions, 'shell' | 'windowsVerbatimArguments'>;
