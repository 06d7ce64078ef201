// Monitor events carry the objects list() returns, devices named: from one link dump when the
// monitor starts, then from its own link events (a link made or renamed later), never a dump per event.
import type { Namespace } from '../../lib';
import type { MonitorEvent, MonitorObject } from '../../lib/types/monitor';
import { NetlinkConnection } from '../../lib/transport/connection';
import { RTM } from '../../lib/uapi/rtnetlink';
import { ip, withNamespaces } from '../helpers';

/** Events collected until pred has seen what it waits for (or 5 s). */
function collect(mon: ReturnType<Namespace['monitor']>): { events: MonitorEvent[]; until(pred: (e: MonitorEvent) => boolean): Promise<MonitorEvent> } {
  const events: MonitorEvent[] = [];
  const waiters: Array<[(e: MonitorEvent) => boolean, (e: MonitorEvent) => void]> = [];
  mon.on('event', (e) => {
    events.push(e);
    for (const w of [...waiters]) if (w[0](e)) { waiters.splice(waiters.indexOf(w), 1); w[1](e); }
  });
  return {
    events,
    until: (pred) => {
      const seen = events.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('event not seen')), 5000);
        waiters.push([pred, (e) => { clearTimeout(t); resolve(e); }]);
      });
    },
  };
}

const is = <O extends MonitorObject>(object: O, type: 'new' | 'delete', pred: (v: MonitorEvent<O>['value']) => boolean) =>
  (e: MonitorEvent): e is MonitorEvent<O> => e.object === object && e.type === type && pred(e.value);

test('address, route and neighbour events equal what list() returns, device names included', () => withNamespaces(1, async (ns) => {
  await ip(ns, ['link', 'add', 'vn0', 'type', 'veth', 'peer', 'name', 'vn1']);
  await ip(ns, ['link', 'set', 'vn0', 'up']);
  await ip(ns, ['link', 'set', 'vn1', 'up']);
  const mon = ns.monitor({ groups: ['address', 'route', 'neighbor'] });
  try {
    const c = collect(mon);
    await ip(ns, ['addr', 'add', '10.77.0.1/24', 'dev', 'vn0']);
    await ip(ns, ['route', 'add', '10.78.0.0/16', 'via', '10.77.0.2', 'table', '55']);
    await ip(ns, ['neigh', 'add', '10.77.0.9', 'lladdr', '02:00:00:00:00:09', 'dev', 'vn0', 'nud', 'permanent']);
    const addr = await c.until(is('address', 'new', (v) => v.address === '10.77.0.1'));
    const route = await c.until(is('route', 'new', (v) => v.dst === '10.78.0.0/16'));
    const neigh = await c.until(is('neighbor', 'new', (v) => v.address === '10.77.0.9'));
    expect(addr.value).toEqual((await ns.addresses.list({ link: 'vn0', family: 4 })).find((a) => a.address === '10.77.0.1'));
    expect(addr.value).toMatchObject({ link: 'vn0' });
    expect(route.value).toEqual((await ns.routes.list({ table: 55 })).find((r) => r.dst === '10.78.0.0/16'));
    expect(route.value).toMatchObject({ dev: 'vn0', table: 55 });
    expect(neigh.value).toEqual((await ns.neighbors.list({ dev: 'vn0' })).find((n) => n.address === '10.77.0.9'));
    expect(neigh.value).toMatchObject({ dev: 'vn0' });
    // The deletes are named too.
    await ip(ns, ['route', 'del', '10.78.0.0/16', 'table', '55']);
    expect((await c.until(is('route', 'delete', (v) => v.dst === '10.78.0.0/16'))).value).toMatchObject({ dev: 'vn0' });
  } finally {
    mon.close();
  }
}));

test('a link made or renamed after the monitor started is named from the link events, with one dump in all', () => withNamespaces(1, async (ns) => {
  const request = jest.spyOn(NetlinkConnection.prototype, 'request');
  const linkDumps = (): number => request.mock.calls.filter(([spec]) => spec.type === RTM.GETLINK).length;
  const mon = ns.monitor({ groups: ['route'] });  // no 'link' group: link events are followed, not emitted
  try {
    const c = collect(mon);
    await ip(ns, ['link', 'add', 'late0', 'type', 'veth', 'peer', 'name', 'late1']);
    await ip(ns, ['link', 'set', 'late0', 'up']);
    for (let i = 0; i < 10; i++) await ip(ns, ['route', 'add', `10.90.${i}.0/24`, 'dev', 'late0']);
    for (let i = 0; i < 10; i++) {
      expect((await c.until(is('route', 'new', (v) => v.dst === `10.90.${i}.0/24`))).value).toMatchObject({ dev: 'late0' });
    }
    await ip(ns, ['link', 'set', 'late0', 'down']);
    await ip(ns, ['link', 'set', 'late0', 'name', 'renamed0']);
    await ip(ns, ['link', 'set', 'renamed0', 'up']);
    await ip(ns, ['route', 'add', '10.91.0.0/24', 'dev', 'renamed0']);
    expect((await c.until(is('route', 'new', (v) => v.dst === '10.91.0.0/24'))).value).toMatchObject({ dev: 'renamed0' });
    expect(c.events.some((e) => e.object === 'link')).toBe(false);
    expect(linkDumps()).toBe(1);
  } finally {
    mon.close();
    request.mockRestore();
  }
}));

test('events that come while the names are dumped wait for them and keep their order', () => withNamespaces(1, async (ns) => {
  await ip(ns, ['link', 'add', 'early0', 'type', 'veth', 'peer', 'name', 'early1']);
  await ip(ns, ['link', 'set', 'early0', 'up']);
  const mon = ns.monitor({ groups: ['route'] });
  try {
    const c = collect(mon);
    // Sent at once: the kernel's events may arrive before the monitor's dump has come back.
    await Promise.all([0, 1, 2, 3].map((i) => ns.routes.add({ dst: `10.92.${i}.0/24`, dev: 'early0' })));
    await c.until(is('route', 'new', (v) => v.dst === '10.92.3.0/24'));
    const ours = c.events.filter(is('route', 'new', (v) => v.dst.startsWith('10.92.')));
    expect(ours.map((e) => [e.value.dst, e.value.dev])).toEqual([0, 1, 2, 3].map((i) => [`10.92.${i}.0/24`, 'early0']));
  } finally {
    mon.close();
  }
}));
