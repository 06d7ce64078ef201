// ns.firewall's helpers against the kernel, checked with nft itself (`ip netns exec NS nft ...`):
// the table and base chains they make, the handles they return, remove(), concurrent calls, the
// checks that run before anything, and a table netns the user made in the way.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Namespace } from '../../lib';
import { nameOf, withNamespaces } from '../helpers';

const run = promisify(execFile);
const nft = async (ns: Namespace, ...args: string[]): Promise<string> => (await run('ip', ['netns', 'exec', nameOf(ns), 'nft', ...args])).stdout;
type Item = Record<string, Record<string, unknown>>;
const items = async (ns: Namespace): Promise<Item[]> => (JSON.parse(await nft(ns, '-j', 'list', 'ruleset')) as { nftables: Item[] }).nftables;
const chains = async (ns: Namespace) => (await items(ns)).filter((i) => i.chain).map(({ chain: c }) => ({ name: c.name, type: c.type, hook: c.hook, prio: c.prio, policy: c.policy, table: `${String(c.family)} ${String(c.table)}` }));
const rules = async (ns: Namespace) => (await items(ns)).filter((i) => i.rule).map(({ rule: r }) => ({ chain: r.chain as string, handle: r.handle as number, comment: r.comment as string | undefined }));
/** nft's text line of the rule with this handle in table inet netns (`nft -a`). */
const ruleLine = async (ns: Namespace, handle: number): Promise<string | undefined> =>
  (await nft(ns, '-a', 'list', 'table', 'inet', 'netns')).split('\n').map((l) => l.trim()).find((l) => l.endsWith(`# handle ${handle}`));

test('the first calls make table inet netns and just the base chains they need, at the usual hooks and priorities', async () => {
  await withNamespaces(1, async (ns) => {
    expect(await items(ns)).toHaveLength(1);  // metainfo only
    await ns.firewall.allow({ protocol: 'icmp' });
    expect(await chains(ns)).toEqual([
      { name: 'input', type: 'filter', hook: 'input', prio: 0, policy: 'accept', table: 'inet netns' },
      { name: 'forward', type: 'filter', hook: 'forward', prio: 0, policy: 'accept', table: 'inet netns' },
    ]);
    await ns.firewall.masquerade({ out: 'lo' });
    await ns.firewall.portMap({ protocol: 'udp', port: 53, to: '10.9.0.2' });
    expect((await chains(ns)).map((c) => [c.name, c.type, c.hook, c.prio])).toEqual([
      ['input', 'filter', 'input', 0], ['forward', 'filter', 'forward', 0], ['postrouting', 'nat', 'postrouting', 100],
      ['prerouting', 'nat', 'prerouting', -100], ['nat_output', 'nat', 'output', -100], ['hairpin', 'filter', 'forward', -150],
    ]);
  });
});

