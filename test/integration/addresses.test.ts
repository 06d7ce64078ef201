// ns.addresses add/replace/list/delete for IPv4 and IPv6, checked with `ip -j -n NS addr show`.
import { Namespace, NetlinkError } from '../../lib';
import { ipJson, nameOf, withNamespaces } from '../helpers';

const shown = async (ns: Namespace, dev: string): Promise<any[]> =>
  (await ipJson(['-n', nameOf(ns), 'addr', 'show', 'dev', dev]))[0].addr_info;

async function withVeth(fn: (ns: Namespace) => Promise<void>): Promise<void> {
  await withNamespaces(1, async (ns) => {
    await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    await fn(ns);
  });
}

test('IPv4: plain, with broadcast + label + scope, with "broadcast +", with lifetimes', async () => {
  await withVeth(async (ns) => {
    await ns.addresses.add('v0', '10.0.0.1/24');
    await ns.addresses.add('v0', '10.0.1.11/24', { broadcast: '10.0.1.255', label: 'v0:1', scope: 'link' });
    await ns.addresses.add('v0', '10.0.2.12/24', { broadcast: true });
    await ns.addresses.add('v0', '10.0.3.13/24', { validLifetime: 100, preferredLifetime: 50, metric: 7 });
    const ip = await shown(ns, 'v0');
    const by = (a: string) => ip.find((x) => x.local === a);
    expect(by('10.0.0.1')).toMatchObject({ family: 'inet', prefixlen: 24, scope: 'global' });
    expect(by('10.0.0.1').broadcast).toBeUndefined();
    expect(by('10.0.1.11')).toMatchObject({ broadcast: '10.0.1.255', label: 'v0:1', scope: 'link' });
    expect(by('10.0.2.12')).toMatchObject({ broadcast: '10.0.2.255' });
    expect(by('10.0.3.13').valid_life_time).toBeLessThanOrEqual(100);
    expect(by('10.0.3.13').preferred_life_time).toBeLessThanOrEqual(50);
    expect(by('10.0.3.13').metric).toBe(7);
    const ours = await ns.addresses.list({ link: 'v0', family: 4 });
    expect(ours.map((a) => a.cidr).sort()).toEqual(['10.0.0.1/24', '10.0.1.11/24', '10.0.2.12/24', '10.0.3.13/24']);
    const v0 = await ns.links.get('v0');
    expect(ours.find((a) => a.address === '10.0.1.11')).toMatchObject({
      link: 'v0', index: v0.index, family: 4, prefixLength: 24, broadcast: '10.0.1.255', label: 'v0:1', scope: 'link',
      validLifetime: 'forever', preferredLifetime: 'forever',
    });
    const timed = ours.find((a) => a.address === '10.0.3.13')!;
    expect(timed.validLifetime).toBeLessThanOrEqual(100);
    expect(timed.preferredLifetime).toBeLessThanOrEqual(50);
    expect(timed.metric).toBe(7);
  });
});

test('IPv6: nodad + noprefixroute, lifetimes; family and link filters', async () => {
  await withVeth(async (ns) => {
    await ns.links.set('v0', { up: true });
    await ns.addresses.add('v0', '2001:db8:1::1/64', { nodad: true, noprefixroute: true });
    await ns.addresses.add('v0', '2001:db8::5/64', { nodad: true, validLifetime: 100, preferredLifetime: 50 });
    await ns.links.set('lo', { up: true });
    await ns.addresses.add('lo', '10.9.9.9/32');
    const ip = (await shown(ns, 'v0')).filter((a) => a.family === 'inet6' && a.scope === 'global');
    const one = ip.find((a) => a.local === '2001:db8:1::1');
    expect(one).toMatchObject({ prefixlen: 64, nodad: true, noprefixroute: true });
    expect(ip.find((a) => a.local === '2001:db8::5').valid_life_time).toBeLessThanOrEqual(100);
    const ours = await ns.addresses.list({ link: 'v0', family: 6 });
    expect(ours.every((a) => a.family === 6 && a.link === 'v0')).toBe(true);
    const mine = ours.find((a) => a.address === '2001:db8:1::1')!;
    expect(mine).toMatchObject({ prefixLength: 64, cidr: '2001:db8:1::1/64', scope: 'global' });
    expect(mine.flags).toEqual(expect.arrayContaining(['nodad', 'noprefixroute', 'permanent']));
    // No prefix route for the noprefixroute address, one for the other.
    const routes = await ipJson(['-n', nameOf(ns), '-6', 'route', 'show', 'dev', 'v0']);
    expect(routes.map((r: any) => r.dst)).toContain('2001:db8::/64');
    expect(routes.map((r: any) => r.dst)).not.toContain('2001:db8:1::/64');
    // Every family, every link: the loopback address appears with its link's name.
    const all = await ns.addresses.list();
    expect(all.find((a) => a.address === '10.9.9.9')).toMatchObject({ link: 'lo', prefixLength: 32, family: 4 });
    expect(all.find((a) => a.address === '127.0.0.1')).toMatchObject({ link: 'lo', scope: 'host' });
  });
});

