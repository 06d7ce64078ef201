// ns.neighbors and ns.fdb against the kernel, checked through `ip -j neigh show` and `bridge -j fdb show`.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Namespace } from '../../lib';
import { ip, ipJson, nameOf, withNamespaces } from '../helpers';
import { vethPair } from './veth-setup';

const withNet = <T>(fn: (ns: Namespace, n: string) => Promise<T>): Promise<T> =>
  withNamespaces(1, async (ns) => { await vethPair(ns); return fn(ns, nameOf(ns)); });

async function bridgeJson(args: string[]): Promise<any[]> {
  const { stdout } = await promisify(execFile)('bridge', ['-j', ...args]);
  return stdout.trim() ? JSON.parse(stdout) : [];
}

/** What an entry added as reachable may have become by the time it is read (ip's spelling). */
const AGED_REACHABLE = ['REACHABLE', 'STALE', 'DELAY', 'PROBE'];

test('ARP entries in each state; replace; delete', () => withNet(async (ns, n) => {
  await ns.neighbors.add({ dev: 'v0', address: '10.0.0.9', lladdr: '02:00:00:00:00:09' });
  await ns.neighbors.add({ dev: 'v0', address: '10.0.0.20', lladdr: '02:00:00:00:00:20', state: 'reachable' });
  await ns.neighbors.add({ dev: 'v0', address: '10.0.0.21', lladdr: '02:00:00:00:00:21', state: 'stale' });
  await ns.neighbors.add({ dev: 'v0', address: '10.0.0.22', lladdr: '02:00:00:00:00:22', state: 'noarp' });
  const shown = await ipJson(['-n', n, '-4', 'neigh', 'show', 'nud', 'all']);  // ip hides noarp entries without nud all
  const at = (a: string) => shown.find((x: any) => x.dst === a);
  expect(at('10.0.0.9')).toMatchObject({ dev: 'v0', lladdr: '02:00:00:00:00:09', state: ['PERMANENT'] });
  // reachable decays to stale (or delay/probe once used) with time, never to permanent
  expect(at('10.0.0.20')).toMatchObject({ lladdr: '02:00:00:00:00:20' });
  expect(at('10.0.0.20').state).toHaveLength(1);
  expect(AGED_REACHABLE).toContain(at('10.0.0.20').state[0]);
  expect(at('10.0.0.20').state).not.toContain('PERMANENT');
  expect(at('10.0.0.21')).toMatchObject({ state: ['STALE'] });
  expect(at('10.0.0.22')).toMatchObject({ state: ['NOARP'] });
  const listed = await ns.neighbors.list({ dev: 'v0', family: 4, nud: 'all' });  // as ip, noarp only when asked
  const mine = (a: string) => listed.find((x) => x.address === a);
  expect(mine('10.0.0.9')).toMatchObject({ family: 4, dev: 'v0', lladdr: '02:00:00:00:00:09', state: 'permanent', proxy: false });
  expect(mine('10.0.0.20')).toMatchObject({ lladdr: '02:00:00:00:00:20' });
  expect(AGED_REACHABLE.map((st) => st.toLowerCase())).toContain(mine('10.0.0.20')!.state);
  expect(mine('10.0.0.21')).toMatchObject({ state: 'stale' });
  expect(mine('10.0.0.22')).toMatchObject({ state: 'noarp' });
  expect(listed.map((x) => x.address).sort()).toEqual(shown.map((x: any) => x.dst).sort());

  await expect(ns.neighbors.add({ dev: 'v0', address: '10.0.0.9', lladdr: '02:00:00:00:00:19' })).rejects.toMatchObject({ code: 'EEXIST', operation: 'RTM_NEWNEIGH' });
  await ns.neighbors.replace({ dev: 'v0', address: '10.0.0.9', lladdr: '02:00:00:00:00:19' });
  expect((await ipJson(['-n', n, 'neigh', 'show', '10.0.0.9']))[0]).toMatchObject({ lladdr: '02:00:00:00:00:19' });
  await ns.neighbors.delete({ dev: 'v0', address: '10.0.0.9' });
  await ns.neighbors.delete(mine('10.0.0.22')! as any);
  const left = (await ipJson(['-n', n, '-4', 'neigh', 'show', 'nud', 'all'])).filter((x: any) => !x.state.includes('FAILED')).map((x: any) => x.dst);
  expect(left).not.toContain('10.0.0.9');
  expect(left).not.toContain('10.0.0.22');
  await expect(ns.neighbors.add({ dev: 'nosuchdev', address: '10.0.0.9', lladdr: '02:00:00:00:00:09' })).rejects.toMatchObject({ code: 'ENODEV' });
}));

