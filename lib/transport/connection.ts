// A pipelined rtnetlink connection: one non-blocking socket inside one namespace. Requests are
// encoded into one outgoing buffer, sent many per sendmsg, and matched to replies by sequence
// number. The kernel handles a request inside sendmsg, so replies are usually read right after it.
//
// Requests that expect no data back (add, delete, set) go out without NLM_F_ACK, except the last
// message of each datagram: the kernel still reports every failure, and it handles the messages of
// a datagram in order and queues its replies in order, so the ack of the last one means every
// earlier one without an error report succeeded. That saves an ack (an skb, a wakeup, a recvmsg
// and its parsing) per request: for 100 000 route adds it is most of the cost outside the FIB.
import {
  NETLINK_ROUTE, NLMSG_DONE, NLMSG_ERROR, NLMSG_HDRLEN, NLMSG_NOOP, NLMSG_OVERRUN, NLM_F_ACK, NLM_F_ACK_TLVS,
  NLM_F_DUMP, NLM_F_DUMP_INTR, NLM_F_REQUEST,
} from '../uapi/netlink';
import { messageName } from '../uapi/rtnetlink';
import { native, type NativeNetlinkSocket, type DrainResult } from '../native';
import { NetlinkError, closedError } from '../errors';
import { MessageWriter } from '../codecs/writer';
import { MalformedMessageError, u16le, u32le } from '../codecs/reader';
import { ackError, parseAckTlvs } from './ack';
import { IDLE_MS, IdleList, idleBudget } from './idle-list';

/** Called for each reply message of a request (not for the final ack or NLMSG_DONE). */
export type MessageHandler = (buf: Buffer, offset: number, length: number, type: number) => void;

/** One request for NetlinkConnection.request(): the message type, flags and how to write and read it. */
export interface RequestSpec {
  /** The message type, e.g. RTM_GETLINK (16 + 2). */
  type: number;
  /** NLM_F_* beyond REQUEST and ACK (added always), e.g. NLM_F_CREATE | NLM_F_EXCL, or NLM_F_DUMP. */
  flags?: number;
  /** Writes the family header and attributes after the nlmsghdr. */
  encode: (w: MessageWriter) => void;
  /** Called for each reply (a dump's entries, an echo); none for a plain ack. */
  onMessage?: MessageHandler;
  /**
   * Called when a dump was interrupted (NLM_F_DUMP_INTR): drop what was collected, and it starts
   * again. Returning false declines the restart (the replies were already handed out): the
   * request then fails with EINTR.
   */
  onRestart?: () => void | false;
  /** Extra words for the error message, e.g. the link name (a function: built only on error). */
  context?: string | (() => string);
}

/** Where requests are sent: a connection, or requests held back for an atomic batch. */
export interface RequestChannel {
  request(spec: RequestSpec): Promise<void>;
  /**
   * Resolves when requests made now would reach the kernel: at once for a connection; for held
   * requests, once they are sent (rejects if they are dropped). Work done outside netlink (a tun
   * device made through /dev/net/tun) waits for it, to be held and dropped with the requests.
   */
  ready(): Promise<void>;
  dump<T>(type: number, encode: (w: MessageWriter) => void, decode: (buf: Buffer, off: number, len: number, type: number) => T | undefined): Promise<T[]>;
}

/** Sends a dump request through channel and collects what decode returns for each reply. */
export async function dumpThrough<T>(channel: RequestChannel, type: number, encode: (w: MessageWriter) => void,
  decode: (buf: Buffer, off: number, len: number, type: number) => T | undefined): Promise<T[]> {
  let items: T[] = [];
  await channel.request({
    type, flags: NLM_F_DUMP, encode,
    onMessage: (buf, off, len, t) => { const v = decode(buf, off, len, t); if (v !== undefined) items.push(v); },
    onRestart: () => { items = []; },
  });
  return items;
}

/**
 * A request as the connection keeps it: every optional field of the caller's spec read once, as
 * its own property (a polluted Object.prototype.flags or .onMessage must not turn a request into a
 * dump or drop its ack). A class, not a literal: every field is initialised, so none is ever looked
 * up on Object.prototype.
 */
