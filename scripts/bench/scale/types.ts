// What the tools of `npm run bench -- scale` report.

export const PHASES = ['create', 'populate', 'list', 'delete'] as const;
export type Phase = (typeof PHASES)[number];
export type PhaseTimes = Record<Phase, number>;

/** One tool's run over N namespaces: ms per phase and, where known, its peak RSS. */
export interface ToolReport {
  tool: 'netns' | 'ip -batch' | 'C';
  ms: PhaseTimes;
  /** Parts of a phase (ip: populate's links batch and address spawns). */
  parts?: Record<string, number>;
  /** Largest VmHWM of the tool's processes, KiB; undefined where it could not be read. */
  peakRssKiB?: number;
  /** How many namespaces listed how many links ({"3": N} when every one has lo + the veth pair). */
  linksPerNamespace: Record<string, number>;
  notes: string[];
}

/** The netns child's process at one moment (after a full GC). */
export interface ProcessSnapshot {
  rssKiB: number;
  /** V8's live heap and the memory outside it (Buffers, the addon's), KiB: what GC kept, within RSS. */
  heapKiB: number;
  externalKiB: number;
  fds: number;
  threads: number;
}

/** What the netns child prints. */
export interface NetnsReport {
  ms: PhaseTimes;
  count: number;
  /** At most this many namespaces in flight per phase; undefined: all at once. */
  width?: number;
  linksPerNamespace: Record<string, number>;
  /** Before the first handle (library loaded). */
  baseline: ProcessSnapshot;
  /** After the list phase, all handles open and idle for idleWaitMs. */
  idle: ProcessSnapshot;
  /** After every namespace was deleted and its handle closed. */
  after: ProcessSnapshot;
  peakRssKiB: number;
  idleWaitMs: number;
  /** fds open after that were not at the start (number -> target). */
  fdsLeft: string[];
  /** Names of threads running after that were not at the start. */
  threadsNew: string[];
}
