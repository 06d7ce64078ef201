// Resources that an idle object gives up: a connection's socket, an unpinned handle's fd. Objects
// are listed from the time they go idle, least recently used first; the list closes what has been
// idle for idleMs (one unref'd timer for the whole list, not one per object), and at once the
// oldest beyond `max`. It holds them weakly: a dropped handle is still collected.

/** How long an idle socket or unpinned fd stays open. */
export const IDLE_MS = 2000;
/** Idle sockets (or unpinned fds) kept open at most: beyond, the least recently used closes at once. */
export const MAX_IDLE = 256;

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