class Pending {
  interrupted = false;
  /** A reply this request's decoder could not handle: reported when the request completes. */
  decodeError: Error | undefined = undefined;
  restarts = 0;
  readonly flags: number;
  /** Dropped once an ack-less request is encoded: only type and context are needed then. */
  encode: ((w: MessageWriter) => void) | undefined;
  readonly onMessage: MessageHandler | undefined;
  readonly onRestart: (() => void | false) | undefined;
  readonly context: RequestSpec['context'];
  constructor(
    spec: RequestSpec,
    readonly type: number,
    readonly resolve: () => void,
    readonly reject: (err: Error) => void,
  ) {
    this.flags = own(spec, 'flags') ?? 0;
    this.encode = spec.encode;
    this.onMessage = own(spec, 'onMessage');
    this.onRestart = own(spec, 'onRestart');
    this.context = own(spec, 'context');
  }
}

/**
 * A dump request: a GET (rtnetlink types with low bits 2, as the kernel tells them apart) with both
 * NLM_F_DUMP bits. Testing the flags alone is not enough: NLM_F_REPLACE and NLM_F_EXCL are the same
 * bits as NLM_F_ROOT and NLM_F_MATCH.
 */
const isDump = (type: number, flags: number): boolean => (type & 3) === 2 && (flags & NLM_F_DUMP) === NLM_F_DUMP;

/** An optional field of a request, read only if the request has it itself (not from Object.prototype). */
const own = <K extends keyof RequestSpec>(spec: RequestSpec, key: K): RequestSpec[K] | undefined =>
  (Object.hasOwn(spec, key) ? spec[key] : undefined);

const contextOf = (p: Pending): string | undefined => (typeof p.context === 'function' ? p.context() : p.context);

/**
 * Bytes of requests per sendmsg: ~1 000 route adds, a few ms of the kernel's work inside sendmsg,
 * during which the event loop waits (a bigger datagram saves little: one ack per thousand).
 */
const MAX_DATAGRAM = 64 * 1024;

/**
 * The kernel answers most requests inside sendmsg, so a request's promise settles in the same
 * microtask run that sent it, and a program awaiting one request after another never lets the
 * event loop turn: its timers and sockets would wait for the whole loop of requests. So the loop's
 * turns are watched (an immediate marks each), and once it has been held for YIELD_MS the next
 * datagram waits for one turn (setImmediate) instead of going out in the same microtask run.
 */
const YIELD_MS = 2;
let lastTurn = performance.now();
let watching = false;
const markTurn = (): void => { lastTurn = performance.now(); watching = false; };
function loopHeld(): boolean {
  if (!watching) { watching = true; setImmediate(markTurn).unref(); }
  return performance.now() - lastTurn > YIELD_MS;
}
const MAX_DUMP_RESTARTS = 10;

// What an idle connection keeps. The outgoing buffer starts small and grows with what is queued
// (a 64 KiB datagram and the message that overflowed it), and goes back to SMALL_OUT when the
// socket closes (or, for a connection that never closes it for being idle, once it is idle with
// more than KEEP_OUT). The socket of a connection that can reopen it (its namespace comes from a
// handle) closes after IDLE_MS without requests, and beyond idleBudget() idle ones the least
// recently used closes at once: ten thousand handles then hold no socket and little memory while
// idle, and a burst over thousands of namespaces keeps a bounded number of sockets open. The next
// request reopens it (20-70 µs).
const SMALL_OUT = 512;
const KEEP_OUT = 16 * 1024;
export { IDLE_MS } from './idle-list';

/** Connections with an open socket and nothing pending. */
const idleSockets = new IdleList<NetlinkConnection>(IDLE_MS, idleBudget());

/**
 * Once a garbage collection has freed closed sockets (their native state and the reply buffers of
 * their last reads go with them), the C heap gives its free pages back, once per collection: after
 * a burst over thousands of namespaces that is most of the process's growth, which malloc keeps
 * otherwise.
 */
