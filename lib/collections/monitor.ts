// ns.monitor(): live change events, like `ip monitor`. One netlink socket joined to multicast
// groups; each message decoded into the same typed objects the collections return, devices named
// from a cache of link names the monitor keeps: one dump when it starts (and again after an
// overrun, when link events may have been lost), then its own link events, never a dump per event.
import { NETLINK_ROUTE, NLMSG_DONE, NLMSG_ERROR, NLMSG_HDRLEN, NLMSG_NOOP } from '../uapi/netlink';
import { RTM, RTNLGRP } from '../uapi/rtnetlink';
import { EventEmitter } from 'node:events';
import { constants as osConstants } from 'node:os';
import { native, type NativeNetlinkSocket } from '../native';
import { NetlinkError } from '../errors';
import { MONITOR_GROUPS, monitorOptionsSchema } from '../specs/monitor';
import { MalformedMessageError } from '../codecs/reader';
import { eventDecoders } from '../codecs/monitor-decoders';
import type { MonitorEvent, MonitorGroup, MonitorOptions } from '../types/monitor';
import type { NetlinkConnection } from '../transport/connection';
import { linkNames, putLinkName } from './ifindex-names';
import { readIfIndex } from '../codecs/link-codec';

const DEFAULT_GROUPS: readonly MonitorGroup[] = ['link', 'address', 'route', 'neighbor', 'rule'];
type Listener = Parameters<EventEmitter['on']>[1];
/** Groups whose events name devices by index: the monitor then keeps link names. */
const NAMING_GROUPS: ReadonlySet<MonitorGroup> = new Set(['address', 'route', 'neighbor', 'nexthop']);

/**
 * Emits 'event' (MonitorEvent), 'overrun' (the kernel dropped events: resync with list()),
 * 'error' (an undecodable event, skipped; only emitted when listened for), 'close'; and is an
 * async iterable of events.
 */
export class Monitor extends EventEmitter implements AsyncIterable<MonitorEvent> {
  private sock: NativeNetlinkSocket | undefined;
  private readonly queue: MonitorEvent[] = [];
  private waiters: Array<(r: IteratorResult<MonitorEvent>) => void> = [];
  private readonly highWaterMark: number;
  private paused = false;
  private iterating = false;
  /** ifindex -> name; undefined when no group needs names. */
  private readonly names: Map<number, string> | undefined;
  /** Link events update the names; they are events only if the 'link' group was asked for. */
  private readonly linkEvents: boolean;
  /** Reads that came while the names were being dumped: decoded, in order, once they are in. */
  private held: Array<[Buffer | undefined, number]> | undefined;

  /** Made by `ns.monitor()`. @internal */
  constructor(nsFd: number, options: MonitorOptions = {}, private readonly netlink?: () => NetlinkConnection) {
    super();
    const o = monitorOptionsSchema.parse(options, 'options');
    const groups = (o.groups as MonitorGroup[] | undefined) ?? DEFAULT_GROUPS;
    this.linkEvents = groups.includes('link');
    if (netlink && groups.some((g) => NAMING_GROUPS.has(g))) this.names = new Map();
    this.highWaterMark = (o.highWaterMark as number | undefined) ?? 10000;
    const receiveBuffer = o.receiveBuffer as number | undefined;
    const sock = new native.NetlinkSocket(nsFd, NETLINK_ROUTE, 0, (data, errno) => this.receive(data, errno));
    try {
      if (receiveBuffer !== undefined) sock.setReceiveBuffer(receiveBuffer);
      for (const g of groups) for (const id of MONITOR_GROUPS.get(g)!) sock.addMembership(id);
      if (this.names && !this.linkEvents) sock.addMembership(RTNLGRP.LINK);
    } catch (err) {
      sock.close();
      throw err;
    }
    sock.ref();  // an open monitor keeps the process alive, like a listening server
    this.sock = sock;
    // Joined first, dumped after: a change made meanwhile is in the dump or among the held events.
    if (this.names) this.seed();
  }

  /** Dumps the link names; events read meanwhile wait for them, so that each is named. */
  private seed(): void {
    if (this.held) return;
    this.held = [];
    const done = (names: Map<number, string> | undefined): void => {
      const held = this.held ?? [];
      this.held = undefined;
      if (!this.sock) return;
      if (names) {
        this.names!.clear();
        for (const [index, name] of names) this.names!.set(index, name);
      }
      for (const [data, errno] of held) this.receive(data, errno);
    };
    let dumped: Promise<Map<number, string>>;
    try {
      dumped = linkNames(this.netlink!());
    } catch (err) {
      dumped = Promise.reject(err);  // a closed handle, no socket
    }
    // Without the dump, events still come, named from the link events seen since.
    dumped.then(done, (err: Error) => { this.report(err); done(undefined); });
  }

