// A pipelined rtnetlink connection: one non-blocking socket inside one namespace. Requests are
// encoded into one outgoing buffer, sent many per sendmsg, and matched to replies by sequence
// number. The kernel handles a request inside sendmsg, so replies are usually read right after it.
import { native, type NativeNetlinkSocket, type DrainResult } from '../native';
import { NetlinkError, closedError, type ExtendedAck } from '../errors';
import {
  NETLINK_ROUTE, NLMSG_DONE, NLMSG_ERROR, NLMSG_HDRLEN, NLMSG_NOOP, NLMSG_OVERRUN,
  NLM_F_ACK, NLM_F_ACK_TLVS, NLM_F_CAPPED, NLM_F_DUMP, NLM_F_DUMP_INTR, NLM_F_REQUEST,
  NLMSGERR_ATTR_MISS_TYPE, NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS, messageName,
} from './constants';
import { MessageWriter } from './writer';
import { forEachAttr, readString, MalformedMessageError } from './reader';

/** Called for each reply message of a request (not for the final ack or NLMSG_DONE). */
export type MessageHandler = (buf: Buffer, offset: number, length: number, type: number) => void;

export interface RequestSpec {
  type: number;
  /** NLM_F_* beyond REQUEST and ACK (added always), e.g. NLM_F_CREATE | NLM_F_EXCL, or NLM_F_DUMP. */
  flags?: number;
  /** Writes the family header and attributes after the nlmsghdr. */
  encode: (w: MessageWriter) => void;
  onMessage?: MessageHandler;
  /** Called when an interrupted dump (NLM_F_DUMP_INTR) is restarted: drop what was collected. */
  onRestart?: () => void;
  /** Extra words for the error message, e.g. the link name. */
  context?: string;
}

interface Pending {
  spec: RequestSpec;
  resolve: () => void;
  reject: (err: Error) => void;
  interrupted: boolean;
  restarts: number;
}

const MAX_DATAGRAM = 256 * 1024;  // bytes of requests per sendmsg
const MAX_DUMP_RESTARTS = 10;

export class NetlinkConnection {
  private readonly sock: NativeNetlinkSocket;
  private readonly pending = new Map<number, Pending>();
  private readonly out = new MessageWriter(64 * 1024);
  private seq = Math.floor(Math.random() * 0x7fffffff);
  private flushScheduled = false;
  private refed = false;
  private keepAlive = false;
  private closed = false;

  /** nsFd -1 means the process's own (initial) namespace. */
  constructor(nsFd: number, protocol = NETLINK_ROUTE, groups = 0, private readonly onEvent?: MessageHandler,
    private readonly onOverrun?: () => void) {
    this.sock = new native.NetlinkSocket(nsFd, protocol, groups, (data, errno) => this.receive(data, errno));
  }

  get port(): number { return this.sock.port; }

  /** Sends one request; resolves when the kernel acknowledges it (or finishes the dump). */
  request(spec: RequestSpec): Promise<void> {
    if (this.closed) return Promise.reject(closedError('netlink connection'));
    return new Promise<void>((resolve, reject) => {
      const pending: Pending = { spec, resolve, reject, interrupted: false, restarts: 0 };
      this.enqueue(pending);
    });
  }

  /** Sends a dump request and collects what the handler returns for each reply. */
  async dump<T>(type: number, encode: (w: MessageWriter) => void, decode: (buf: Buffer, off: number, len: number, type: number) => T | undefined): Promise<T[]> {
    let items: T[] = [];
    await this.request({
      type, flags: NLM_F_DUMP, encode,
      onMessage: (buf, off, len, t) => { const v = decode(buf, off, len, t); if (v !== undefined) items.push(v); },
      onRestart: () => { items = []; },
    });
    return items;
  }

  joinGroup(group: number): void {
    this.sock.addMembership(group);
  }

  /** Keeps the event loop alive for an event socket (monitor) while true. */
  setKeepAlive(on: boolean): void {
    this.keepAlive = on;
    if (on && !this.refed) { this.sock.ref(); this.refed = true; }
    this.maybeUnref();
  }

