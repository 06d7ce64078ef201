// Requests held back until their owner decides: then sent in call order, or dropped unsent. An
// atomic batch sends its operations through one of these, so that dropping them touches nothing
// another caller issued on the same connection meanwhile.
import { dumpThrough, type NetlinkConnection, type RequestChannel, type RequestSpec } from './connection';
import type { MessageWriter } from '../codecs/writer';

interface Held {
  /** undefined: a ready() call, settled in its place in the order. */
  spec: RequestSpec | undefined;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class HeldRequests implements RequestChannel {
  private queue: Held[] | undefined = [];
  /**
   * Why the requests were dropped. A dropped batch stays dropped: an operation of it that sends a
   * request later (after an await on something else) must not reach the kernel on its own.
   */
  private dropped: Error | undefined = undefined;

  /** connect: the connection to send to on release (looked up then: it may have been replaced). */
  constructor(private readonly connect: () => NetlinkConnection) {}

  /** After send(), requests go straight to the connection; never after drop(). */
  get released(): boolean {
    return this.queue === undefined && this.dropped === undefined;
  }

  request(spec: RequestSpec): Promise<void> {
    if (this.dropped) return Promise.reject(this.dropped);
    const queue = this.queue;
    if (queue === undefined) return this.connect().request(spec);
    return new Promise((resolve, reject) => { queue.push({ spec, resolve, reject }); });
  }

  ready(): Promise<void> {
    if (this.dropped) return Promise.reject(this.dropped);
    const queue = this.queue;
    if (queue === undefined) return Promise.resolve();
    return new Promise((resolve, reject) => { queue.push({ spec: undefined, resolve, reject }); });
  }

  dump<T>(type: number, encode: (w: MessageWriter) => void, decode: (buf: Buffer, off: number, len: number, type: number) => T | undefined): Promise<T[]> {
    return dumpThrough(this, type, encode, decode);
  }

  /** Queues every held request on the connection, in call order. */
  send(): void {
    const queue = this.take();
    let conn: NetlinkConnection;
    try {
      conn = this.connect();
    } catch (err) {
      for (const h of queue) h.reject(err as Error);  // a closed handle, or no socket (EMFILE, EPERM)
      return;
    }
    for (const h of queue) {
      if (h.spec) conn.request(h.spec).then(h.resolve, h.reject);
      else h.resolve();
    }
  }

  /** Rejects every held request with reason, and every later one; none reaches the kernel. */
  drop(reason: Error): void {
    this.dropped = reason;
    for (const h of this.take()) h.reject(reason);
  }

  private take(): Held[] {
    const queue = this.queue ?? [];
    this.queue = undefined;
    return queue;
  }
}
