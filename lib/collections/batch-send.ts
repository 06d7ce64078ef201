// ns.batch()'s fast path: checked writes encoded straight into datagrams, which a socket of the
// batch's own sends from a thread of its own (native BatchSender). Within a datagram only the last
// message asks for an ack: the kernel reports every failure, and the ack of the last vouches for
// the messages before it. Nothing per operation is kept on the success path (no promise, no pending
// entry, not even the checked write once it is encoded): the replies are the errors, matched back
// to their operations by sequence number (seq = base + the operation's index in the batch).
import { NLMSG_ERROR, NLMSG_HDRLEN, NLM_F_ACK, NLM_F_REQUEST } from '../uapi/netlink';
import { RTA, RTM, RT_TABLE } from '../uapi/rtnetlink';
import { native, type BatchChunkOutcome, type NativeBatchSender } from '../native';
import { NetlinkError } from '../errors';
import { MessageWriter } from '../codecs/writer';
import { forEachAttr, readPrefix } from '../codecs/reader';
import type { LinkRef } from '../types/link';
import { ackError } from '../transport/ack';
import type { NamespaceContext } from './context';
import type { PreparedWrite } from './writes';

/** Bytes per datagram: ~1 000 route messages, a few ms of kernel work per sendmsg. */
const DATAGRAM_BYTES = 64 * 1024;
/** Bytes per chunk handed to the sender's thread at once. */
const CHUNK_BYTES = 256 * 1024;

/** Records a failed operation of the batch (its index in the batch). */
export type FailureSink = (index: number, error: Error) => void;

interface Chunk {
  bytes: Buffer;
  ends: number[];
  lastSeqs: number[];
}

/** An own property of what native code handed back (never one inherited from Object.prototype). */
const own = <K extends keyof BatchChunkOutcome>(o: BatchChunkOutcome, key: K): BatchChunkOutcome[K] | undefined =>
  (Object.hasOwn(o, key) ? o[key] : undefined);

/**
 * The batch's sender, opened when the first chunk goes out (one per batch, whatever its runs) and
 * closed when the batch is done. Opening fails as the handle does: closed, EMFILE.
 */
export class BatchSocket {
  private sender: NativeBatchSender | undefined;
  constructor(private readonly ns: NamespaceContext) {}

  get(): NativeBatchSender {
    this.sender ??= new native.BatchSender(this.ns.enterFd());
    return this.sender;
  }

  close(): void { this.sender?.close(); }
}

/** Where the kernel's error message for a route names it: "(route DST table T)", from the request's bytes. */
function describeRoute(buf: Buffer, off: number, len: number): string {
  const dstLen = buf[off + NLMSG_HDRLEN + 1];
  let table = buf[off + NLMSG_HDRLEN + 4];
  let dst = 'default';
  forEachAttr(buf, off + NLMSG_HDRLEN + 12, off + len, (type, at, alen) => {
    if (type === RTA.DST) dst = readPrefix(buf, at, alen, dstLen);
    else if (type === RTA.TABLE && alen >= 4) table = buf.readUInt32LE(at);
  });
  return `(route ${dst}${table !== RT_TABLE.MAIN ? ` table ${table}` : ''})`;
}

/**
 * Encodes writes into chunks of datagrams, in the order put() is called; send() hands them all to
 * the batch's socket and waits for the kernel's answers.
 */
export class ChunkStream {
  private readonly chunks: Chunk[] = [];
  private w = new MessageWriter(CHUNK_BYTES + DATAGRAM_BYTES);
  private ends: number[] = [];
  private lastSeqs: number[] = [];
  private datagramStart = 0;
  private last = -1;
  private lastSeq = 0;
  private readonly seqBase = Math.floor(Math.random() * 0x7fffffff);
  /** Writes whose error message needs more than their bytes say (routes are described from those). */
  private readonly contexts = new Map<number, PreparedWrite>();

  /** Encodes the write of operation `index`; a failure to encode is that operation's alone. */
  put(index: number, write: PreparedWrite, ifindex: (ref: LinkRef) => number, fail: FailureSink): void {
    const w = this.w;
    const start = w.pos;
    let type: number;
    try {
      if (write.encodeInto) {
        type = write.encodeInto(w, ifindex);
      } else {
        const r = write.request(ifindex);
        type = r.type;
        w.begin(type, NLM_F_REQUEST | r.flags);
        r.encode(w);
      }
    } catch (err) {
      w.pos = start;  // drop the half-written message
      fail(index, err as Error);
      return;
    }
    const seq = (this.seqBase + index) >>> 0;
    w.setSeq(start, seq);
    w.end(start);
    if (type !== RTM.NEWROUTE && type !== RTM.DELROUTE) this.contexts.set(index, write);
    this.last = start;
    this.lastSeq = seq;
    if (w.pos - this.datagramStart >= DATAGRAM_BYTES) this.sealDatagram();
    if (w.pos >= CHUNK_BYTES) this.sealChunk();
  }

