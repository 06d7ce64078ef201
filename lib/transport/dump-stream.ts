// A dump read as an async iterator in bounded memory. It runs on a connection of its own, so that
// pausing the socket (the kernel then stops producing dump data: a netlink dump advances only as
// the reader drains it) never stalls other requests of the namespace.
import { NLM_F_DUMP } from '../uapi/netlink';
import type { NetlinkConnection } from './connection';
import type { MessageWriter } from '../codecs/writer';
import { NetlinkError } from '../errors';

export interface DumpSource<T> {
  type: number;
  encode: (w: MessageWriter) => void;
  /** Returns undefined to skip a message. */
  decode: (buf: Buffer, off: number, len: number, type: number) => T | undefined;
  /** Work before the dump starts (e.g. reading device names); its errors end the iteration. */
  prepare?: () => Promise<void>;
  /** Treats a kernel error as the end of the dump (e.g. ENOENT for a table that does not exist). */
  emptyOn?: (err: NetlinkError) => boolean;
}

type Waiter<T> = { resolve: (r: IteratorResult<T>) => void; reject: (e: Error) => void };

// Messages are queued undecoded (the read buffer, offset, length, type) and decoded when the
// consumer takes them, so decoded objects die young instead of waiting in the queue.
const FIELDS = 4;

// A consumer that keeps up takes queued messages without the event loop turning (each next()
// resolves at once, a socket read queues ~1 000 of them, and a paused consumer's backlog is
// larger): once that has gone on for BURST_MS, next() waits for the loop's next turn, so timers
// and I/O are not held back for the whole backlog (decoding is slowest in a fresh process).
const BURST_MS = 1;
const BURST_CHECK = 64;  // items between two looks at the clock

export class DumpStream<T> implements AsyncIterableIterator<T> {
  private queue: Array<Buffer | number | undefined> = [];
  private head = 0;
  private started = false;
  private finished = false;
  private closed = false;
  private paused = false;
  private error?: Error;
  /** next() calls waiting for a message, oldest first (only while the queue is empty). */
  private waiters: Array<Waiter<T>> = [];
  private conn?: NetlinkConnection;
  /** When the items handed out since the event loop last turned began (-1: none yet), and how many. */
  private burstStart = -1;
  private burstCount = 0;
  private readonly endBurst = (): void => { this.burstStart = -1; this.burstCount = 0; };

  /**
   * open() makes the dedicated connection. highWater bounds the messages held before the
   * socket is paused; one read (about 64 KiB of messages) may overshoot it once.
   */
  constructor(private readonly open: () => NetlinkConnection, private readonly source: DumpSource<T>,
    private readonly highWater = 4096) {}

  [Symbol.asyncIterator](): this { return this; }

  next(): Promise<IteratorResult<T>> {
    if (!this.started && !this.closed) this.start();  // nothing to read after an early return()
    if (this.burstLong()) return new Promise((resolve, reject) => { setImmediate(() => { this.next().then(resolve, reject); }); });
    try {
      const v = this.takeDecoded();
      if (v !== undefined) return Promise.resolve({ value: v, done: false });
    } catch (err) {
      this.close();  // a message that does not decode ends the iteration, reported once
      return Promise.reject(err);
    }
    if (this.error) {
      // Reported once, like an async generator that threw: later calls see the end.
      const err = this.error;
      this.error = undefined;
      this.finished = true;
      return Promise.reject(err);
    }
    if (this.finished || this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => { this.waiters.push({ resolve, reject }); });
  }

  /** Counts an item handed out now; true once this turn of the event loop has handed out for BURST_MS. */
  private burstLong(): boolean {
    if (this.head >= this.queue.length) return false;  // nothing queued: next() waits anyway
    if (this.burstStart < 0) {
      this.burstStart = performance.now();
      setImmediate(this.endBurst);  // runs on the loop's next turn, whenever the consumer lets it
    } else if (++this.burstCount % BURST_CHECK === 0 && performance.now() - this.burstStart >= BURST_MS) {
      return true;
    }
    return false;
  }

  /** The next queued message that decodes to an object (decode may skip some). */
  private takeDecoded(): T | undefined {
    while (this.head < this.queue.length) {
      const v = this.take();
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /**
   * Ends the iteration early (for-await break): closes the socket (the kernel drops the rest), and
   * every next() still waiting resolves with done.
   */
  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** Ends the iteration like return(), and rejects with err as an async generator does. */
  throw(err?: unknown): Promise<IteratorResult<T>> {
    this.close();
    return Promise.reject(err);
  }

  private close(): void {
    this.closed = true;
    this.queue = [];
    this.head = 0;
    this.shutdown();
    for (const w of this.waiters.splice(0)) w.resolve({ value: undefined, done: true });
  }

  private get queued(): number {
    return (this.queue.length - this.head) / FIELDS;
  }

  private take(): T | undefined {
    const q = this.queue, h = this.head;
    const buf = q[h] as Buffer, off = q[h + 1] as number, len = q[h + 2] as number, type = q[h + 3] as number;
    q[h] = undefined;
    this.head = h + FIELDS;
    if (this.head >= 4096 && this.head * 2 >= q.length) {
      this.queue = q.slice(this.head);
      this.head = 0;
    }
    if (this.paused && this.queued <= this.highWater / 4) {
      this.paused = false;
      this.conn?.resume();
    }
    return this.source.decode(buf, off, len, type);
  }

  private push(buf: Buffer, off: number, len: number, type: number): void {
    if (this.closed) return;
    if (this.waiters.length > 0) {  // the queue is empty: waiters wait only then
      const v = this.source.decode(buf, off, len, type);
      if (v !== undefined) this.waiters.shift()!.resolve({ value: v, done: false });
      return;
    }
    this.queue.push(buf, off, len, type);
    if (!this.paused && this.queued >= this.highWater) {
      this.paused = true;
      this.conn?.pause();
    }
  }

  private start(): void {
    this.started = true;
    const run = async (): Promise<void> => {
      if (this.source.prepare) await this.source.prepare();
      if (this.closed) return;
      const conn = this.conn = this.open();
      try {
        await conn.request({
          type: this.source.type,
          flags: NLM_F_DUMP,
          encode: this.source.encode,
          onMessage: (buf, off, len, type) => this.push(buf, off, len, type),
          // Objects already handed out cannot be taken back: the dump fails with EINTR (start the
          // stream again) instead of restarting.
          onRestart: () => false,
        });
      } catch (err) {
        if (!(err instanceof NetlinkError && this.source.emptyOn?.(err))) throw err;
      }
    };
    run().then(() => this.finish(), (err: Error) => this.fail(err));
  }

  private finish(): void {
    this.finished = true;
    this.shutdown();
    for (const w of this.waiters.splice(0)) w.resolve({ value: undefined, done: true });
  }

  /** The first waiting next() rejects with err, later ones see the end; with none waiting, the next next() rejects. */
  private fail(err: Error): void {
    this.shutdown();
    if (this.closed || this.error || this.finished) return;
    const waiters = this.waiters.splice(0);
    if (waiters.length === 0) {
      this.error = err;
      return;
    }
    this.finished = true;
    waiters[0].reject(err);
    for (const w of waiters.slice(1)) w.resolve({ value: undefined, done: true });
  }

  private shutdown(): void {
    this.conn?.close();
    this.conn = undefined;
  }
}