test('NDP entries (IPv6)', () => withNet(async (ns, n) => {
  await ns.neighbors.add({ dev: 'v0', address: '2001:db8::9', lladdr: '02:00:00:00:00:99' });
  await ns.neighbors.add({ dev: 'v0', address: '2001:db8::10', lladdr: '02:00:00:00:00:10', state: 'stale', router: true });
  const shown = await ipJson(['-n', n, '-6', 'neigh', 'show', 'dev', 'v0']);
  expect(shown.find((x: any) => x.dst === '2001:db8::9')).toMatchObject({ lladdr: '02:00:00:00:00:99', state: ['PERMANENT'] });
  expect(shown.find((x: any) => x.dst === '2001:db8::10')).toMatchObject({ router: null, state: ['STALE'] });
  const listed = await ns.neighbors.list({ family: 6 });
  expect(listed.find((x) => x.address === '2001:db8::9')).toMatchObject({ family: 6, state: 'permanent' });
  expect(listed.find((x) => x.address === '2001:db8::10')).toMatchObject({ router: true, state: 'stale' });
  await ns.neighbors.delete({ dev: 'v0', address: '2001:db8::9' });
  expect((await ipJson(['-n', n, '-6', 'neigh', 'show', 'dev', 'v0'])).map((x: any) => x.dst)).not.toContain('2001:db8::9');
}));

test('NDP entries (IPv6): replace creates and then overwrites; noarp state', () => withNet(async (ns, n) => {
  const show6 = async (): Promise<any[]> => ipJson(['-n', n, '-6', 'neigh', 'show', 'nud', 'all', 'dev', 'v0']);  // nud all: noarp entries too
  const at = (shown: any[], a: string) => shown.find((x: any) => x.dst === a);
  // replace on an address with no entry creates it (permanent by default).
  await ns.neighbors.replace({ dev: 'v0', address: '2001:db8::31', lladdr: '02:00:00:00:00:31' });
  expect(at(await show6(), '2001:db8::31')).toMatchObject({ lladdr: '02:00:00:00:00:31', state: ['PERMANENT'] });
  // replace again: new lladdr and state, still one entry.
  await ns.neighbors.replace({ dev: 'v0', address: '2001:db8::31', lladdr: '02:00:00:00:00:32', state: 'stale' });
  let shown = await show6();
  expect(shown.filter((x: any) => x.dst === '2001:db8::31')).toEqual([expect.objectContaining({ lladdr: '02:00:00:00:00:32', state: ['STALE'] })]);
  // add on it now fails; replace does not.
  await expect(ns.neighbors.add({ dev: 'v0', address: '2001:db8::31', lladdr: '02:00:00:00:00:33' })).rejects.toMatchObject({ code: 'EEXIST', operation: 'RTM_NEWNEIGH' });
  // noarp, added and replaced into.
  await ns.neighbors.add({ dev: 'v0', address: '2001:db8::30', lladdr: '02:00:00:00:00:30', state: 'noarp' });
  await ns.neighbors.replace({ dev: 'v0', address: '2001:db8::31', lladdr: '02:00:00:00:00:34', state: 'noarp' });
  shown = await show6();
  expect(at(shown, '2001:db8::30')).toMatchObject({ lladdr: '02:00:00:00:00:30', state: ['NOARP'] });
  expect(at(shown, '2001:db8::31')).toMatchObject({ lladdr: '02:00:00:00:00:34', state: ['NOARP'] });
  // ip hides noarp entries unless asked for them: both are absent from the plain listing.
  const plain = (await ipJson(['-n', n, '-6', 'neigh', 'show', 'dev', 'v0'])).map((x: any) => x.dst);
  expect(plain).not.toContain('2001:db8::30');
  expect(plain).not.toContain('2001:db8::31');
  expect((await ns.neighbors.list({ dev: 'v0', family: 6 })).map((x) => x.address)).not.toContain('2001:db8::30');
  const listed = await ns.neighbors.list({ dev: 'v0', family: 6, nud: 'all' });
  expect(listed.find((x) => x.address === '2001:db8::30')).toMatchObject({ family: 6, dev: 'v0', lladdr: '02:00:00:00:00:30', state: 'noarp' });
  expect(listed.find((x) => x.address === '2001:db8::31')).toMatchObject({ lladdr: '02:00:00:00:00:34', state: 'noarp' });
  // Same unicast entries in both views (multicast ones come and go with the link's own MLD traffic).
  const unicast = (a: string): boolean => !a.startsWith('ff');
  expect(listed.map((x) => x.address).filter(unicast).sort()).toEqual(shown.map((x: any) => x.dst).filter(unicast).sort());
  await ns.neighbors.delete({ dev: 'v0', address: '2001:db8::30' });
  await ns.neighbors.delete({ dev: 'v0', address: '2001:db8::31' });
  const left = (await show6()).filter((x: any) => !x.state.includes('FAILED')).map((x: any) => x.dst);
  expect(left).not.toContain('2001:db8::30');
  expect(left).not.toContain('2001:db8::31');
}));

