// ns.monitor(): events for changes made by another tool (ip), and overruns reported, not swallowed.
import fs from 'node:fs';
import { Namespace } from '../../lib';
import type { MonitorEvent } from '../../lib/types/monitor';
import type { Link } from '../../lib/types/link';
import { ip, withNamespaces } from '../helpers';
import { runChild } from '../ts-child';

async function take(it: AsyncIterator<MonitorEvent>, n: number, match: (e: MonitorEvent) => boolean): Promise<MonitorEvent[]> {
  const got: MonitorEvent[] = [];
  while (got.length < n) {
    const r = await it.next();
    if (r.done) break;
    if (match(r.value)) got.push(r.value);
  }
  return got;
}

describe('monitor', () => {
  test('link events: new on add, delete on delete, as typed Link objects', async () => {
    await withNamespaces(1, async (a) => {
      const mon = a.monitor({ groups: ['link'] });
      try {
        const it = mon[Symbol.asyncIterator]();
        const seen = take(it, 2, (e) => (e.value as Link).name === 'vmon0');
        await ip(a, ['link', 'add', 'vmon0', 'type', 'veth', 'peer', 'name', 'vmon1']);
        await ip(a, ['link', 'del', 'vmon0']);
        const events = await seen;
        expect(events.map((e) => [e.type, e.object])).toEqual([['new', 'link'], ['delete', 'link']]);
        const link = events[0].value as Link;
        expect(link.kind).toBe('veth');
        expect(link.index).toBeGreaterThan(1);
      } finally {
        mon.close();
      }
    });
  });

  test('address, route, neighbour, rule and nexthop events, as typed objects', async () => {
    await withNamespaces(1, async (a) => {
      await ip(a, ['link', 'add', 'vm0', 'type', 'veth', 'peer', 'name', 'vm1']);
      await ip(a, ['link', 'set', 'vm0', 'up']);
      await ip(a, ['link', 'set', 'vm1', 'up']);
      const mon = a.monitor({ groups: ['address', 'route', 'neighbor', 'rule', 'nexthop'] });
      const events: MonitorEvent[] = [];
      mon.on('event', (e: MonitorEvent) => events.push(e));
      try {
        await ip(a, ['addr', 'add', '10.77.0.1/24', 'dev', 'vm0']);
        await ip(a, ['route', 'add', '10.78.0.0/16', 'via', '10.77.0.2', 'table', '55']);
        await ip(a, ['neigh', 'add', '10.77.0.9', 'lladdr', '02:00:00:00:00:09', 'dev', 'vm0', 'nud', 'permanent']);
        await ip(a, ['rule', 'add', 'priority', '321', 'from', '10.77.0.0/24', 'table', '55']);
        await ip(a, ['nexthop', 'add', 'id', '7', 'via', '10.77.0.2', 'dev', 'vm0']);
        await ip(a, ['route', 'del', '10.78.0.0/16', 'table', '55']);
        await new Promise((r) => setTimeout(r, 100));
        const find = (object: string, type: string, pred: (v: any) => boolean) =>
          events.find((e) => e.object === object && e.type === type && pred(e.value));
        expect(find('address', 'new', (v) => v.address === '10.77.0.1' && v.prefixLength === 24)).toBeDefined();
        expect(find('route', 'new', (v) => v.dst === '10.78.0.0/16' && v.table === 55 && v.via === '10.77.0.2')).toBeDefined();
        expect(find('route', 'delete', (v) => v.dst === '10.78.0.0/16' && v.table === 55)).toBeDefined();
        expect(find('neighbor', 'new', (v) => v.address === '10.77.0.9' && v.lladdr === '02:00:00:00:00:09')).toBeDefined();
        expect(find('rule', 'new', (v) => v.priority === 321 && v.table === 55)).toBeDefined();
        expect(find('nexthop', 'new', (v) => v.id === 7)).toBeDefined();
      } finally {
        mon.close();
      }
    });
  });

  test('events stay in their namespace', async () => {
    await withNamespaces(2, async (a, b) => {
      const mon = a.monitor({ groups: ['link'] });
      const names: string[] = [];
      mon.on('event', (e: MonitorEvent) => names.push((e.value as Link).name));
      try {
        await ip(b, ['link', 'add', 'vother0', 'type', 'veth', 'peer', 'name', 'vother1']);
        await ip(a, ['link', 'add', 'vmine0', 'type', 'veth', 'peer', 'name', 'vmine1']);
        await new Promise((r) => setTimeout(r, 100));
        expect(names).toContain('vmine0');
        expect(names).not.toContain('vother0');
      } finally {
        mon.close();
      }
    });
  });

  test('a reader that falls behind gets an overrun event', async () => {
    await withNamespaces(1, async (a) => {
      // A tiny socket buffer and an iterator that never reads: the kernel must drop events.
      const mon = a.monitor({ groups: ['link'], receiveBuffer: 4096, highWaterMark: 1 });
      let overran = false;
      const overrun = new Promise<void>((resolve) => mon.once('overrun', () => { overran = true; resolve(); }));
      const it = mon[Symbol.asyncIterator]();
      try {
        for (let i = 0; i < 20; i++) await ip(a, ['link', 'add', `vo${i}`, 'type', 'veth', 'peer', 'name', `vp${i}`]);
        // Catching up drains the queue, which resumes reading and surfaces the kernel's ENOBUFS.
        let read = 0;
        while (!overran && read < 1000) {
          await Promise.race([it.next(), overrun]);
          read++;
        }
        expect(overran).toBe(true);
      } finally {
        mon.close();
      }
    });
  });

  test('an undecodable event is skipped, the others still arrive; error only reaches a listener', async () => {
    const ns = await Namespace.create();
    const mon = ns.monitor({ groups: ['link'] });
    try {
      const names: string[] = [];
      mon.on('event', (e: MonitorEvent) => names.push((e.value as Link).name));
      const feed = (mon as unknown as { receive(d: Buffer, e: number): void }).receive.bind(mon);
      const bad = Buffer.alloc(20);  // an RTM_NEWLINK too short for its ifinfomsg
      bad.writeUInt32LE(20, 0);
      bad.writeUInt16LE(16, 4);
      feed(bad, 0);  // no 'error' listener: must not throw or end the process
      const errors: Error[] = [];
      mon.on('error', (e: Error) => errors.push(e));
      const good = (await ns.netlink().dump(18, (w) => { w.u8(0).u8(0).u16(0).i32(0).u32(0).u32(0); }, (b, o, l) => Buffer.from(b.subarray(o, o + l))))[0];
      feed(Buffer.concat([bad, good]), 0);
      expect(errors.map((e) => e.name)).toEqual(['MalformedMessageError']);
      expect(names).toEqual(['lo']);
    } finally {
      mon.close();
      await ns.delete();
    }
  });

  // In a child process: a listener's exception is uncaught there, as Node's EventEmitter makes it.
  // Three RTM_NEWLINK messages in one read; the listener throws on some of them.
  const threeEventsIn = (listener: string, tail: string): string => `
    const ns = await lib.Namespace.create();
    await ns.links.add({ kind: 'veth', name: 'm0', peer: { name: 'm1' } });
    const msgs = await ns.netlink().dump(18, (w) => { w.u8(0).u8(0).u16(0).i32(0).u32(0).u32(0); }, (b, o, l) => Buffer.from(b.subarray(o, o + l)));
    const mon = ns.monitor({ groups: ['link'] });
    const it = mon[Symbol.asyncIterator]();
    const seen = [];
    mon.on('event', ${listener});
    mon.receive(Buffer.concat(msgs), 0);  // one read holding every link
    const iterated = [];
    for (let i = 0; i < msgs.length; i++) iterated.push((await it.next()).value.value.name);
    ${tail}
    mon.close();
    ns.close();
  `;

  test("an 'event' listener's exception is uncaught, and every other event of that read is still delivered", async () => {
    const r = await runChild(`
      const uncaught = [];
      process.on('uncaughtException', (e) => uncaught.push(e.message));
      ${threeEventsIn(`(e) => { seen.push(e.value.name); if (e.value.name !== 'm0') throw new Error('listener bug on ' + e.value.name); }`, `
        await new Promise((r) => setImmediate(r));
        console.log(JSON.stringify({ seen, iterated, uncaught }));`)}
    `);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect([...out.seen].sort()).toEqual(['lo', 'm0', 'm1']);
    expect(out.iterated).toEqual(out.seen);
    expect([...out.uncaught].sort()).toEqual(['listener bug on lo', 'listener bug on m1']);
  });

  test("without an uncaughtException handler, a throwing 'event' listener ends the process with its error", async () => {
    const r = await runChild(threeEventsIn(`(e) => { seen.push(e.value.name); throw new Error('listener bug'); }`, `
      await new Promise((r) => setImmediate(r));
      console.log('survived');`));
    expect(r.code).not.toBe(0);
    expect(r.stdout).not.toContain('survived');
    expect(r.stderr).toContain('listener bug');
  });

  test('breaking out of for await closes the monitor and its socket', async () => {
    const ns = await Namespace.create();
    try {
      const mon = ns.monitor({ groups: ['link'] });
      const sockets = (): number => fs.readdirSync('/proc/self/fd').filter((fd) => {
        try { return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:'); } catch { return false; }
      }).length;
      void ns.netlink().port;  // the namespace's request socket, opened (by asking its port) before counting
      const open = sockets();
      const adding = ns.links.add({ kind: 'veth', name: 'b0', peer: { name: 'b1' } });
      let got: MonitorEvent | undefined;
      for await (const ev of mon) { got = ev; break; }
      await adding;
      expect(got?.object).toBe('link');
      expect(mon.closed).toBe(true);
      expect(sockets()).toBe(open - 1);
    } finally {
      await ns.delete();
    }
  });

  test('monitor options are checked before a socket is made', () => {
    const ns = Namespace.current();
    try {
      expect(() => ns.monitor({ highWaterMark: 'x' as never })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
      expect(() => ns.monitor({ highWaterMark: -1 })).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }));
      expect(() => ns.monitor({ receiveBuffer: -5 })).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }));
    } finally {
      ns.close();
    }
  });

  test('close() ends iteration and releases the socket', async () => {
    const ns = await Namespace.create();
    try {
      const mon = ns.monitor();
      const it = mon[Symbol.asyncIterator]();
      const pending = it.next();
      mon.close();
      expect(await pending).toEqual({ value: undefined, done: true });
      expect(mon.closed).toBe(true);
    } finally {
      await ns.delete();
    }
  });

  test('bad groups are rejected before any system call', () => {
    const ns = Namespace.current();
    try {
      expect(() => ns.monitor({ groups: ['links' as never] })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
      expect(() => ns.monitor({ groups: [] })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
    } finally {
      ns.close();
    }
  });
});
