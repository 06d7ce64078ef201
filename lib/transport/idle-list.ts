// Resources that an idle object gives up: a connection's socket, an unpinned handle's fd. Objects
// are listed from the time they go idle, least recently used first; the list closes what has been
// idle for idleMs (one unref'd timer per list, not one per object), and at once the oldest beyond
// `max`. It holds them weakly: a dropped handle is still collected.
import { native } from '../native';

/** How long an idle socket or unpinned fd stays open. */
export const IDLE_MS = 2000;

/**
 * How many idle sockets (or unpinned fds) stay open at most: an eighth of the process's limit of
 * open files, from 256 to 4096. Beyond it the least recently used closes at once, so a burst over
 * thousands of namespaces stays within the limit, while a loop that goes round fewer namespaces
 * than this reuses their sockets (reopening one costs 20-70 µs, more than a request).
 */
export function idleBudget(openFilesLimit = native.openFilesLimit()): number {
  return Math.min(4096, Math.max(256, Math.floor(openFilesLimit / 8)));
}

/** What the list closes: called once per listing, after the list has let go of it. */
export interface IdleResource {
  idleExpired(): void;
}

export class IdleList<T extends IdleResource> {
  /** Each object's WeakRef -> when it went idle (performance.now()), in that order. */
  private readonly since = new Map<WeakRef<T>, number>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(readonly idleMs: number, readonly max: number) {}

  /** ref went idle now (again): listed last; the oldest closes if the list is over max. */
  add(ref: WeakRef<T>): void {
    this.since.delete(ref);
    this.since.set(ref, performance.now());
    if (this.since.size > this.max) {
      const oldest = this.since.keys().next().value as WeakRef<T>;
      this.since.delete(oldest);
      oldest.deref()?.idleExpired();
    }
    this.sweeper ??= setInterval(() => this.sweep(), this.idleMs / 2).unref();
  }

  /** ref is in use (or closed): not listed any more. */
  delete(ref: WeakRef<T>): void {
    this.since.delete(ref);
  }

  get size(): number {
    return this.since.size;
  }

  private sweep(): void {
    const cutoff = performance.now() - this.idleMs;
    for (const [ref, since] of this.since) {
      if (since > cutoff) break;  // the rest went idle later
      this.since.delete(ref);
      ref.deref()?.idleExpired();
    }
    if (this.since.size === 0 && this.sweeper !== undefined) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }
}