let trimQueued = false;
const trimAfterCollection = new FinalizationRegistry<undefined>(() => {
  if (trimQueued) return;
  trimQueued = true;
  setTimeout(() => { trimQueued = false; native.trimMemory(); }, 100).unref();
});

/** Closes sock and has its collection give the memory back. */
function closeSocket(sock: NativeNetlinkSocket): void {
  sock.close();
  trimAfterCollection.register(sock, undefined);
}

/**
 * The rtnetlink socket of one namespace (`ns.netlink()`): requests are pipelined, several per
 * datagram, each acknowledged; a failure rejects with NetlinkError. The escape hatch for raw requests.
 */
export class NetlinkConnection implements RequestChannel {
  /** Open while in use; a reopenable connection drops it when idle and opens a new one when needed. */
  private sock: NativeNetlinkSocket | undefined;
  private readonly nsFd: number | (() => number);
  /** Set for a connection that may close its socket when idle (its namespace fd can be had again). */
  private readonly idleRef: WeakRef<NetlinkConnection> | undefined;
  /** Listed as idle with its socket open. */
  private idle = false;
  private readonly pending = new Map<number, Pending>();
  private out = new MessageWriter(SMALL_OUT);
  private seq = Math.floor(Math.random() * 0x7fffffff);
  private flushScheduled = false;
  private readonly flushNow = (): void => this.flush();
  // Ack-less requests of the datagram being built, and where its last message starts.
  private silent: number[] = [];
  private lastStart = -1;
  private lastSeq = 0;
  private lastSilent = false;
  /** seq of a datagram's last message -> seqs of the ack-less requests before it in that datagram. */
  private readonly barriers = new Map<number, number[]>();
  // The kernel runs one dump per socket at a time (a second one fails with EBUSY): dumps wait here.
  private activeDump = 0;
  private readonly waitingDumps: Pending[] = [];
  private refed = false;
  private paused = false;
  private closed = false;

  /**
   * nsFd -1 means the process's own (initial) namespace. A number opens the socket now, inside
   * that fd's namespace, for the connection's whole life. A function (a handle's fd getter) opens
   * it when the first datagram goes out and again after it closed for being idle: the function is
   * called each time, so a closed handle fails the request instead of reaching whatever the fd
   * number holds by then.
   */
  constructor(nsFd: number | (() => number), private readonly protocol = NETLINK_ROUTE) {
    this.nsFd = nsFd;
    if (typeof nsFd === 'number') this.socket();
    else this.idleRef = new WeakRef(this);
  }

  /** The socket's netlink port id (nl_pid), as the kernel assigned it; a new one after an idle close. */
  get port(): number {
    const port = this.socket().port;
    this.checkIdle();  // a socket opened for this alone closes like any idle one
    return port;
  }

  /** The open socket, opened now if it is not (throws what socket creation throws). */
  private socket(): NativeNetlinkSocket {
    if (this.sock) return this.sock;
    if (this.closed) throw closedError('netlink connection');
    const nsFd = typeof this.nsFd === 'number' ? this.nsFd : this.nsFd();
    const sock = new native.NetlinkSocket(nsFd, this.protocol, 0, (data, errno) => { if (this.sock === sock) this.receive(data, errno); });
    if (this.paused) sock.pause();
    this.sock = sock;
    return sock;
  }

  /**
   * Idle long enough (or the least recently used beyond the cap): the socket closes; the
   * connection stays usable. It may hold requests queued for its next flush (nothing the kernel
   * owes replies to): the flush opens a new socket.
   */
  idleExpired(): void {
    if (!this.idle) return;
    this.idle = false;
    if (this.sock) closeSocket(this.sock);
    this.sock = undefined;
    this.refed = false;
    if (this.out.pos === 0 && this.out.backing.length > SMALL_OUT) this.out = new MessageWriter(SMALL_OUT);
  }