test('replace updates an existing address; delete removes it; an IPv4 address without /len deletes whatever its prefix', async () => {
  await withVeth(async (ns) => {
    await ns.addresses.add('v0', '10.0.0.1/24');
    const dup = await ns.addresses.add('v0', '10.0.0.1/24').catch((e) => e);
    expect(dup).toBeInstanceOf(NetlinkError);
    expect(dup.code).toBe('EEXIST');
    await ns.addresses.replace('v0', '10.0.0.1/24', { validLifetime: 300, preferredLifetime: 200 });
    const after = (await shown(ns, 'v0')).filter((a) => a.local === '10.0.0.1');
    expect(after).toHaveLength(1);
    expect(after[0].valid_life_time).toBeLessThanOrEqual(300);
    await ns.addresses.replace('v0', '10.0.0.2/24');
    // The secondary first: deleting a primary takes its secondaries with it.
    await ns.addresses.delete('v0', '10.0.0.2');
    expect((await shown(ns, 'v0')).map((a) => a.local)).not.toContain('10.0.0.2');
    await ns.addresses.delete('v0', '10.0.0.1/24');
    expect((await shown(ns, 'v0')).filter((a) => a.family === 'inet')).toEqual([]);
    const missing = await ns.addresses.delete('v0', '10.0.0.1/24').catch((e) => e);
    expect(missing).toBeInstanceOf(NetlinkError);
    expect(missing.code).toBe('EADDRNOTAVAIL');
    const noLink = await ns.addresses.add('nope0', '10.0.0.1/24').catch((e) => e);
    expect(noLink.code).toBe('ENODEV');
  });
});

test('IPv6 delete: the address and its prefix route go; the other address stays', async () => {
  await withVeth(async (ns) => {
    const n = nameOf(ns);
    await ns.links.set('v0', { up: true });
    await ns.addresses.add('v0', '2001:db8:7::1/64', { nodad: true });
    await ns.addresses.add('v0', '2001:db8:8::1/64', { nodad: true });
    // ip -6 prints no entry for the link once it has no IPv6 address left (v1 is down: no link-local either).
    const six = async (): Promise<string[]> => ((await ipJson(['-n', n, '-6', 'addr', 'show', 'dev', 'v0']))[0]?.addr_info ?? [])
      .map((a: any) => `${a.local}/${a.prefixlen}`);
    expect(await six()).toEqual(expect.arrayContaining(['2001:db8:7::1/64', '2001:db8:8::1/64']));
    await ns.addresses.delete('v0', '2001:db8:7::1/64');
    const after = await six();
    expect(after).not.toContain('2001:db8:7::1/64');
    expect(after).toContain('2001:db8:8::1/64');
    const routes = (await ipJson(['-n', n, '-6', 'route', 'show', 'dev', 'v0'])).map((r: any) => r.dst);
    expect(routes).not.toContain('2001:db8:7::/64');
    expect(routes).toContain('2001:db8:8::/64');
    expect((await ns.addresses.list({ link: 'v0', family: 6 })).map((a) => a.cidr)).not.toContain('2001:db8:7::1/64');
    // Deleting it again: the kernel has nothing to delete.
    const missing = await ns.addresses.delete('v0', '2001:db8:7::1/64').catch((e) => e);
    expect(missing).toBeInstanceOf(NetlinkError);
    expect(missing.code).toBe('EADDRNOTAVAIL');
    // Without a prefix length, an IPv6 address is /128 and deletes nothing of 2001:db8:8::1/64 (as ip addr del).
    const wrongLen = await ns.addresses.delete('v0', '2001:db8:8::1').catch((e) => e);
    expect(wrongLen).toBeInstanceOf(NetlinkError);
    expect(wrongLen.code).toBe('EADDRNOTAVAIL');
    expect(await six()).toContain('2001:db8:8::1/64');
    await ns.addresses.delete('v0', '2001:db8:8::1/64');
    expect((await six()).filter((a) => a.startsWith('2001:db8:'))).toEqual([]);
  });
});

