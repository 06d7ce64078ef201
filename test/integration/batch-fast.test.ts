// ns.batch()'s fast path: writes packed into shared datagrams with one ack each, failures matched
// back to their operations by sequence number, the order kept across operations that name links
// or run through their methods. Every outcome is checked against ip -j.
import { NetlinkError, type Namespace } from '../../lib';
import { ip, ipJson, nameOf, withNamespaces } from '../helpers';
import { runChild, LIB } from '../ts-child';

async function withUplink(a: Namespace): Promise<void> {
  await ip(a, ['link', 'add', 'vf0', 'type', 'veth', 'peer', 'name', 'vf1']);
  await ip(a, ['addr', 'add', '10.70.0.1/24', 'dev', 'vf0']);
  await ip(a, ['link', 'set', 'vf0', 'up']);
  await ip(a, ['link', 'set', 'vf1', 'up']);
}

async function tableDsts(a: Namespace, table: number, family = '-4'): Promise<string[]> {
  try {
    const routes: Array<{ dst: string }> = await ipJson(['-n', nameOf(a), family, 'route', 'show', 'table', String(table)]);
    return routes.map((r) => r.dst);
  } catch (err) {
    if (/FIB table does not exist/.test(String((err as Error).message))) return [];
    throw err;
  }
}

