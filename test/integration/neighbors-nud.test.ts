// neighbors.list() lists what `ip neigh show` lists (NOARP and NONE entries left out), and the nud
// filter what `ip neigh show nud ...` lists; both checked against ip -j on the same entries.
import type { Namespace } from '../../lib';
import type { Neighbor } from '../../lib/types/neighbor';
import { ip, ipJson, nameOf, withNamespaces } from '../helpers';
import { vethPair } from './veth-setup';

// States that stay as they are while the test runs (no probing moves them on), plus the IPv6
// multicast entries in NOARP the kernel makes itself on every device that is up.
const ENTRIES: Array<[string, string]> = [['10.0.0.11', 'permanent'], ['10.0.0.12', 'noarp'], ['10.0.0.13', 'stale'], ['10.0.0.14', 'none']];

async function withEntries(fn: (ns: Namespace, n: string) => Promise<void>): Promise<void> {
  await withNamespaces(1, async (ns) => {
    await vethPair(ns);
    for (const [dst, nud] of ENTRIES) await ip(ns, ['neigh', 'add', dst, 'lladdr', '02:00:00:00:00:01', 'dev', 'v0', 'nud', nud]);
    await fn(ns, nameOf(ns));
  });
}

const key = (dst: string, dev: string): string => `${dst} ${dev}`;
// Multicast entries come and go with the links' own MLD traffic: both views compare the others.
const unicast = (k: string): boolean => !k.startsWith('ff');
const ipView = async (n: string, ...args: string[]): Promise<string[]> =>
  (await ipJson<any[]>(['-n', n, 'neigh', 'show', ...args])).map((e) => key(e.dst, e.dev)).filter(unicast).sort();
const ours = (list: Neighbor[]): string[] => list.map((e) => key(e.address, e.dev!)).filter(unicast).sort();

test('list() leaves out NOARP and NONE entries, as ip neigh show does', () => withEntries(async (ns, n) => {
  const listed = await ns.neighbors.list();
  expect(ours(listed)).toEqual(await ipView(n));
  expect(listed.map((e) => e.state)).not.toContain('noarp');
  expect(listed.map((e) => e.state)).not.toContain('none');
  expect(ours(listed)).toEqual(expect.arrayContaining([key('10.0.0.11', 'v0'), key('10.0.0.13', 'v0')]));
}));

test("nud: 'all' lists every entry, as ip neigh show nud all", () => withEntries(async (ns, n) => {
  const all = await ns.neighbors.list({ nud: 'all' });
  expect(ours(all)).toEqual(await ipView(n, 'nud', 'all'));
  expect(all.find((e) => e.address === '10.0.0.12')?.state).toBe('noarp');
  expect(all.find((e) => e.address === '10.0.0.14')?.state).toBe('none');
  expect(all.some((e) => e.family === 6 && e.state === 'noarp')).toBe(true);  // the kernel's multicast entries
}));

test('nud: one state or several, as ip neigh show nud A nud B', () => withEntries(async (ns, n) => {
  expect(ours(await ns.neighbors.list({ nud: 'permanent' }))).toEqual(await ipView(n, 'nud', 'permanent'));
  expect(ours(await ns.neighbors.list({ nud: 'none' }))).toEqual([key('10.0.0.14', 'v0')]);
  expect(await ipView(n, 'nud', 'none')).toEqual([key('10.0.0.14', 'v0')]);
  const two = await ns.neighbors.list({ nud: ['noarp', 'stale'] });
  expect(ours(two)).toEqual(await ipView(n, 'nud', 'noarp', 'nud', 'stale'));
  expect(ours(two)).toEqual([key('10.0.0.12', 'v0'), key('10.0.0.13', 'v0')]);
  // With a device filter too.
  expect(ours(await ns.neighbors.list({ dev: 'v0', nud: 'all', family: 4 }))).toEqual(ENTRIES.map(([dst]) => key(dst, 'v0')));
}));

test('proxy entries are listed whatever the filter, as ip lists them', () => withEntries(async (ns, n) => {
  await ip(ns, ['neigh', 'add', 'proxy', '10.0.0.50', 'dev', 'v0']);
  const proxies = await ns.neighbors.list({ proxy: true, nud: 'permanent' });
  expect(proxies.map((e) => e.address)).toEqual(['10.0.0.50']);
  expect((await ipJson<any[]>(['-n', n, 'neigh', 'show', 'proxy', 'nud', 'permanent'])).map((e) => e.dst)).toEqual(['10.0.0.50']);
}));

test('a bad nud is refused through the promise', () => withNamespaces(1, async (ns) => {
  await expect(ns.neighbors.list({ nud: 'bogus' as never })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  await expect(ns.neighbors.list({ nud: 3 as never })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
}));
