// ns.tc.filters against the kernel, checked through `tc -j -s filter show` (and tc's text where its
// JSON writer fails: u32 ip matches). Classifiers and actions this kernel lacks (matchall, police,
// gact here) are probed first: their live tests are skipped with the probe's reason, and the
// kernel's refusal is checked to be a NetlinkError; their request bytes are golden-tested.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { NetlinkError, type Namespace } from '../../lib';
import { ip, nameOf, withNamespaces } from '../helpers';
import { runChild } from '../ts-child';
import { probeTc } from './tc-probe';

const run = promisify(execFile);
const probe = probeTc(['matchall', 'police', 'gact']);

async function tc(n: string, args: string[]): Promise<string> {
  return (await run('tc', ['-n', n, ...args])).stdout;
}
async function tcJson(n: string, args: string[]): Promise<any[]> {
  const out = await tc(n, ['-j', '-s', ...args]);
  return out.trim() ? JSON.parse(out) : [];
}

/** v0/v1 veth and ifb0, up; an ingress qdisc on v0 and an htb root (1:) on v1, made with tc itself. */
const withDevs = <T>(fn: (ns: Namespace, n: string) => Promise<T>): Promise<T> => withNamespaces(1, async (ns) => {
  const n = nameOf(ns);
  // No IPv6 (router solicitations, MLD): a packet through a filter between the library's listing
  // and tc's would make their counters differ (seen under user-mode Linux, where the gap is longer).
  await ns.sysctl.set('net.ipv6.conf.all.disable_ipv6', 1);
  await ns.sysctl.set('net.ipv6.conf.default.disable_ipv6', 1);
  await ip(ns, ['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
  await ip(ns, ['link', 'add', 'ifb0', 'type', 'ifb']);
  for (const dev of ['v0', 'v1', 'ifb0']) await ip(ns, ['link', 'set', dev, 'up']);
  await tc(n, ['qdisc', 'add', 'dev', 'v0', 'ingress']);
  await tc(n, ['qdisc', 'add', 'dev', 'v1', 'root', 'handle', '1:', 'htb']);
  return fn(ns, n);
});

const hex = (v: number): string => v.toString(16);

test('u32 matching everything, redirected to an ifb (the CNI bandwidth plugin\'s filter): list() equals tc -j -s', () => withDevs(async (ns, n) => {
  await ns.tc.filters.add({
    dev: 'v0', parent: 'ffff:', protocol: 'all', prio: 1, kind: 'u32', match: [{ u32: 0, mask: 0, at: 0 }], classid: '1:1',
    actions: [{ kind: 'mirred', action: 'egress redirect', dev: 'ifb0' }],
  });
  const shown = await tcJson(n, ['filter', 'show', 'dev', 'v0', 'parent', 'ffff:']);
  const listed = await ns.tc.filters.list({ dev: 'v0', parent: 'ffff:' });
  expect(listed).toHaveLength(shown.length);  // the prio's head, hash table 800: and key 800::800
  listed.forEach((f, i) => {
    expect({ protocol: f.protocol, pref: f.prio, kind: f.kind, chain: f.chain }).toEqual({
      protocol: shown[i].protocol, pref: shown[i].pref, kind: shown[i].kind, chain: shown[i].chain,
    });
  });
  const key = shown.find((s) => s.options?.fh === '800::800');
  const mine = listed.find((f) => f.handle === '800::800')!;
  const table = shown.find((s) => s.options?.fh === '800:');
  expect(listed.find((f) => f.handle === '800:')).toMatchObject({ divisor: table.options.ht_divisor });
  expect({ fh: mine.handle, flowid: mine.classid, not_in_hw: mine.notInHw }).toEqual({ fh: key.options.fh, flowid: key.options.flowid, not_in_hw: key.options.not_in_hw });
  expect(mine.match!.map((k) => ({ value: hex(k.value), mask: hex(k.mask), off: k.at }))).toEqual([
    { value: key.options.match.value, mask: key.options.match.mask, off: key.options.match.off },
  ]);
  const a = key.options.actions[0];
  expect(mine.actions).toHaveLength(1);
  expect(mine.actions![0]).toMatchObject({
    order: a.order, kind: a.kind, action: `${a.direction} ${a.mirred_action}`, dev: a.to_dev, verdict: a.control_action.type,
    index: a.index, ref: a.ref, bind: a.bind, stats: { bytes: a.stats.bytes, packets: a.stats.packets, drops: a.stats.drops },
  });
  expect(mine.actions![0].ifindex).toBe((await ns.links.get('ifb0')).index);
}));

test('u32 ip src/dst/port matches to classes: keys as tc prints them; replace changes the key; delete by prio', () => withDevs(async (ns, n) => {
  await ns.tc.filters.add({ dev: 'v1', parent: '1:', protocol: 'ip', prio: 1, kind: 'u32', match: [{ src: '10.0.0.0/24' }], classid: '1:10' });
  await ns.tc.filters.add({
    dev: 'v1', parent: '1:', protocol: 'ip', prio: 2, kind: 'u32', match: [{ dst: '10.0.0.2/32' }, { dport: 80 }, { sport: 5000 }], classid: '1:20',
  });
  const keyLines = async (): Promise<string[]> => (await tc(n, ['filter', 'show', 'dev', 'v1', 'parent', '1:'])).split('\n')
    .map((l) => l.trim()).filter((l) => l.startsWith('match '));
  // tc's text: "match VALUE/MASK at OFF", eight hex digits each
  const ours = async (): Promise<string[]> => (await ns.tc.filters.list({ dev: 'v1', parent: '1:' })).flatMap((f) => f.match ?? [])
    .map((k) => `match ${hex(k.value).padStart(8, '0')}/${hex(k.mask).padStart(8, '0')} at ${k.at}`);
  expect(await keyLines()).toEqual(['match 0a000000/ffffff00 at 12', 'match 0a000002/ffffffff at 16', 'match 13880050/ffffffff at 20']);
  expect(await ours()).toEqual(await keyLines());
  const flows = (await ns.tc.filters.list({ dev: 'v1', parent: '1:' })).filter((f) => f.classid).map((f) => [f.prio, f.handle, f.classid]);
  expect(flows).toEqual([[1, '800::800', '1:10'], [2, '801::800', '1:20']]);

  // replace of an existing u32 key node changes its class and actions; the kernel keeps its selector
  await ns.tc.filters.replace({ dev: 'v1', parent: '1:', protocol: 'ip', prio: 1, handle: '800::800', kind: 'u32', match: [{ src: '10.0.0.0/24' }], classid: '1:11' });
  expect(await tc(n, ['filter', 'show', 'dev', 'v1', 'parent', '1:'])).toContain('fh 800::800 order 2048 key ht 800 bkt 0 *flowid 1:11');  // * : a terminal selector
  expect((await ns.tc.filters.list({ dev: 'v1', parent: '1:' })).find((f) => f.handle === '800::800')).toMatchObject({ classid: '1:11' });
  // a replace with a handle not there yet adds it
  await ns.tc.filters.replace({ dev: 'v1', parent: '1:', protocol: 'ip', prio: 1, handle: '800::801', kind: 'u32', match: [{ src: '10.0.1.0/24' }], classid: '1:12' });
  expect((await keyLines())).toContain('match 0a000100/ffffff00 at 12');

  await ns.tc.filters.delete({ dev: 'v1', parent: '1:', protocol: 'ip', prio: 2 });
  expect(await tc(n, ['filter', 'show', 'dev', 'v1', 'parent', '1:'])).not.toContain('pref 2 ');
  expect((await ns.tc.filters.list({ dev: 'v1', parent: '1:' })).map((f) => f.prio)).toEqual([1, 1, 1, 1]);
  await ns.tc.filters.delete({ dev: 'v1', parent: '1:' });
  expect(await tcJson(n, ['filter', 'show', 'dev', 'v1', 'parent', '1:'])).toEqual([]);
}));

test('kernel refusals are NetlinkErrors: add twice (EEXIST), a filter under a missing qdisc, a mirred to a missing device (ENODEV)', () => withDevs(async (ns) => {
  const spec = { dev: 'v1', parent: '1:', protocol: 'ip', prio: 1, handle: '800::800', kind: 'u32', match: [{ src: '10.0.0.0/24' }], classid: '1:10' } as const;
  await ns.tc.filters.add(spec);
  await expect(ns.tc.filters.add(spec)).rejects.toMatchObject({ name: 'NetlinkError', code: 'EEXIST', operation: 'RTM_NEWTFILTER' });
  await expect(ns.tc.filters.add({ ...spec, parent: '7:' })).rejects.toBeInstanceOf(NetlinkError);
  await expect(ns.tc.filters.add({ ...spec, prio: 3, actions: [{ kind: 'mirred', action: 'egress redirect', dev: 'nothere' }] }))
    .rejects.toMatchObject({ code: 'ENODEV' });
  await expect(ns.tc.filters.list({ dev: 'nothere' })).rejects.toMatchObject({ code: 'ENODEV' });
  await expect(ns.tc.filters.add({ dev: 'v1', parent: '1:', kind: 'u32', match: [] })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
}));

// A BPF program's fd is needed in the process that sends the request: a child of python (which
// loads a classifier returning TC_ACT_UNSPEC and keeps its fd open as fd 10 across exec) runs the library.
const LOADER = `
import ctypes, os, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
insns = ctypes.create_string_buffer(struct.pack('<BBhi', 0xb7, 0, 0, -1) + struct.pack('<BBhi', 0x95, 0, 0, 0))
lic = ctypes.create_string_buffer(b'GPL')
attr = ctypes.create_string_buffer(128)
struct.pack_into('<IIQQ', attr, 0, 3, 2, ctypes.addressof(insns), ctypes.addressof(lic))
fd = libc.syscall(321, 5, attr, 128)
if fd < 0: sys.exit('BPF_PROG_LOAD: errno %d' % ctypes.get_errno())
os.dup2(fd, 10)
os.execv(sys.argv[1], sys.argv[1:])
`;

test('bpf: a loaded program by fd on a clsact hook, direct-action; list() equals tc -j', () => withDevs(async (ns, n) => {
  await tc(n, ['qdisc', 'del', 'dev', 'v0', 'ingress']);  // a device has an ingress or a clsact qdisc, not both
  await tc(n, ['qdisc', 'add', 'dev', 'v0', 'clsact']);
  const r = await runChild(`
    const ns = await lib.Namespace.open(${JSON.stringify(n)});
    try {
      await ns.tc.filters.add({ dev: 'v0', parent: 'ingress', kind: 'bpf', fd: 10, name: 'probe.o:[classifier]', directAction: true, classid: '1:5' });
      console.log(JSON.stringify(await ns.tc.filters.list({ dev: 'v0', parent: 'ingress' })));
    } finally { ns.close(); }
  `, { prefix: ['/usr/bin/python3', '-c', LOADER] });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const listed = JSON.parse(r.stdout);
  const shown = await tcJson(n, ['filter', 'show', 'dev', 'v0', 'ingress']);
  const prog = shown.find((s) => s.options)!;
  const mine = listed.find((f: any) => f.name)!;
  expect(listed).toHaveLength(shown.length);
  expect({ protocol: mine.protocol, prio: mine.prio, handle: mine.handle, name: mine.name, da: mine.directAction, flowid: mine.classid, id: mine.programId, tag: mine.programTag })
    .toEqual({
      protocol: prog.protocol, prio: prog.pref, handle: prog.options.handle, name: prog.options.bpf_name, da: prog.options['direct-action'],
      flowid: prog.options.flowid, id: prog.options.prog.id, tag: prog.options.prog.tag,
    });
  // the program stays attached after the loader's process, and its fd, are gone
  expect(await ns.tc.filters.list({ dev: 'v0', parent: 'ingress' })).toEqual(listed);
}));

const live = (feature: string, what: string, fn: () => Promise<void>): void => {
  const p = probe[feature];
  (p.has ? test : test.skip)(p.has ? `${feature}: ${what}` : `${feature}: ${what} [skipped: ${p.reason}]`, fn);
};

live('matchall', 'matchall redirect to an ifb equals tc -j', () => withDevs(async (ns, n) => {
  await ns.tc.filters.add({ dev: 'v0', parent: 'ffff:', protocol: 'all', kind: 'matchall', actions: [{ kind: 'mirred', action: 'egress redirect', dev: 'ifb0' }] });
  const shown = await tcJson(n, ['filter', 'show', 'dev', 'v0', 'parent', 'ffff:']);
  const f = (await ns.tc.filters.list({ dev: 'v0', parent: 'ffff:' })).find((x) => x.actions)!;
  const a = shown.find((s) => s.options).options.actions[0];
  expect(f.actions![0]).toMatchObject({ kind: 'mirred', action: `${a.direction} ${a.mirred_action}`, dev: a.to_dev });
}));

live('police', 'police rate/burst/exceed as tc -j shows it', () => withDevs(async (ns, n) => {
  await ns.tc.filters.add({
    dev: 'v0', parent: 'ffff:', protocol: 'ip', prio: 3, kind: 'u32', match: [{ src: '10.0.0.0/24' }],
    actions: [{ kind: 'police', rate: '1mbit', burst: '10k', exceed: 'drop', conform: 'pipe' }],
  });
  const shown = await tcJson(n, ['filter', 'show', 'dev', 'v0', 'parent', 'ffff:']);
  const a = shown.find((s) => s.options?.actions).options.actions[0];
  // tc -j writes control_action twice (exceed, then conform) and JSON.parse keeps the last; its
  // text has both: "action drop/pipe".
  const [, exceed, conform] = /police .* action (\w+)\/(\w+)/.exec(await tc(n, ['filter', 'show', 'dev', 'v0', 'parent', 'ffff:']))!;
  const f = (await ns.tc.filters.list({ dev: 'v0', parent: 'ffff:' })).find((x) => x.actions)!;
  expect([exceed, conform]).toEqual(['drop', 'pipe']);
  expect(f.actions![0]).toMatchObject({ kind: 'police', index: a.index, verdict: exceed, conform, rate: 125000, burst: 10240 });
}));

live('gact', 'gact drop as tc -j shows it', () => withDevs(async (ns, n) => {
  await ns.tc.filters.add({ dev: 'v0', parent: 'ffff:', protocol: 'ip', prio: 5, kind: 'u32', match: [{ dport: 22 }], actions: [{ kind: 'gact', action: 'drop' }] });
  const shown = await tcJson(n, ['filter', 'show', 'dev', 'v0', 'parent', 'ffff:']);
  const a = shown.find((s) => s.options?.actions).options.actions[0];
  const f = (await ns.tc.filters.list({ dev: 'v0', parent: 'ffff:' })).find((x) => x.actions)!;
  expect(f.actions![0]).toMatchObject({ kind: 'gact', verdict: a.control_action.type, index: a.index });
}));

// Where the kernel lacks a classifier or action, what it says is a NetlinkError naming it, and nothing is left.
for (const [feature, spec] of [
  ['matchall', { dev: 'v0', parent: 'ffff:', kind: 'matchall', actions: [{ kind: 'mirred', action: 'egress redirect', dev: 'ifb0' }] }],
  ['police', { dev: 'v0', parent: 'ffff:', kind: 'u32', match: [{ u32: 0, mask: 0, at: 0 }], actions: [{ kind: 'police', rate: '1mbit', burst: '10k' }] }],
  ['gact', { dev: 'v0', parent: 'ffff:', kind: 'u32', match: [{ u32: 0, mask: 0, at: 0 }], actions: [{ kind: 'gact', action: 'drop' }] }],
] as const) {
  (probe[feature].has ? test.skip : test)(`${feature} missing from this kernel: NetlinkError with the kernel's text, no filter left`, () => withDevs(async (ns, n) => {
    const err = await ns.tc.filters.add(spec).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect((err as NetlinkError).message).toContain(probe[feature].reason.replace(/^Error: /, '').replace(/\.$/, ''));
    expect(await tcJson(n, ['filter', 'show', 'dev', 'v0', 'parent', 'ffff:'])).toEqual([]);
  }));
}