  /** 'event' listeners get a MonitorEvent (a union on `object`); 'error' an Error; 'overrun' and 'close' nothing. */
  override on(event: 'event', listener: (ev: MonitorEvent) => void): this;
  override on(event: string | symbol, listener: Listener): this;
  override on(event: string | symbol, listener: Listener): this { return super.on(event, listener); }
  /** As on(), for one call. */
  override once(event: 'event', listener: (ev: MonitorEvent) => void): this;
  override once(event: string | symbol, listener: Listener): this;
  override once(event: string | symbol, listener: Listener): this { return super.once(event, listener); }

  /** True once close() ran. */
  get closed(): boolean {
    return this.sock === undefined;
  }

  /** Closes the socket (leaving its groups); pending iterators end and 'close' is emitted, once. */
  close(): void {
    if (!this.sock) return;
    this.sock.close();
    this.sock = undefined;
    for (const w of this.waiters.splice(0)) w({ value: undefined, done: true });
    this.emit('close');
  }

  private receive(data: Buffer | undefined, errno: number): void {
    if (this.held) { this.held.push([data, errno]); return; }
    // Decode the whole read first, then deliver: what a listener does (throw, close) cannot cut
    // the decoding short, and each event and error goes out on its own (see emitSafely).
    const out: Array<MonitorEvent | Error> = [];
    if (data) this.parse(data, out);
    for (const item of out) {
      if (!this.sock) return;  // a listener closed the monitor
      if (item instanceof Error) this.report(item);
      else this.push(item);
    }
    if (errno === osConstants.errno.ENOBUFS) {
      this.emitSafely('overrun');
      if (this.names && this.sock) this.seed();  // link events may be among those lost
    }
    else if (errno) this.report(new NetlinkError(errno, 'recvmsg'));
  }

  /**
   * A listener's exception is the listener's: it surfaces as an uncaught exception, as from any
   * emitter called by the event loop, but only once the other events of this read are delivered.
   */
  private emitSafely(name: string, arg?: unknown): void {
    try {
      this.emit(name, arg);
    } catch (err) {
      process.nextTick(() => { throw err; });
    }
  }

  /** 'error' only where someone listens: an unhandled 'error' would end the process for one bad event. */
  private report(err: Error): void {
    if (this.listenerCount('error') > 0) this.emitSafely('error', err);
  }

  /** Decoded events in order; an undecodable event as its error (skipped); a broken frame ends the read. */
  private parse(buf: Buffer, out: Array<MonitorEvent | Error>): void {
    for (let p = 0; p + NLMSG_HDRLEN <= buf.length;) {
      const len = buf.readUInt32LE(p);
      if (len < NLMSG_HDRLEN || p + len > buf.length) {
        out.push(new MalformedMessageError(`message length ${len} at offset ${p}`));  // the rest cannot be trusted
        return;
      }
      const type = buf.readUInt16LE(p + 4);
      const isLink = type === RTM.NEWLINK || type === RTM.DELLINK;
      const decoder = type !== NLMSG_NOOP && type !== NLMSG_ERROR && type !== NLMSG_DONE && (this.linkEvents || !isLink)
        ? eventDecoders.get(type) : undefined;
      if (isLink && this.names) this.track(buf, p, len, type === RTM.DELLINK);
      if (decoder) {
        try {
          const decoded = decoder.decode(buf, p, len, this.names);
          if (decoded) out.push({ type: decoder.type, ...decoded });
        } catch (err) {
          out.push(err as Error);
        }
      }
      p += (len + 3) & ~3;
    }
  }

  /** A link event into the names: a new or renamed link's name, a deleted one's removal. */
  private track(buf: Buffer, off: number, len: number, deleted: boolean): void {
    try {
      if (deleted) this.names!.delete(readIfIndex(buf, off, len));
      else putLinkName(this.names!, buf, off, len);
    } catch {
      // A malformed link message: the link decoder reports it when link events are asked for.
    }
  }

  private push(ev: MonitorEvent): void {
    this.emitSafely('event', ev);
    if (!this.iterating) return;
    const waiter = this.waiters.shift();
    if (waiter) { waiter({ value: ev, done: false }); return; }
    this.queue.push(ev);
    if (this.queue.length >= this.highWaterMark && !this.paused && this.sock) {
      this.sock.pause();  // let the kernel hold events, then drop them and report an overrun
      this.paused = true;
    }
  }

  /** `for await (const ev of monitor)`: events in order; the loop ends when the monitor closes. */
  [Symbol.asyncIterator](): AsyncIterator<MonitorEvent> {
    this.iterating = true;
    return {
      next: () => {
        const ev = this.queue.shift();
        if (this.paused && this.queue.length < this.highWaterMark / 2 && this.sock) {
          this.sock.resume();
          this.paused = false;
        }
        if (ev) return Promise.resolve({ value: ev, done: false });
        if (!this.sock) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => this.waiters.push(resolve));
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