test('IPv4 noprefixroute: the flag is set and no prefix route is made', async () => {
  await withVeth(async (ns) => {
    const n = nameOf(ns);
    await ns.links.set('v0', { up: true });
    await ns.addresses.add('v0', '10.5.0.1/24', { noprefixroute: true });
    await ns.addresses.add('v0', '10.6.0.1/24');   // control: gets its prefix route
    const ip = await shown(ns, 'v0');
    expect(ip.find((a) => a.local === '10.5.0.1')).toMatchObject({ family: 'inet', prefixlen: 24, noprefixroute: true });
    expect(ip.find((a) => a.local === '10.6.0.1')).not.toHaveProperty('noprefixroute');
    const main = (await ipJson(['-n', n, 'route', 'show', 'table', 'main'])).map((r: any) => r.dst);
    expect(main).toContain('10.6.0.0/24');
    expect(main).not.toContain('10.5.0.0/24');
    // Nor in any other table: only the local route for the address itself.
    const all = await ipJson(['-n', n, 'route', 'show', 'table', 'all']);
    expect(all.filter((r: any) => r.dst === '10.5.0.0/24')).toEqual([]);
    expect(all.find((r: any) => r.dst === '10.5.0.1')).toMatchObject({ type: 'local', table: 'local' });
    const mine = (await ns.addresses.list({ link: 'v0', family: 4 })).find((a) => a.address === '10.5.0.1')!;
    expect(mine.flags).toContain('noprefixroute');
    expect((await ns.addresses.list({ link: 'v0', family: 4 })).find((a) => a.address === '10.6.0.1')!.flags).not.toContain('noprefixroute');
  });
});

test('malformed addresses and options are rejected before any system call', async () => {
  await withVeth(async (ns) => {
    const spy = jest.spyOn(ns.netlink(), 'request');
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => ns.addresses.add('v0', '10.0.0.256/24'), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.addresses.add('v0', '10.0.0.1/33'), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.addresses.add('v0', '2001:db8::1/129'), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.addresses.add('v0', '2001:db8:::1/64'), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.addresses.add('v0', '10.0.0.1/'), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.addresses.add('v0', 'fe80::1%v0/64'), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.addresses.add('v0', 167772161 as never), 'ERR_INVALID_ARG_TYPE'],
      [() => ns.addresses.add('v0', '10.0.0.1/24', { broadcast: '10.0.0' }), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.addresses.add('v0', '2001:db8::1/64', { broadcast: true }), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.addresses.add('v0', '10.0.0.1/24', { label: 'eth0:1' }), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.addresses.add('v0', '10.0.0.1/24', { scope: 'galaxy' as never }), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.addresses.add('v0', '10.0.0.1/24', { validLifetime: 10, preferredLifetime: 20 }), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.addresses.add('v0', '10.0.0.1/24', { validLifetime: -1 }), 'ERR_OUT_OF_RANGE'],
      [() => ns.addresses.add('v0', '10.0.0.1/24', { nodad: true }), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.addresses.add('v0', '10.0.0.1/24', { noprefixrout: true } as never), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.addresses.delete('v0', '10.0.0.1/99'), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.addresses.list({ family: 5 as never }), 'ERR_INVALID_ARG_VALUE'],
    ];
    for (const [op, code] of cases) {
      const err: any = await op().catch((e) => e);
      expect({ code: err?.code, message: String(err) }).toMatchObject({ code });
    }
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect((await shown(ns, 'v0')).filter((a) => a.family === 'inet')).toEqual([]);
  });
});
