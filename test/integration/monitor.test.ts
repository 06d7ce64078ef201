// ns.monitor(): events for changes made by another tool (ip), and overruns reported, not swallowed.
import { Namespace, type MonitorEvent } from '../../lib';
import type { Link } from '../../lib';
import { ip, withNamespaces } from '../helpers';

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

  test('bad groups are rejected before any system call', async () => {
    const ns = Namespace.current();
    try {
      expect(() => ns.monitor({ groups: ['links' as never] })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
      expect(() => ns.monitor({ groups: [] })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
    } finally {
      ns.close();
    }
  });
});