test('each call returns the rules it added as nft lists them, tagged with a comment naming the helper', async () => {
  await withNamespaces(1, async (ns) => {
    const a = await ns.firewall.deny({ from: 'fd00::/64', protocol: 'tcp', port: { start: 20, end: 21 } });
    const b = await ns.firewall.portMap({ protocol: 'tcp', port: 8080, to: '[fd00::2]:80', iif: 'lo' });
    const listed = await rules(ns);
    const byHandle = <T extends { handle: number }>(xs: T[]): T[] => [...xs].sort((x, y) => x.handle - y.handle);
    expect(byHandle(listed).map(({ chain, handle }) => ({ family: 'inet', table: 'netns', chain, handle }))).toEqual(byHandle([...a, ...b]));
    expect(new Set(listed.filter((l) => a.some((r) => r.handle === l.handle)).map((l) => l.comment)).size).toBe(1);
    expect(listed.find((l) => l.handle === a[0].handle)!.comment).toMatch(/^netns:deny:[0-9a-f]{12}$/);
    expect(listed.find((l) => l.handle === b[0].handle)!.comment).toMatch(/^netns:portMap:[0-9a-f]{12}$/);
    expect(await ruleLine(ns, a[0].handle)).toMatch(/^ip6 saddr fd00::\/64 tcp dport 20-21 drop comment "netns:deny:/);
    expect(await ruleLine(ns, b[0].handle)).toMatch(/^iifname "lo" meta nfproto ipv6 fib daddr type local tcp dport 8080 dnat ip6 to \[fd00::2\]:80 comment/);
  });
});

test('a policy set on a helper chain stays: later calls add rules without touching the chain', async () => {
  await withNamespaces(1, async (ns) => {
    await ns.firewall.allow({ iif: 'lo' });
    await nft(ns, 'add', 'chain', 'inet', 'netns', 'input', '{ type filter hook input priority filter; policy drop; }');
    await ns.firewall.allow({ protocol: 'tcp', port: 22 });
    expect((await chains(ns)).find((c) => c.name === 'input')!.policy).toBe('drop');
    expect((await rules(ns)).filter((r) => r.chain === 'input')).toHaveLength(2);
  });
});

test('remove takes out exactly the rules given; one already gone fails the call with ENOENT and removes nothing', async () => {
  await withNamespaces(1, async (ns) => {
    const keep = await ns.firewall.deny({ protocol: 'udp', port: 1 });
    const drop = await ns.firewall.masquerade({ from: '10.0.0.0/8' });
    const gone = await ns.firewall.deny({ protocol: 'udp', port: 2 });
    await ns.firewall.remove(gone);
    const before = await rules(ns);
    await expect(ns.firewall.remove([...drop, gone[0]])).rejects.toMatchObject({ name: 'NftablesError', code: 'ENOENT' });
    expect(await rules(ns)).toEqual(before);
    await ns.firewall.remove(drop);
    expect((await rules(ns)).map((r) => r.handle)).toEqual(keep.map((r) => r.handle));
    await ns.firewall.remove([]);
    expect(await rules(ns)).toHaveLength(2);
  });
});

test('calls made at once each get their own rules', async () => {
  await withNamespaces(1, async (ns) => {
    const ports = Array.from({ length: 8 }, (_, i) => 6000 + i);
    const results = await Promise.all(ports.map((port) => ns.firewall.deny({ protocol: 'tcp', port })));
    expect(new Set(results.flat().map((r) => r.handle)).size).toBe(16);
    for (const [i, refs] of results.entries()) {
      expect(refs.map((r) => r.chain)).toEqual(['input', 'forward']);
      for (const r of refs) expect(await ruleLine(ns, r.handle)).toMatch(new RegExp(`^tcp dport ${ports[i]} drop `));
    }
  });
});

test('bad options reject before anything runs: no table is made, nothing reaches nft', async () => {
  await withNamespaces(1, async (ns) => {
    const fw = ns.firewall;
    const bad: Array<[() => Promise<unknown>, string]> = [
      [() => fw.deny({ port: 80 }), 'ERR_INVALID_ARG_VALUE'],
      [() => fw.allow({ iif: 'x"accept#' }), 'ERR_INVALID_ARG_VALUE'],
      [() => fw.allow({ oif: 'eth\n0' }), 'ERR_INVALID_ARG_VALUE'],
      [() => fw.masquerade({ out: 'ppp*' }), 'ERR_INVALID_ARG_VALUE'],
      [() => fw.masquerade({ from: '10.0.0.0/8', via: 'x' } as never), 'ERR_INVALID_ARG_VALUE'],
      [() => fw.portMap({ protocol: 'tcp', port: 80, to: '10.0.0.2:0' }), 'ERR_OUT_OF_RANGE'],
      [() => fw.portMap({ protocol: 'tcp', port: 80, to: '10.0.0.2', from: 'fd00::/64' }), 'ERR_INVALID_ARG_VALUE'],
      [() => fw.portMap(null as never), 'ERR_INVALID_ARG_TYPE'],
      [() => fw.remove([{ family: 'inet', table: 'netns', chain: 'input; flush ruleset', handle: 1 }] as never), 'ERR_INVALID_ARG_VALUE'],
    ];
    for (const [call, code] of bad) await expect(call()).rejects.toMatchObject({ code });
    expect(await items(ns)).toHaveLength(1);
  });
});

test('delete({ family: "inet", table: "netns" }) removes every helper rule; the next call makes the table again', async () => {
  await withNamespaces(1, async (ns) => {
    await ns.firewall.deny({ protocol: 'sctp' });
    await ns.firewall.portMap({ protocol: 'sctp', port: 9, to: '10.0.0.2:9' });
    await ns.firewall.delete({ family: 'inet', table: 'netns' });
    expect(await items(ns)).toHaveLength(1);
    const again = await ns.firewall.masquerade({});
    expect(await rules(ns)).toEqual([{ chain: 'postrouting', handle: again[0].handle, comment: expect.stringMatching(/^netns:masquerade:/) as string }]);
  });
});

test('a chain of the user\'s in the way: nft\'s refusal as NftablesError, and nothing of the call added', async () => {
  await withNamespaces(1, async (ns) => {
    await nft(ns, 'add', 'table', 'inet', 'netns');
    await nft(ns, 'add', 'chain', 'inet', 'netns', 'input');  // a regular chain, no hook
    await expect(ns.firewall.deny({ protocol: 'tcp' })).rejects.toMatchObject({ name: 'NftablesError', code: 'EEXIST', operation: 'firewall.deny' });
    expect(await rules(ns)).toEqual([]);
    expect((await chains(ns)).map((c) => c.name)).toEqual(['input']);
  });
});