  /**
   * Nothing the kernel owes replies to: the connection is idle; its buffer shrinks, and its socket
   * may close later. It stays listed while new requests wait for their flush.
   */
  private checkIdle(): void {
    if (this.idle || this.pending.size > 0 || this.waitingDumps.length > 0 || this.out.pos > 0 || this.closed || !this.sock) return;
    if (!this.idleRef || this.paused) {
      // Never closed for being idle (a stream's, or one on a fixed fd): shrink now. Others shrink
      // when their socket closes: a burst goes idle between its datagrams, and would regrow.
      if (this.out.backing.length > KEEP_OUT) this.out = new MessageWriter(SMALL_OUT);
      return;
    }
    this.idle = true;
    idleSockets.add(this.idleRef);
  }

  /** In use again: no longer a candidate for closing. */
  private wake(): void {
    this.idle = false;
    idleSockets.delete(this.idleRef!);
  }

  /** Closed by close(), or after a failure that made the socket untrustworthy. */
  get isClosed(): boolean { return this.closed; }

  /** Sends one request; resolves when the kernel acknowledges it (or finishes the dump). */
  request(spec: RequestSpec): Promise<void> {
    if (this.closed) return Promise.reject(closedError('netlink connection'));
    return new Promise<void>((resolve, reject) => {
      this.enqueue(new Pending(spec, spec.type, resolve, reject));
    });
  }

  ready(): Promise<void> { return Promise.resolve(); }

  /** Sends what is queued now rather than at the next microtask (a batch going out on a socket of its own keeps its place). */
  sendQueued(): void {
    if (this.out.pos > 0) this.flush();
  }

  /** Sends a dump request and collects what the handler returns for each reply. */
  dump<T>(type: number, encode: (w: MessageWriter) => void, decode: (buf: Buffer, off: number, len: number, type: number) => T | undefined): Promise<T[]> {
    return dumpThrough(this, type, encode, decode);
  }

  /**
   * Stops reading (the kernel holds further replies) and starts again: backpressure for streams.
   * A paused connection waits for its reader, not for the kernel, so it does not keep the process
   * alive (nor itself: a stream dropped while paused can be collected with its socket).
   */
  pause(): void {
    this.paused = true;
    if (this.idle) this.wake();
    this.sock?.pause();
    if (this.refed) { this.sock?.unref(); this.refed = false; }
  }

  /** Reads again after pause(). */
  resume(): void {
    this.paused = false;
    this.sock?.resume();
    this.maybeRef();
    this.checkIdle();
  }