/** n distinct /32s in 198.18.0.0/15. */
const dst = (i: number): string => `198.${18 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;

describe('batch fast path', () => {
  test('20 000 route adds: compact summary, every route in the kernel', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      const n = 20000;
      const summary = await a.batch((b) => {
        for (let i = 0; i < n; i++) b.routes.add({ dst: `${dst(i)}/32`, via: '10.70.0.2', table: 100 });
      }, { compact: true });
      expect(summary).toEqual({ ok: n, failed: [] });
      const dsts = await tableDsts(a, 100);
      expect(dsts).toHaveLength(n);
      expect(new Set(dsts)).toEqual(new Set(Array.from({ length: n }, (_, i) => dst(i))));
    });
  });

  test('failures spread over many datagrams come back at their own indexes, with the kernel\'s error and what they were about', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      const n = 6000;
      // Every 7th route is there already: its add fails with EEXIST, wherever it sits in a datagram.
      const pre: Array<Promise<void>> = [];
      for (let i = 0; i < n; i += 7) pre.push(a.routes.add({ dst: `${dst(i)}/32`, via: '10.70.0.2', table: 100 }));
      await Promise.all(pre);
      const summary = await a.batch((b) => {
        for (let i = 0; i < n; i++) {
          b.routes.add({ dst: `${dst(i)}/32`, via: '10.70.0.2', table: 100 });
          if (i === 100) b.routes.add({ dst: 'not-an-address', table: 100 });  // refused before any system call
        }
      }, { compact: true });
      const expected = new Set<number>();
      for (let i = 0; i < n; i += 7) expected.add(i <= 100 ? i : i + 1);
      expected.add(101);
      expect(summary.ok).toBe(n + 1 - expected.size);
      expect(new Set(summary.failed.map((f) => f.index))).toEqual(expected);
      expect(summary.failed.map((f) => f.index)).toEqual([...summary.failed.map((f) => f.index)].sort((x, y) => x - y));
      const bad = summary.failed.find((f) => f.index === 101)!;
      expect(bad.error).toBeInstanceOf(TypeError);
      expect(bad.error).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
      const dup = summary.failed.find((f) => f.index === 701)!;  // the route 198.18.2.188 (i = 700)
      expect(dup.error).toBeInstanceOf(NetlinkError);
      expect(dup.error).toMatchObject({ code: 'EEXIST', errno: 17, operation: 'RTM_NEWROUTE' });
      expect(dup.error.message).toContain(`(route ${dst(700)}/32 table 100)`);
      expect(await tableDsts(a, 100)).toHaveLength(n);
    });
  });

  test('the per-operation array: the same outcome, one entry per operation', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      await ip(a, ['route', 'add', `${dst(3)}/32`, 'via', '10.70.0.2', 'table', '100']);
      const results = await a.batch((b) => {
        for (let i = 0; i < 10; i++) b.routes.add({ dst: `${dst(i)}/32`, via: '10.70.0.2', table: 100 });
      });
      expect(results).toHaveLength(10);
      expect(results[3]).toMatchObject({ status: 'rejected', reason: { code: 'EEXIST' } });
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(9);
      expect(results[0]).toEqual({ status: 'fulfilled', value: undefined });
    });
  });

  test('order holds across links made, named and renamed in the same batch', async () => {
    await withNamespaces(1, async (a) => {
      const results = await a.batch((b) => {
        b.links.add({ kind: 'veth', name: 'vg0', peer: { name: 'vg1' } });  // through links.add
        b.links.set('vg0', { up: true, mtu: 1400 });                          // by name: no lookup
        b.addresses.add('vg0', '10.71.0.1/24');                               // names the new link
        b.routes.add({ dst: '10.72.0.0/16', dev: 'vg0', table: 7 });
        b.links.set('vg1', { name: 'vg9' });                                  // a rename ends a run
        b.addresses.add('vg9', '10.73.0.1/24');                               // looked up after it
        b.routes.add({ dst: '10.74.0.0/16', via: '10.71.0.2', table: 7 });
      }, { compact: true });
      expect(results).toEqual({ ok: 7, failed: [] });
      const links: Array<{ ifname: string; mtu: number; flags: string[] }> = await ipJson(['-n', nameOf(a), 'link', 'show']);
      expect(links.find((l) => l.ifname === 'vg0')).toMatchObject({ mtu: 1400 });
      expect(links.find((l) => l.ifname === 'vg0')!.flags).toContain('UP');
      expect(links.map((l) => l.ifname)).toContain('vg9');
      const addrs: Array<{ ifname: string; addr_info: Array<{ local: string }> }> = await ipJson(['-n', nameOf(a), 'addr', 'show']);
      expect(addrs.find((l) => l.ifname === 'vg0')!.addr_info.map((x) => x.local)).toContain('10.71.0.1');
      expect(addrs.find((l) => l.ifname === 'vg9')!.addr_info.map((x) => x.local)).toContain('10.73.0.1');
      expect((await tableDsts(a, 7)).sort()).toEqual(['10.72.0.0/16', '10.74.0.0/16']);
    });
  });

  test('a name that does not resolve fails only the operations that use it', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      const summary = await a.batch((b) => {
        b.routes.add({ dst: '10.75.0.0/16', dev: 'nosuch0', table: 8 });
        b.routes.add({ dst: '10.76.0.0/16', dev: 'vf0', table: 8 });
        b.addresses.add('nosuch0', '10.77.0.1/24');
        b.rules.add({ priority: 700, to: '10.75.0.0/16', table: 8 });
      }, { compact: true });
      expect(summary.ok).toBe(2);
      expect(summary.failed.map((f) => [f.index, (f.error as NodeJS.ErrnoException).code])).toEqual([[0, 'ENODEV'], [2, 'ENODEV']]);
      expect(await tableDsts(a, 8)).toEqual(['10.76.0.0/16']);
      const rules: Array<{ priority: number }> = await ipJson(['-n', nameOf(a), 'rule', 'show']);
      expect(rules.map((r) => r.priority)).toContain(700);
    });
  });

  test('IPv6 failures name their route; deletes and replaces go the same way', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      await ip(a, ['-6', 'route', 'add', '2001:db8:5::/64', 'dev', 'vf0', 'table', '9']);
      const summary = await a.batch((b) => {
        b.routes.add({ dst: '2001:db8:5::/64', type: 'blackhole', table: 9 });
        b.routes.replace({ dst: '2001:db8:6::/64', type: 'blackhole', table: 9 });
        b.routes.delete({ dst: '2001:db8:7::/64', table: 9 });
      }, { compact: true });
      expect(summary.ok).toBe(1);
      expect(summary.failed.map((f) => f.index)).toEqual([0, 2]);
      expect(summary.failed[0].error.message).toContain('(route 2001:db8:5::/64 table 9)');
      expect(summary.failed[1].error).toMatchObject({ code: 'ESRCH', operation: 'RTM_DELROUTE' });
      expect((await tableDsts(a, 9, '-6')).sort()).toEqual(['2001:db8:5::/64', '2001:db8:6::/64']);
    });
  });

  test('a build callback that throws sends nothing, and leaves no socket or thread behind', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      const err = await a.batch((b) => {
        for (let i = 0; i < 5000; i++) b.routes.add({ dst: `${dst(i)}/32`, via: '10.70.0.2', table: 100 });
        throw new Error('changed my mind');
      }, { compact: true }).then(() => undefined, (e: Error) => e);
      expect(err?.message).toBe('changed my mind');
      expect(await tableDsts(a, 100)).toEqual([]);
    });
  });

  test('a batch left running when its process exits does not hold the process open, and one awaited completes', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      const r = await runChild(`
        const { Namespace } = require(${JSON.stringify(LIB)});
        (async () => {
          const ns = await Namespace.open(${JSON.stringify(nameOf(a))});
          const s = await ns.batch((b) => { for (let i = 0; i < 3000; i++) b.routes.add({ dst: '10.80.' + (i >> 8) + '.' + (i & 255) + '/32', type: 'blackhole', table: 11 }); }, { compact: true });
          console.log(JSON.stringify(s));
          ns.close();
        })();`);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout.trim())).toEqual({ ok: 3000, failed: [] });
      expect(await tableDsts(a, 11)).toHaveLength(3000);
    });
  });

  test('a batch keeps its place among the calls made on the namespace: before it, and other batches', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      for (let i = 0; i < 20; i++) {
        const r = { dst: `10.81.0.${i}/32`, via: '10.70.0.2', table: 12 };
        const added = a.routes.add(r);  // queued on the connection, not yet sent
        const deleted = a.batch((b) => b.routes.delete(r), { compact: true });
        await added;
        expect(await deleted).toEqual({ ok: 1, failed: [] });
        const again = a.batch((b) => b.routes.add(r), { compact: true });
        const gone = a.batch((b) => b.routes.delete(r), { compact: true });
        expect(await Promise.all([again, gone])).toEqual([{ ok: 1, failed: [] }, { ok: 1, failed: [] }]);
      }
      expect(await tableDsts(a, 12)).toEqual([]);
    });
  });

  test('a handle closed in the same tick: every operation fails ERR_NETNS_CLOSED and nothing is sent', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      const other = await (await import('../../lib')).Namespace.open(nameOf(a));
      const p = other.batch((b) => { for (let i = 0; i < 5; i++) b.routes.add({ dst: `10.82.0.${i}/32`, via: '10.70.0.2', table: 13 }); }, { compact: true });
      other.close();
      const s = await p;
      expect(s.ok).toBe(0);
      expect(s.failed.map((f) => (f.error as NodeJS.ErrnoException).code)).toEqual(Array(5).fill('ERR_NETNS_CLOSED'));
      expect(await tableDsts(a, 13)).toEqual([]);
    });
  });

  test('arguments are checked as the methods check them: null options refused, a recording getter refused', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      let inner: unknown;
      const spec = { via: '10.70.0.2', table: 14 } as Record<string, unknown>;
      const s = await a.batch((b) => {
        b.addresses.add('vf1', '10.83.0.1/24', null as never);
        Object.defineProperty(spec, 'dst', {
          enumerable: true,
          get: () => { try { b.routes.delete({ dst: '10.84.0.0/24', table: 14 }); } catch (e) { inner = e; } return '10.84.0.0/24'; },
        });
        b.routes.add(spec as never);
      }, { compact: true });
      expect(s.failed.map((f) => [f.index, (f.error as NodeJS.ErrnoException).code])).toEqual([[0, 'ERR_INVALID_ARG_TYPE']]);
      expect(inner).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
      expect(await tableDsts(a, 14)).toEqual(['10.84.0.0/24']);
    });
  });

  test('operations that run through their methods run one after another: a link moved away, then one added under its name', async () => {
    await withNamespaces(2, async (a, c) => {
      await ip(a, ['link', 'add', 'vm0', 'type', 'veth', 'peer', 'name', 'vm1']);
      const s = await a.batch((b) => {
        b.links.set('vm0', { namespace: c });
        b.links.add({ kind: 'veth', name: 'vm0', peer: { name: 'vm2' } });
      }, { compact: true });
      expect(s).toEqual({ ok: 2, failed: [] });
      const inC: Array<{ ifname: string }> = await ipJson(['-n', nameOf(c), 'link', 'show']);
      expect(inC.map((l) => l.ifname)).toContain('vm0');
      const inA: Array<{ ifname: string }> = await ipJson(['-n', nameOf(a), 'link', 'show']);
      expect(inA.map((l) => l.ifname)).toEqual(expect.arrayContaining(['vm0', 'vm1', 'vm2']));
    });
  });

  test('a polluted Object.prototype (setters that throw) changes nothing in what a batch reports', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      const r = await runChild(`
        const { Namespace } = require(${JSON.stringify(LIB)});
        (async () => {
          const ns = await Namespace.open(${JSON.stringify(nameOf(a))});
          for (const key of ['done', 'errno', 'syscall', 'errors']) {
            Object.defineProperty(Object.prototype, key, { configurable: true, get() { return 'x'.repeat(64); }, set() { throw new Error('polluted ' + key); } });
          }
          const s = await ns.batch((b) => {
            for (let i = 0; i < 3; i++) b.routes.add({ dst: '10.85.0.' + i + '/32', via: '10.70.0.2', table: 15 });
            b.routes.add({ dst: '10.85.0.0/32', via: '10.70.0.2', table: 15 });
          }, { compact: true });
          for (const key of ['done', 'errno', 'syscall', 'errors']) delete Object.prototype[key];
          console.log(JSON.stringify({ ok: s.ok, failed: s.failed.map((f) => [f.index, f.error.code]) }));
          ns.close();
        })();`);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout.trim())).toEqual({ ok: 3, failed: [[3, 'EEXIST']] });
      expect(await tableDsts(a, 15)).toHaveLength(3);
    });
  });
});
