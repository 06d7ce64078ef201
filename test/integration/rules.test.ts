// ns.rules against the kernel, checked through `ip -j rule show` (and ip -6), and VRF-lite: tables
// selected by rules, with real lookups. VRF devices are tested where the kernel has them.
import { execFileSync } from 'node:child_process';
import type { Namespace } from '../../lib';
import { ip, ipJson, nameOf, uniqueName, withNamespaces } from '../helpers';
import { vethPair } from './veth-setup';

const withNet = <T>(fn: (ns: Namespace, n: string) => Promise<T>): Promise<T> =>
  withNamespaces(1, async (ns) => { await vethPair(ns); return fn(ns, nameOf(ns)); });

/** Can this kernel make a vrf device? Probed once, in a throwaway namespace of our own. */
function kernelHasVrf(): boolean {
  const n = uniqueName('vrfprobe');
  execFileSync('ip', ['netns', 'add', n]);
  try {
    execFileSync('ip', ['-n', n, 'link', 'add', 'vrf0', 'type', 'vrf', 'table', '10'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    execFileSync('ip', ['netns', 'delete', n]);
  }
}
const hasVrf = kernelHasVrf();

test('IPv4 rules: every selector and action, as ip rule show lists them', () => withNet(async (ns, n) => {
  await ns.rules.add({ priority: 100, from: '10.0.0.0/24', table: 100 });
  await ns.rules.add({ priority: 101, to: '10.2.0.0/16', table: 1000 });
  await ns.rules.add({ priority: 102, fwmark: 0x10, fwmask: 0xff, table: 100 });
  await ns.rules.add({ priority: 103, iif: 'v0', table: 100 });
  await ns.rules.add({ priority: 104, oif: 'v0', table: 'main' });
  await ns.rules.add({ priority: 105, tos: 0x10, table: 100 });
  await ns.rules.add({ priority: 106, action: 'blackhole' });
  await ns.rules.add({ priority: 107, action: 'unreachable', not: true, from: '10.9.0.0/16' });
  await ns.rules.add({ priority: 108, action: 'prohibit' });
  await ns.rules.add({ priority: 109, goto: 200 });
  await ns.rules.add({ priority: 110, table: 'main', suppressPrefixLength: 0 });
  await ns.rules.add({ priority: 111, uidRange: { start: 1000, end: 2000 }, table: 100 });
  await ns.rules.add({ priority: 112, l3mdev: true });
  await ns.rules.add({ priority: 113, ipProto: 6, dport: { start: 80, end: 443 }, protocol: 'static', table: 100 });
  await ns.rules.add({ priority: 200, table: 100 });
  const shown = await ipJson(['-n', n, 'rule', 'show']);
  const at = (p: number) => shown.find((r: any) => r.priority === p);
  expect(at(100)).toMatchObject({ src: '10.0.0.0', srclen: 24, table: '100' });
  expect(at(101)).toMatchObject({ dst: '10.2.0.0', dstlen: 16, table: '1000' });
  expect(at(102)).toMatchObject({ fwmark: '0x10', fwmask: '0xff' });
  expect(at(103)).toMatchObject({ iif: 'v0' });
  expect(at(104)).toMatchObject({ oif: 'v0', table: 'main' });
  expect(at(105)).toMatchObject({ tos: '0x10' });
  expect(at(106)).toMatchObject({ action: 'blackhole' });
  expect(at(107)).toMatchObject({ action: 'unreachable', not: null, src: '10.9.0.0' });
  expect(at(108)).toMatchObject({ action: 'prohibit' });
  expect(at(109)).toMatchObject({ goto: 200 });
  expect(at(110)).toMatchObject({ table: 'main', suppress_prefixlen: 0 });
  expect(at(111)).toMatchObject({ uid_start: 1000, uid_end: 2000 });
  expect(at(112)).toHaveProperty('l3mdev');
  expect(at(113)).toMatchObject({ ipproto: 'tcp', dport_start: 80, dport_end: 443, protocol: 'static' });

  const listed = await ns.rules.list({ family: 4 });
  const mine = (p: number) => listed.find((r) => r.priority === p);
  expect(mine(100)).toMatchObject({ family: 4, from: '10.0.0.0/24', table: 100, action: 'lookup' });
  expect(mine(101)).toMatchObject({ to: '10.2.0.0/16', table: 1000 });
  expect(mine(102)).toMatchObject({ fwmark: 0x10, fwmask: 0xff });
  expect(mine(103)).toMatchObject({ iif: 'v0' });
  expect(mine(104)).toMatchObject({ oif: 'v0', table: 254 });
  expect(mine(105)).toMatchObject({ tos: 0x10 });
  expect(mine(106)).toMatchObject({ action: 'blackhole' });
  expect(mine(107)).toMatchObject({ action: 'unreachable', not: true });
  expect(mine(108)).toMatchObject({ action: 'prohibit' });
  expect(mine(109)).toMatchObject({ action: 'goto', goto: 200 });
  expect(mine(110)).toMatchObject({ suppressPrefixLength: 0 });
  expect(mine(111)).toMatchObject({ uidRange: { start: 1000, end: 2000 } });
  expect(mine(112)).toMatchObject({ l3mdev: true });
  expect(mine(113)).toMatchObject({ ipProto: 6, dport: { start: 80, end: 443 }, protocol: 'static' });
  expect(listed.map((r) => r.priority)).toEqual([...listed.map((r) => r.priority)].sort((a, b) => a - b));

  await expect(ns.rules.add({ priority: 100, from: '10.0.0.0/24', table: 100 })).rejects.toMatchObject({ code: 'EEXIST', operation: 'RTM_NEWRULE' });
  await ns.rules.delete({ priority: 100 });
  await ns.rules.delete(mine(111)!);
  const after = (await ipJson(['-n', n, 'rule', 'show'])).map((r: any) => r.priority);
  expect(after).not.toContain(100);
  expect(after).not.toContain(111);
  expect(after).toContain(112);
  await expect(ns.rules.delete({ priority: 100 })).rejects.toMatchObject({ code: 'ENOENT' });
}));

test('IPv6 rules', () => withNet(async (ns, n) => {
  await ns.rules.add({ priority: 100, from: '2001:db8::/64', table: 100 });
  await ns.rules.add({ priority: 101, to: '2001:db8:5::/48', table: 100 });
  await ns.rules.add({ family: 6, priority: 102, fwmark: 0x10, fwmask: 0xff, table: 100 });
  await ns.rules.add({ family: 6, priority: 107, action: 'unreachable' });
  const shown = await ipJson(['-n', n, '-6', 'rule', 'show']);
  const at = (p: number) => shown.find((r: any) => r.priority === p);
  expect(at(100)).toMatchObject({ src: '2001:db8::', srclen: 64, table: '100' });
  expect(at(101)).toMatchObject({ dst: '2001:db8:5::', dstlen: 48 });
  expect(at(102)).toMatchObject({ fwmark: '0x10' });
  expect(at(107)).toMatchObject({ action: 'unreachable' });
  const listed = await ns.rules.list({ family: 6 });
  expect(listed.every((r) => r.family === 6)).toBe(true);
  expect(listed.find((r) => r.priority === 100)).toMatchObject({ from: '2001:db8::/64', table: 100 });
  expect((await ns.rules.list()).some((r) => r.family === 4)).toBe(true);
  await ns.rules.delete({ family: 6, priority: 100 });
  expect((await ipJson(['-n', n, '-6', 'rule', 'show'])).map((r: any) => r.priority)).not.toContain(100);
}));

test('IPv6 rules: iif, oif, goto, suppress_prefixlength, uid range, l3mdev', () => withNet(async (ns, n) => {
  await ns.rules.add({ family: 6, priority: 100, iif: 'v0', table: 100 });
  await ns.rules.add({ family: 6, priority: 101, oif: 'v0', table: 'main' });
  await ns.rules.add({ family: 6, priority: 102, goto: 200 });
  await ns.rules.add({ family: 6, priority: 103, table: 'main', suppressPrefixLength: 0 });
  await ns.rules.add({ family: 6, priority: 104, uidRange: { start: 1000, end: 2000 }, table: 100 });
  await ns.rules.add({ family: 6, priority: 105, l3mdev: true });
  await ns.rules.add({ family: 6, priority: 106, iif: 'v1', oif: 'v0', from: '2001:db8::/64', suppressPrefixLength: 48, table: 100 });
  await ns.rules.add({ family: 6, priority: 200, table: 100 });
  const shown = await ipJson(['-n', n, '-6', 'rule', 'show']);
  const at = (p: number) => shown.find((r: any) => r.priority === p);
  expect(at(100)).toMatchObject({ iif: 'v0', table: '100' });
  expect(at(101)).toMatchObject({ oif: 'v0', table: 'main' });
  expect(at(102)).toMatchObject({ goto: 200 });
  expect(at(103)).toMatchObject({ table: 'main', suppress_prefixlen: 0 });
  expect(at(104)).toMatchObject({ uid_start: 1000, uid_end: 2000, table: '100' });
  expect(at(105)).toHaveProperty('l3mdev');
  expect(at(106)).toMatchObject({ src: '2001:db8::', srclen: 64, iif: 'v1', oif: 'v0', suppress_prefixlen: 48, table: '100' });
  // None of them went to the IPv4 rule list.
  const four = (await ipJson(['-n', n, '-4', 'rule', 'show'])).map((r: any) => r.priority);
  for (const p of [100, 101, 102, 103, 104, 105, 106, 200]) expect(four).not.toContain(p);

  const listed = await ns.rules.list({ family: 6 });
  const mine = (p: number) => listed.find((r) => r.priority === p);
  expect(mine(100)).toMatchObject({ family: 6, iif: 'v0', table: 100, action: 'lookup' });
  expect(mine(101)).toMatchObject({ family: 6, oif: 'v0', table: 254 });
  expect(mine(102)).toMatchObject({ family: 6, action: 'goto', goto: 200 });
  expect(mine(103)).toMatchObject({ family: 6, table: 254, suppressPrefixLength: 0 });
  expect(mine(104)).toMatchObject({ family: 6, uidRange: { start: 1000, end: 2000 }, table: 100 });
  expect(mine(105)).toMatchObject({ family: 6, l3mdev: true });
  expect(mine(106)).toMatchObject({ family: 6, from: '2001:db8::/64', iif: 'v1', oif: 'v0', suppressPrefixLength: 48, table: 100 });
  // Rules without suppress_prefixlength read back without it (the kernel reports -1 for "unset").
  expect(mine(100)!.suppressPrefixLength).toBeUndefined();

  // A Rule from list() deletes itself; the others stay.
  for (const p of [102, 104, 105]) await ns.rules.delete(mine(p)!);
  const after = (await ipJson(['-n', n, '-6', 'rule', 'show'])).map((r: any) => r.priority);
  expect(after.filter((p: number) => [102, 104, 105].includes(p))).toEqual([]);
  expect(after).toEqual(expect.arrayContaining([100, 101, 103, 106, 200]));
}));

test('IPv6 suppress_prefixlength in a lookup: a default route is ignored, a more specific one is used', () => withNet(async (ns, n) => {
  // Table 100 has a default route and a /64; rule 100 looks it up but ignores /0 results.
  await ns.routes.add({ dst: 'default', family: 6, via: '2001:db8::2', dev: 'v0', table: 100 });
  await ns.routes.add({ dst: '2001:db8:50::/64', via: '2001:db8::3', dev: 'v0', table: 100 });
  await ns.rules.add({ family: 6, priority: 100, table: 100, suppressPrefixLength: 0 });
  await ns.rules.add({ family: 6, priority: 101, to: '2001:db8:60::/64', action: 'prohibit' });
  const [specific] = await ipJson(['-n', n, '-6', 'route', 'get', '2001:db8:50::1']);
  expect(specific).toMatchObject({ gateway: '2001:db8::3', table: '100' });
  expect(await ns.routes.get('2001:db8:50::1')).toMatchObject({ via: '2001:db8::3', table: 100 });
  // 2001:db8:60::1 only matches table 100's default: suppressed, so the prohibit rule answers.
  await expect(ipJson(['-n', n, '-6', 'route', 'get', '2001:db8:60::1'])).rejects.toThrow(/Permission denied|prohibit/i);
  await expect(ns.routes.get('2001:db8:60::1')).rejects.toMatchObject({ code: 'EACCES' });
}));

test('VRF-lite: overlapping routes in two tables, selected by rules on the source address', () => withNet(async (ns, n) => {
  // Two "VRFs": table 10 for sources in 10.0.0.0/24, table 20 for traffic entering on v1.
  await ip(ns, ['addr', 'add', '10.50.0.1/24', 'dev', 'v1']);
  await ns.routes.add({ dst: '172.16.0.0/16', via: '10.0.0.2', dev: 'v0', table: 10 });
  await ns.routes.add({ dst: '172.16.0.0/16', via: '10.50.0.2', dev: 'v1', table: 20 });
  await ns.rules.add({ priority: 1000, from: '10.0.0.0/24', table: 10 });
  await ns.rules.add({ priority: 1001, from: '10.50.0.0/24', table: 20 });
  await ns.rules.add({ priority: 1002, to: '172.16.0.0/16', action: 'unreachable' });
  const a = await ns.routes.get('172.16.1.1', { from: '10.0.0.1' });
  const b = await ns.routes.get('172.16.1.1', { from: '10.50.0.1' });
  expect(a).toMatchObject({ table: 10, via: '10.0.0.2', dev: 'v0' });
  expect(b).toMatchObject({ table: 20, via: '10.50.0.2', dev: 'v1' });
  const [ipA] = await ipJson(['-n', n, 'route', 'get', '172.16.1.1', 'from', '10.0.0.1']);
  expect(ipA).toMatchObject({ gateway: '10.0.0.2', table: '10' });
  // No rule for other sources: the catch-all unreachable rule answers.
  await expect(ns.routes.get('172.16.1.1')).rejects.toMatchObject({ code: 'ENETUNREACH' });
}));

(hasVrf ? test : test.skip)(`VRF device: its table is selected by the l3mdev rule${hasVrf ? '' : ' (skipped: this kernel has no vrf device support)'}`, () => withNet(async (ns, n) => {
  await ip(ns, ['link', 'add', 'vrf-blue', 'type', 'vrf', 'table', '10']);
  await ip(ns, ['link', 'set', 'vrf-blue', 'up']);
  await ip(ns, ['link', 'set', 'v1', 'master', 'vrf-blue']);
  await ip(ns, ['addr', 'add', '10.50.0.1/24', 'dev', 'v1']);
  await ns.routes.add({ dst: '172.16.0.0/16', via: '10.50.0.2', dev: 'v1', table: 10 });
  const rules = await ns.rules.list({ family: 4 });
  expect(rules.some((r) => r.l3mdev)).toBe(true);
  expect(await ns.routes.get('172.16.1.1', { oif: 'vrf-blue' })).toMatchObject({ table: 10, via: '10.50.0.2' });
  expect((await ipJson(['-n', n, 'route', 'show', 'vrf', 'vrf-blue']))[0]).toBeDefined();
}));