  /** Closes the socket; requests still pending reject. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.idle) this.wake();
    if (this.sock) closeSocket(this.sock);
    this.sock = undefined;
    const err = closedError('netlink connection');
    for (const p of [...this.pending.values(), ...this.waitingDumps.splice(0)]) p.reject(err);
    this.pending.clear();
    this.barriers.clear();
  }

  private enqueue(p: Pending): void {
    const flags = p.flags;
    const dump = isDump(p.type, flags);
    if (dump && this.activeDump !== 0) {
      this.waitingDumps.push(p);
      return;
    }
    const seq = this.seq = (this.seq + 1) >>> 0 || 1;
    const silent = p.onMessage === undefined && !dump;
    const start = this.out.begin(p.type, NLM_F_REQUEST | (silent ? 0 : NLM_F_ACK) | flags);
    try {
      p.encode!(this.out);  // only dumps are enqueued again, and they keep it
    } catch (err) {
      this.out.pos = start;  // drop the half-written message
      p.reject(err as Error);
      return;
    }
    this.out.setSeq(start, seq);
    this.out.end(start);
    if (dump) this.activeDump = seq;
    // An ack-less request needs only its type and context from now on: dropping the rest lets its
    // encoder and message die young while thousands of requests wait for their datagram's ack.
    if (silent) p.encode = undefined;
    this.pending.set(seq, p);
    if (this.lastSilent) this.silent.push(this.lastSeq);
    this.lastStart = start;
    this.lastSeq = seq;
    this.lastSilent = silent;
    if (this.out.pos >= MAX_DATAGRAM) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      if (loopHeld()) setImmediate(this.flushNow);  // let the event loop turn first
      else queueMicrotask(this.flushNow);
    }
  }

  /** Ends the datagram being built: its last message asks for an ack that vouches for the rest. */
  private sealDatagram(): void {
    if (this.lastStart < 0) return;
    if (this.lastSilent) this.out.orFlags(this.lastStart, NLM_F_ACK);
    if (this.silent.length > 0) {
      this.barriers.set(this.lastSeq, this.silent);
      this.silent = [];
    }
    this.lastStart = -1;
    this.lastSilent = false;
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.closed || this.out.pos === 0) return;
    const lastSeq = this.lastSeq;
    this.sealDatagram();
    // Listed as idle until now, while its requests waited for the flush: a burst over thousands of
    // namespaces, each waiting for its turn of the event loop, must not hold thousands of sockets.
    if (this.idle) this.wake();
    let result: ReturnType<NativeNetlinkSocket['send']>;
    try {
      // Opened here, not when requests are queued: a loop over thousands of namespaces holds only
      // the sockets of the datagrams in flight.
      result = this.socket().send(this.out.backing, lastSeq, this.out.pos);
    } catch (err) {
      const data = this.out.view();
      this.out.reset();
      this.failRange(data, err as Error);
      return;
    }
    this.out.reset();
    this.deliver(result);
    this.maybeRef();
    this.checkIdle();
  }

  /** Pending requests keep the process alive (and, natively, the socket) until they complete. */
  private maybeRef(): void {
    if (this.pending.size > 0 && !this.refed && !this.paused && !this.closed && this.sock) { this.sock.ref(); this.refed = true; }
  }

  /** Rejects the requests whose messages were in an unsent datagram. */
  private failRange(data: Buffer, err: Error): void {
    // Collect first: rejecting may start a waiting dump, which writes into the buffer data views.
    const seqs: number[] = [];
    for (let p = 0; p + NLMSG_HDRLEN <= data.length;) {
      seqs.push(data.readUInt32LE(p + 8));
      p += (data.readUInt32LE(p) + 3) & ~3;
    }
    for (const seq of seqs) {
      const pending = this.pending.get(seq);
      if (pending) { this.pending.delete(seq); pending.reject(err); }
      this.barriers.delete(seq);
      this.dumpEnded(seq);
    }
    this.maybeUnref();
    this.checkIdle();
  }

  private deliver(result: Buffer | DrainResult | undefined): void {
    if (result === undefined) return;
    if (Buffer.isBuffer(result)) this.receive(result, 0);
    else this.receive(result.data, result.errno);
  }

  private receive(data: Buffer | undefined, errno: number): void {
    if (data) {
      try {
        this.parse(data);
      } catch (err) {
        if (!(err instanceof MalformedMessageError)) throw err;
        this.failAll(err);
      }
    }
    if (errno) this.readError(errno);
    this.maybeUnref();
    this.checkIdle();
  }

  private readError(errno: number): void {
    // ENOBUFS: the kernel dropped messages for want of buffer space. On a request socket the
    // replies of some requests are lost, so none of the pending ones can be trusted to complete.
    if (this.pending.size) this.failAll(new NetlinkError(errno, 'recvmsg'));
  }

  /**
   * After a framing error or lost replies (ENOBUFS) nothing on this socket can be trusted: not the
   * pending requests, and not a dump the kernel may still be running on it (a new dump would then
   * fail with EBUSY). Fail everything and close; the namespace opens a fresh connection next time.
   */
  private failAll(err: Error): void {
    const all = [...this.pending.values(), ...this.waitingDumps.splice(0)];
    this.pending.clear();
    this.barriers.clear();
    this.activeDump = 0;
    this.closed = true;
    if (this.idle) this.wake();
    if (this.sock) closeSocket(this.sock);
    this.sock = undefined;
    for (const p of all) p.reject(err);
  }


  private maybeUnref(): void {
    if (this.refed && this.pending.size === 0 && !this.closed && this.sock) {
      this.sock.unref();
      this.refed = false;
    }
  }

  private parse(buf: Buffer): void {
    let p = 0;
    while (p + NLMSG_HDRLEN <= buf.length) {
      const len = u32le(buf, p);
      if (len < NLMSG_HDRLEN || p + len > buf.length) throw new MalformedMessageError(`message length ${len} at offset ${p}`);
      const type = u16le(buf, p + 4);
      const flags = u16le(buf, p + 6);
      const seq = u32le(buf, p + 8);
      const pending = this.pending.get(seq);
      if (!pending) {
        // A reply to a request no longer waited for (its socket failed as a whole): ignore it.
      } else if (type === NLMSG_ERROR) {
        this.completeWithError(seq, pending, buf, p, len);
      } else if (type === NLMSG_DONE) {
        this.completeDump(seq, pending, buf, p, len, flags);
      } else if (type !== NLMSG_NOOP && type !== NLMSG_OVERRUN) {
        if (flags & NLM_F_DUMP_INTR) pending.interrupted = true;
        if (!pending.interrupted && !pending.decodeError) {
          // A decoder's failure belongs to its request alone: the stream of replies goes on.
          try {
            pending.onMessage?.(buf, p, len, type);
          } catch (err) {
            pending.decodeError = err as Error;
          }
        }
      }
      p += (len + 3) & ~3;
    }
  }

  /** The dump in flight ended (done, failed or restarting): the next waiting one may start. */
  private dumpEnded(seq: number): void {
    if (seq !== this.activeDump) return;
    this.activeDump = 0;
    this.startWaitingDump();
  }

  private startWaitingDump(): void {
    const next = this.activeDump === 0 ? this.waitingDumps.shift() : undefined;
    if (next) this.enqueue(next);
  }

  private completeWithError(seq: number, pending: Pending, buf: Buffer, p: number, len: number): void {
    if (len < NLMSG_HDRLEN + 4) throw new MalformedMessageError('short NLMSG_ERROR');
    const error = buf.readInt32LE(p + NLMSG_HDRLEN);
    this.pending.delete(seq);
    this.dumpEnded(seq);
    if (error === 0 && pending.decodeError) pending.reject(pending.decodeError);
    else if (error === 0) pending.resolve();
    else pending.reject(ackError(buf, p, len, pending.type, contextOf(pending)));
    this.releaseBarrier(seq);
  }

  /** The last message of a datagram is answered: its ack-less predecessors without an error succeeded. */
  private releaseBarrier(seq: number): void {
    const before = this.barriers.get(seq);
    if (before === undefined) return;
    this.barriers.delete(seq);
    for (const s of before) {
      const p = this.pending.get(s);
      if (p) { this.pending.delete(s); p.resolve(); }
    }
  }

  private completeDump(seq: number, pending: Pending, buf: Buffer, p: number, len: number, flags: number): void {
    this.releaseBarrier(seq);
    if (seq === this.activeDump) this.activeDump = 0;  // a restart below goes out at once
    const error = len >= NLMSG_HDRLEN + 4 ? -buf.readInt32LE(p + NLMSG_HDRLEN) : 0;
    if (error !== 0) {
      this.pending.delete(seq);
      const extack = flags & NLM_F_ACK_TLVS ? parseAckTlvs(buf, p + NLMSG_HDRLEN + 4, p + len) : undefined;
      pending.reject(new NetlinkError(error, messageName(pending.type), extack, contextOf(pending)));
      this.startWaitingDump();
      return;
    }
    if (pending.interrupted || flags & NLM_F_DUMP_INTR) {
      // The table changed under the dump: start it again rather than return a torn view.
      this.pending.delete(seq);
      const declined = ++pending.restarts > MAX_DUMP_RESTARTS ? 'dump kept being interrupted by changes'
        : pending.onRestart?.() === false ? 'the table changed during the dump' : undefined;
      if (declined) {
        pending.reject(new NetlinkError(4 /* EINTR */, messageName(pending.type), { message: declined }));
        this.startWaitingDump();
        return;
      }
      pending.interrupted = false;
      pending.decodeError = undefined;
      this.enqueue(pending);
      return;
    }
    this.pending.delete(seq);
    if (pending.decodeError) pending.reject(pending.decodeError);
    else pending.resolve();
    this.startWaitingDump();
  }
}
