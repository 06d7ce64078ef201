// ns.batch(): results in order, partial failure, and atomic undo, checked with ip -j.
import { BatchError } from '../../lib';
import { ip, ipJson, nameOf, withNamespaces } from '../helpers';
import type { Namespace } from '../../lib';

async function withUplink(a: Namespace): Promise<void> {
  await ip(a, ['link', 'add', 'vb0', 'type', 'veth', 'peer', 'name', 'vb1']);
  await ip(a, ['addr', 'add', '10.60.0.1/24', 'dev', 'vb0']);
  await ip(a, ['link', 'set', 'vb0', 'up']);
  await ip(a, ['link', 'set', 'vb1', 'up']);
}

/** Routes of a table, per ip; a table that does not exist (nothing was ever added) is empty. */
async function tableRoutes(a: Namespace, table: number): Promise<Array<{ dst: string }>> {
  try {
    return await ipJson(['-n', nameOf(a), 'route', 'show', 'table', String(table)]);
  } catch (err) {
    if (/FIB table does not exist/.test(String((err as Error).message))) return [];
    throw err;
  }
}

describe('batch', () => {
  test('one result per operation, in order; a failure in the middle fails only itself', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      const dsts = Array.from({ length: 300 }, (_, i) => `10.61.${i >> 8}.${i & 255}/32`);
      const results = await a.batch((b) => {
        dsts.forEach((dst, i) => {
          b.routes.add({ dst, via: '10.60.0.2', table: 100 });
          if (i === 150) b.routes.add({ dst: dsts[0], via: '10.60.0.2', table: 100 });  // a duplicate
        });
        b.rules.add({ priority: 500, from: '10.60.0.0/24', table: 100 });
      });
      expect(results).toHaveLength(302);
      expect(results[151]).toMatchObject({ status: 'rejected', reason: { code: 'EEXIST', operation: 'RTM_NEWROUTE' } });
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
      expect((await tableRoutes(a, 100)).map((r) => r.dst).sort()).toEqual(dsts.map((d) => d.replace('/32', '')).sort());
      const rules: Array<{ priority: number; table: string }> = await ipJson(['-n', nameOf(a), 'rule', 'show']);
      expect(rules).toContainEqual(expect.objectContaining({ priority: 500, table: '100' }));
    });
  });

  test('atomic: a failure undoes what succeeded and rejects with BatchError', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      await ip(a, ['route', 'add', '10.62.0.5/32', 'via', '10.60.0.2', 'table', '100']);  // makes op 5 fail
      const err = await a.batch((b) => {
        for (let i = 0; i < 10; i++) b.routes.add({ dst: `10.62.0.${i}/32`, via: '10.60.0.2', table: 100 });
        b.addresses.add('vb1', '10.63.0.1/24');
        b.links.add({ kind: 'veth', name: 'vc0', peer: { name: 'vc1' } });
      }, { atomic: true }).then(() => undefined, (e) => e);
      expect(err).toBeInstanceOf(BatchError);
      expect(err.code).toBe('ERR_NETNS_BATCH_ABORTED');
      expect(err.cause).toMatchObject({ code: 'EEXIST' });
      expect(err.results[5].status).toBe('rejected');
      expect(err.undoErrors).toEqual([]);
      // Only the route that was there before remains; the address and the veth are gone too.
      expect((await tableRoutes(a, 100)).map((r) => r.dst)).toEqual(['10.62.0.5']);
      const links: Array<{ ifname: string }> = await ipJson(['-n', nameOf(a), 'link', 'show']);
      expect(links.map((l) => l.ifname)).not.toContain('vc0');
      const addrs: Array<{ addr_info: Array<{ local: string }> }> = await ipJson(['-n', nameOf(a), 'addr', 'show', 'dev', 'vb1']);
      expect(addrs[0].addr_info.map((i) => i.local)).not.toContain('10.63.0.1');
    });
  });

  test('atomic: one invalid argument sends nothing and throws its own error', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      const err = await a.batch((b) => {
        for (let i = 0; i < 20; i++) b.routes.add({ dst: `10.67.0.${i}/32`, via: '10.60.0.2', table: 100 });
        b.routes.add({ dst: '10.67.1.0/33', via: '10.60.0.2', table: 100 });  // no /33 in IPv4
        b.links.add({ kind: 'veth', name: 'vd0', peer: { name: 'vd1' } });
      }, { atomic: true }).then(() => undefined, (e) => e);
      expect(err).toBeInstanceOf(TypeError);
      expect(err.code).toBe('ERR_INVALID_ARG_VALUE');
      expect(await tableRoutes(a, 100)).toEqual([]);
      const links: Array<{ ifname: string }> = await ipJson(['-n', nameOf(a), 'link', 'show']);
      expect(links.map((l) => l.ifname)).not.toContain('vd0');
      // The connection is fine afterwards.
      await a.routes.add({ dst: '10.67.2.0/24', via: '10.60.0.2', table: 100 });
      expect((await tableRoutes(a, 100)).map((r) => r.dst)).toEqual(['10.67.2.0/24']);
    });
  });

  test('atomic: an invalid address (a method with more promise layers) also sends nothing', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      const err = await a.batch((b) => {
        b.routes.add({ dst: '10.68.0.0/24', via: '10.60.0.2', table: 100 });
        b.addresses.add('vb1', '10.68.1.1/40');  // no /40 in IPv4
      }, { atomic: true }).then(() => undefined, (e) => e);
      expect(err).toMatchObject({ name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });
      expect(await tableRoutes(a, 100)).toEqual([]);
    });
  });

  test('a failed atomic batch rejects only its own requests: unrelated ones of the same tick go through', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      const batch = a.batch((b) => {
        b.routes.add({ dst: '10.71.0.0/24', via: '10.60.0.2', table: 100 });
        b.links.add({ kind: 'veth', name: 'vf0', peer: { name: 'vf1' } });
        b.routes.add({ dst: '10.71.1.0/33', via: '10.60.0.2', table: 100 });  // no /33 in IPv4
      }, { atomic: true });
      // Issued in the same tick on the same namespace, by someone else.
      const listed = a.links.list();
      const added = a.links.add({ kind: 'veth', name: 'du0', peer: { name: 'du1' } });
      const routed = a.routes.add({ dst: '10.72.0.0/24', via: '10.60.0.2' });
      const set = a.links.set('vb1', { mtu: 1400 });
      await expect(batch).rejects.toMatchObject({ name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });
      expect((await listed).map((l) => l.name)).toEqual(expect.arrayContaining(['lo', 'vb0', 'vb1']));
      expect(await added).toMatchObject({ name: 'du0', kind: 'veth' });
      await routed;
      await set;
      const links: Array<{ ifname: string; mtu: number }> = await ipJson(['-n', nameOf(a), 'link', 'show']);
      expect(links.map((l) => l.ifname)).toContain('du0');
      expect(links.map((l) => l.ifname)).not.toContain('vf0');
      expect(links.find((l) => l.ifname === 'vb1')?.mtu).toBe(1400);
      expect((await tableRoutes(a, 254)).map((r) => r.dst)).toContain('10.72.0.0/24');
      expect(await tableRoutes(a, 100)).toEqual([]);
    });
  });

  test('two atomic batches at once are independent: one failing neither stops nor undoes the other', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      await ip(a, ['route', 'add', '10.73.0.3/32', 'via', '10.60.0.2', 'table', '100']);  // makes one op of `failing` fail
      const routes = (prefix: string) => Array.from({ length: 5 }, (_, i) => ({ dst: `${prefix}.${i}/32`, via: '10.60.0.2', table: 100 }));
      const [invalid, failing, good] = await Promise.allSettled([
        a.batch((b) => {
          for (const r of routes('10.74.0')) b.routes.add(r);
          b.routes.add({ dst: '10.74.1.0/24', via: 'not-an-address', table: 100 });
        }, { atomic: true }),
        a.batch((b) => { for (const r of routes('10.73.0')) b.routes.add(r); }, { atomic: true }),
        a.batch((b) => {
          for (const r of routes('10.75.0')) b.routes.add(r);
          b.links.add({ kind: 'veth', name: 'dg0', peer: { name: 'dg1' } });
        }, { atomic: true }),
      ]);
      expect(invalid).toMatchObject({ status: 'rejected', reason: { code: 'ERR_INVALID_ARG_VALUE' } });
      expect(failing).toMatchObject({ status: 'rejected', reason: { name: 'BatchError', cause: { code: 'EEXIST' }, undoErrors: [] } });
      expect(good.status).toBe('fulfilled');
      expect((good as PromiseFulfilledResult<Array<{ status: string }>>).value.every((r) => r.status === 'fulfilled')).toBe(true);
      // Only the good batch's routes and the route that was there before; failing's undo touched only its own.
      const expected = ['10.73.0.3', ...routes('10.75.0').map((r) => r.dst.replace('/32', ''))];
      expect((await tableRoutes(a, 100)).map((r) => r.dst).sort()).toEqual(expected.sort());
      const links: Array<{ ifname: string }> = await ipJson(['-n', nameOf(a), 'link', 'show']);
      expect(links.map((l) => l.ifname)).toContain('dg0');
    });
  });

  test('atomic: a device made outside netlink (tun) is not made either when another operation is invalid', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      const err = await a.batch((b) => {
        b.links.add({ kind: 'tun', name: 'bt0' });
        b.links.add({ kind: 'tun', name: 'bt1', mtu: 1400 });
        b.routes.add({ dst: '10.76.0.0/33', via: '10.60.0.2' });  // no /33 in IPv4
      }, { atomic: true }).then(() => undefined, (e) => e);
      expect(err).toMatchObject({ name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });
      const links: Array<{ ifname: string }> = await ipJson(['-n', nameOf(a), 'link', 'show']);
      expect(links.map((l) => l.ifname)).not.toContain('bt0');
      expect(links.map((l) => l.ifname)).not.toContain('bt1');
      // Sent when nothing is wrong.
      await a.batch((b) => { b.links.add({ kind: 'tun', name: 'bt2' }); }, { atomic: true });
      expect((await ipJson(['-n', nameOf(a), 'link', 'show', 'bt2']))[0]).toMatchObject({ ifname: 'bt2' });
    });
  });

  test('in order: a link added by the batch takes an address later in the same batch', async () => {
    await withNamespaces(1, async (a) => {
      const results = await a.batch((b) => {
        b.links.add({ kind: 'veth', name: 've0', peer: { name: 've1' } });
        b.addresses.add('ve0', '10.69.0.1/24');
      });
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
      const addrs: Array<{ addr_info: Array<{ local: string }> }> = await ipJson(['-n', nameOf(a), 'addr', 'show', 'dev', 've0']);
      expect(addrs[0].addr_info.map((i) => i.local)).toContain('10.69.0.1');
    });
  });

  test('atomic batches take only adds, refused before anything is sent', async () => {
    await withNamespaces(1, async (a) => {
      await withUplink(a);
      await expect(a.batch((b) => {
        b.routes.add({ dst: '10.64.0.0/24', via: '10.60.0.2' });
        b.routes.delete({ dst: '10.65.0.0/24' });
      }, { atomic: true })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
      expect((await tableRoutes(a, 254)).map((r) => r.dst)).not.toContain('10.64.0.0/24');
      await expect(a.batch('nope' as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
      // A build that records asynchronously would lose operations: refused, and nothing was sent.
      let late: (() => void) | undefined;
      // eslint-disable-next-line @typescript-eslint/no-misused-promises, @typescript-eslint/require-await -- the misuse this checks is refused
      await expect(a.batch(async (b) => {
        late = () => b.routes.add({ dst: '10.66.0.0/24', via: '10.60.0.2' });
      })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
      expect(late).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
      expect((await tableRoutes(a, 254)).map((r) => r.dst)).not.toContain('10.66.0.0/24');
    });
  });
});