test('proxy ARP and NDP entries', () => withNet(async (ns, n) => {
  await ns.neighbors.add({ dev: 'v0', address: '10.0.0.50', proxy: true });
  await ns.neighbors.add({ dev: 'v0', address: '2001:db8::50', proxy: true });
  const shown = await ipJson(['-n', n, 'neigh', 'show', 'proxy']);
  expect(shown.map((x: any) => x.dst).sort()).toEqual(['10.0.0.50', '2001:db8::50']);
  const listed = await ns.neighbors.list({ proxy: true });
  expect(listed.map((x) => [x.address, x.dev, x.proxy]).sort()).toEqual([['10.0.0.50', 'v0', true], ['2001:db8::50', 'v0', true]]);
  expect((await ns.neighbors.list()).some((x) => x.proxy)).toBe(false);
  await ns.neighbors.delete({ dev: 'v0', address: '10.0.0.50', proxy: true });
  expect((await ipJson(['-n', n, 'neigh', 'show', 'proxy'])).map((x: any) => x.dst)).toEqual(['2001:db8::50']);
}));

test('bridge fdb entries: permanent and static, replace, delete', () => withNet(async (ns, n) => {
  await ip(ns, ['link', 'add', 'br0', 'type', 'bridge']);
  await ip(ns, ['link', 'set', 'v1', 'master', 'br0']);
  await ip(ns, ['link', 'set', 'br0', 'up']);
  await ns.fdb.add({ lladdr: '02:00:00:00:00:10', dev: 'v1', master: true });
  await ns.fdb.add({ lladdr: '02:00:00:00:00:11', dev: 'v1', master: true, state: 'static' });
  const shown = await bridgeJson(['-n', n, 'fdb', 'show', 'br', 'br0']);
  const at = (mac: string) => shown.find((x) => x.mac === mac);
  expect(at('02:00:00:00:00:10')).toMatchObject({ ifname: 'v1', master: 'br0', state: 'permanent' });
  expect(at('02:00:00:00:00:11')).toMatchObject({ ifname: 'v1', master: 'br0', state: 'static' });
  const listed = await ns.fdb.list({ master: 'br0' });
  expect(listed.find((e) => e.lladdr === '02:00:00:00:00:10')).toMatchObject({ dev: 'v1', master: 'br0', state: 'permanent' });
  expect(listed.find((e) => e.lladdr === '02:00:00:00:00:11')).toMatchObject({ dev: 'v1', master: 'br0', state: 'static' });
  expect((await ns.fdb.list({ dev: 'v1' })).every((e) => e.dev === 'v1')).toBe(true);
  await ns.fdb.replace({ lladdr: '02:00:00:00:00:10', dev: 'v1', master: true, state: 'static' });
  expect((await bridgeJson(['-n', n, 'fdb', 'show', 'br', 'br0'])).find((x) => x.mac === '02:00:00:00:00:10')).toMatchObject({ state: 'static' });
  await ns.fdb.delete({ lladdr: '02:00:00:00:00:10', dev: 'v1', master: true });
  expect((await bridgeJson(['-n', n, 'fdb', 'show', 'br', 'br0'])).map((x) => x.mac)).not.toContain('02:00:00:00:00:10');
  await expect(ns.fdb.delete({ lladdr: '02:00:00:00:00:10', dev: 'v1', master: true })).rejects.toMatchObject({ code: 'ENOENT' });
}));