  pause(): void { this.sock.pause(); }
  resume(): void { this.sock.resume(); }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sock.close();
    const err = closedError('netlink connection');
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private enqueue(p: Pending): void {
    const seq = this.seq = (this.seq + 1) >>> 0 || 1;
    const start = this.out.begin(p.spec.type, NLM_F_REQUEST | NLM_F_ACK | (p.spec.flags ?? 0));
    try {
      p.spec.encode(this.out);
    } catch (err) {
      this.out.pos = start;  // drop the half-written message
      p.reject(err as Error);
      return;
    }
    this.out.setSeq(start, seq);
    this.out.end(start);
    this.pending.set(seq, p);
    if (this.out.pos >= MAX_DATAGRAM) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.closed || this.out.pos === 0) return;
    const data = this.out.view();
    let result: ReturnType<NativeNetlinkSocket['send']>;
    try {
      result = this.sock.send(data);
    } catch (err) {
      this.out.reset();
      this.failRange(data, err as Error);
      return;
    }
    this.out.reset();
    this.deliver(result);
    if (this.pending.size > 0 && !this.refed) { this.sock.ref(); this.refed = true; }
  }

  /** Rejects the requests whose messages were in an unsent datagram. */
  private failRange(data: Buffer, err: Error): void {
    for (let p = 0; p + NLMSG_HDRLEN <= data.length;) {
      const len = data.readUInt32LE(p);
      const seq = data.readUInt32LE(p + 8);
      const pending = this.pending.get(seq);
      if (pending) { this.pending.delete(seq); pending.reject(err); }
      p += (len + 3) & ~3;
    }
    this.maybeUnref();
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
  }

  private readError(errno: number): void {
    // ENOBUFS: the kernel dropped messages for want of buffer space. On a request socket the
    // replies of some requests are lost, so none of the pending ones can be trusted to complete.
    if (this.onOverrun) this.onOverrun();
    if (this.pending.size) this.failAll(new NetlinkError(errno, 'recvmsg'));
  }

  private failAll(err: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(err);
  }

  private maybeUnref(): void {
    if (this.refed && this.pending.size === 0 && !this.closed && !this.keepAlive) {
      this.sock.unref();
      this.refed = false;
    }
  }

  private parse(buf: Buffer): void {
    let p = 0;
    while (p + NLMSG_HDRLEN <= buf.length) {
      const len = buf.readUInt32LE(p);
      if (len < NLMSG_HDRLEN || p + len > buf.length) throw new MalformedMessageError(`message length ${len} at offset ${p}`);
      const type = buf.readUInt16LE(p + 4);
      const flags = buf.readUInt16LE(p + 6);
      const seq = buf.readUInt32LE(p + 8);
      const pending = this.pending.get(seq);
      if (!pending) {
        if (this.onEvent && type !== NLMSG_ERROR && type !== NLMSG_DONE && type !== NLMSG_NOOP) this.onEvent(buf, p, len, type);
      } else if (type === NLMSG_ERROR) {
        this.completeWithError(seq, pending, buf, p, len, flags);
      } else if (type === NLMSG_DONE) {
        this.completeDump(seq, pending, buf, p, len, flags);
      } else if (type !== NLMSG_NOOP && type !== NLMSG_OVERRUN) {
        if (flags & NLM_F_DUMP_INTR) pending.interrupted = true;
        if (!pending.interrupted) pending.spec.onMessage?.(buf, p, len, type);
      }
      p += (len + 3) & ~3;
    }
  }

  private completeWithError(seq: number, pending: Pending, buf: Buffer, p: number, len: number, flags: number): void {
    if (len < NLMSG_HDRLEN + 4) throw new MalformedMessageError('short NLMSG_ERROR');
    const error = -buf.readInt32LE(p + NLMSG_HDRLEN);
    this.pending.delete(seq);
    if (error === 0) { pending.resolve(); return; }
    pending.reject(new NetlinkError(error, messageName(pending.spec.type), this.extendedAck(buf, p, len, flags), pending.spec.context));
  }

  private completeDump(seq: number, pending: Pending, buf: Buffer, p: number, len: number, flags: number): void {
    const error = len >= NLMSG_HDRLEN + 4 ? -buf.readInt32LE(p + NLMSG_HDRLEN) : 0;
    if (error !== 0) {
      this.pending.delete(seq);
      const extack = flags & NLM_F_ACK_TLVS ? this.parseAckTlvs(buf, p + NLMSG_HDRLEN + 4, p + len) : undefined;
      pending.reject(new NetlinkError(error, messageName(pending.spec.type), extack, pending.spec.context));
      return;
    }
    if (pending.interrupted || flags & NLM_F_DUMP_INTR) {
      // The table changed under the dump: start it again rather than return a torn view.
      this.pending.delete(seq);
      if (++pending.restarts > MAX_DUMP_RESTARTS) {
        pending.reject(new NetlinkError(4 /* EINTR */, messageName(pending.spec.type), { message: 'dump kept being interrupted by changes' }));
        return;
      }
      pending.interrupted = false;
      pending.spec.onRestart?.();
      this.enqueue(pending);
      return;
    }
    this.pending.delete(seq);
    pending.resolve();
  }

  private extendedAck(buf: Buffer, p: number, len: number, flags: number): ExtendedAck | undefined {
    if (!(flags & NLM_F_ACK_TLVS)) return undefined;
    // struct nlmsgerr: int error; struct nlmsghdr msg; then the request's payload unless capped.
    const inner = p + NLMSG_HDRLEN + 4;
    if (inner + NLMSG_HDRLEN > p + len) return undefined;
    const innerLen = flags & NLM_F_CAPPED ? NLMSG_HDRLEN : buf.readUInt32LE(inner);
    return this.parseAckTlvs(buf, inner + ((innerLen + 3) & ~3), p + len);
  }

  private parseAckTlvs(buf: Buffer, start: number, end: number): ExtendedAck | undefined {
    if (start >= end) return undefined;
    const ack: ExtendedAck = {};
    forEachAttr(buf, start, end, (type, off, alen) => {
      if (type === NLMSGERR_ATTR_MSG) ack.message = readString(buf, off, alen);
      else if (type === NLMSGERR_ATTR_OFFS && alen >= 4) ack.offset = buf.readUInt32LE(off);
      else if (type === NLMSGERR_ATTR_MISS_TYPE && alen >= 4) ack.missingType = buf.readUInt32LE(off);
    });
    return ack;
  }
}