  /** Sends every chunk through socket, in order, and reports each failed operation to fail(). */
  async send(socket: BatchSocket, fail: FailureSink): Promise<void> {
    this.sealChunk();
    const chunks = this.chunks.splice(0);
    if (chunks.length === 0) return;
    let outcomes: Array<Promise<BatchChunkOutcome>>;
    try {
      const sender = socket.get();
      outcomes = chunks.map((c) => sender.send(c.bytes, Uint32Array.from(c.ends), Uint32Array.from(c.lastSeqs)));
    } catch (err) {
      // No socket (a closed handle, EMFILE): nothing of these was sent.
      for (const c of chunks) this.forEachMessage(c.bytes, 0, c.bytes.length, (seq) => fail(this.indexOf(seq), err as Error));
      return;
    }
    for (let i = 0; i < chunks.length; i++) {
      const outcome = await outcomes[i];
      const errors = own(outcome, 'errors');
      if (errors) this.report(errors, chunks[i], fail);
      const errno = own(outcome, 'errno') ?? 0;
      if (errno !== 0) {
        // The datagrams from `done` on were not sent, or their replies were lost (ENOBUFS): the
        // sender sends nothing after this either.
        const done = own(outcome, 'done') ?? 0;
        const failure = new NetlinkError(errno, own(outcome, 'syscall') ?? 'sendmsg', { message: 'the batch stopped here: this operation was not sent, or its outcome is unknown' });
        const from = done === 0 ? 0 : chunks[i].ends[done - 1];
        this.forEachMessage(chunks[i].bytes, from, chunks[i].bytes.length, (seq) => fail(this.indexOf(seq), failure));
      }
    }
  }

  private indexOf(seq: number): number { return (seq - this.seqBase) >>> 0; }

  private sealDatagram(): void {
    if (this.last < 0) return;
    const w = this.w;
    const header = w.view(this.last, this.last + NLMSG_HDRLEN);
    header.writeUInt16LE(header.readUInt16LE(6) | NLM_F_ACK, 6);
    this.ends.push(w.pos);
    this.lastSeqs.push(this.lastSeq);
    this.datagramStart = w.pos;
    this.last = -1;
  }

  private sealChunk(): void {
    this.sealDatagram();
    if (this.ends.length === 0) return;
    this.chunks.push({ bytes: this.w.view(), ends: this.ends, lastSeqs: this.lastSeqs });
    this.w = new MessageWriter(CHUNK_BYTES + DATAGRAM_BYTES);
    this.ends = [];
    this.lastSeqs = [];
    this.datagramStart = 0;
  }

  private report(errors: Buffer, chunk: Chunk, fail: FailureSink): void {
    // Where each request of the chunk starts, by seq: the error names its request's type and what
    // it was about.
    const at = new Map<number, number>();
    this.forEachMessage(chunk.bytes, 0, chunk.bytes.length, (seq, off) => { at.set(seq, off); });
    const bytes = chunk.bytes;
    for (let p = 0; p + NLMSG_HDRLEN + 4 <= errors.length;) {
      const len = errors.readUInt32LE(p);
      const off = at.get(errors.readUInt32LE(p + 8));
      if (errors.readUInt16LE(p + 4) === NLMSG_ERROR && off !== undefined) {
        const index = this.indexOf(bytes.readUInt32LE(off + 8));
        const write = this.contexts.get(index);
        const context = write ? write.context() : describeRoute(bytes, off, bytes.readUInt32LE(off));
        fail(index, ackError(errors, p, len, bytes.readUInt16LE(off + 4), context));
      }
      p += (len + 3) & ~3;
    }
  }

  private forEachMessage(buf: Buffer, from: number, to: number, each: (seq: number, off: number) => void): void {
    for (let p = from; p + NLMSG_HDRLEN <= to;) {
      const len = buf.readUInt32LE(p);
      each(buf.readUInt32LE(p + 8), p);
      p += (len + 3) & ~3;
    }
  }
}

/** Link names of the writes, each looked up once (lookups of one name share a request). */
async function resolveNames(ns: NamespaceContext, writes: ReadonlyMap<number, PreparedWrite>): Promise<Map<string, number | Error>> {
  const names = new Set<string>();
  for (const w of writes.values()) for (const ref of w.refs) if (typeof ref === 'string') names.add(ref);
  const out = new Map<string, number | Error>();
  await Promise.all([...names].map(async (name) => {
    try {
      out.set(name, await ns.resolver.index(name));
    } catch (err) {
      out.set(name, err as Error);
    }
  }));
  return out;
}

/**
 * Sends writes that name links (the batch operations they are keyed by), in order, once their
 * names are looked up; every one that fails is reported to fail(), the others succeeded.
 */
export async function sendResolving(ns: NamespaceContext, socket: BatchSocket, writes: ReadonlyMap<number, PreparedWrite>, fail: FailureSink): Promise<void> {
  if (writes.size === 0) return;
  const names = await resolveNames(ns, writes);
  const stream = new ChunkStream();
  const ifindex = (ref: LinkRef): number => (typeof ref === 'number' ? ref : names.get(ref) as number);
  for (const [index, write] of writes) {
    const bad = write.refs.find((r) => typeof r === 'string' && names.get(r) instanceof Error);
    if (bad !== undefined) fail(index, names.get(bad as string) as Error);
    else stream.put(index, write, ifindex, fail);
  }
  await stream.send(socket, fail);
}
