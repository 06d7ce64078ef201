// ns.firewall's core (apply, list, flush, delete) against the real kernel, each outcome read back with
// `nft -j list ruleset` run in the namespace (ip netns exec), the view every nft user has.
import { execFile, execFileSync, spawn } from 'node:child_process';
import fs, { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Namespace, NftablesError } from '../../lib';
import { nameOf, withNamespaces } from '../helpers';

const execFileP = promisify(execFile);

async function nftJson(ns: Namespace): Promise<{ nftables: Array<Record<string, unknown>> }> {
  const { stdout } = await execFileP('ip', ['netns', 'exec', nameOf(ns), 'nft', '-j', 'list', 'ruleset']);
  return JSON.parse(stdout);
}
const tables = (r: { nftables: Array<Record<string, unknown>> }) =>
  r.nftables.filter((o) => 'table' in o).map((o) => o.table as { family: string; name: string }).map((t) => `${t.family} ${t.name}`);
const rules = (r: { nftables: Array<Record<string, unknown>> }) => r.nftables.filter((o) => 'rule' in o);

// Read, never written: the initial namespace's ruleset must be the same after this file.
let initialRuleset = '';
beforeAll(() => { initialRuleset = execFileSync('nft', ['-j', 'list', 'ruleset'], { encoding: 'utf8' }); });
afterAll(() => { expect(execFileSync('nft', ['-j', 'list', 'ruleset'], { encoding: 'utf8' })).toBe(initialRuleset); });

const filter = `table inet t {
  chain input {
    type filter hook input priority 0; policy accept;
    ip saddr 10.9.0.0/24 tcp dport 22 accept
    ip6 saddr fd00::/64 udp dport 53 drop
  }
}
`;

test('apply(nft syntax) makes the ruleset; list() is what nft -j list ruleset prints', async () => {
  await withNamespaces(1, async (ns) => {
    await ns.firewall.apply(filter);
    const listed = await ns.firewall.list();
    expect(listed).toEqual(await nftJson(ns));
    expect(tables(listed)).toEqual(['inet t']);
    expect(rules(listed)).toHaveLength(2);
  });
});

test('apply(nft JSON) takes the JSON schema; delete() and flush() remove what they name', async () => {
  await withNamespaces(1, async (ns) => {
    await ns.firewall.apply({
      nftables: [
        { add: { table: { family: 'ip', name: 'a' } } },
        { add: { table: { family: 'ip6', name: 'b' } } },
        { add: { chain: { family: 'ip', table: 'a', name: 'c', type: 'filter', hook: 'forward', prio: 0, policy: 'drop' } } },
      ],
    });
    expect(tables(await nftJson(ns))).toEqual(['ip a', 'ip6 b']);
    expect((await nftJson(ns)).nftables.find((o) => 'chain' in o)).toMatchObject({ chain: { name: 'c', hook: 'forward', policy: 'drop' } });
    // One table only, as nft -j list table prints it; ENOENT for none.
    const a = await ns.firewall.list({ family: 'ip', table: 'a' });
    const { stdout } = await execFileP('ip', ['netns', 'exec', nameOf(ns), 'nft', '-j', 'list', 'table', 'ip', 'a']);
    expect(a).toEqual(JSON.parse(stdout));
    expect(tables(a)).toEqual(['ip a']);
    await expect(ns.firewall.list({ family: 'ip', table: 'b' })).rejects.toMatchObject({ code: 'ENOENT', operation: 'firewall.list' });
    await expect(ns.firewall.list({ family: 'ip', table: 'a', x: 1 } as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    await ns.firewall.delete({ family: 'ip', table: 'a' });
    expect(tables(await nftJson(ns))).toEqual(['ip6 b']);
    await ns.firewall.flush();
    expect(tables(await nftJson(ns))).toEqual([]);
  });
});

test('a ruleset with an error applies nothing and names nft\'s message and line', async () => {
  await withNamespaces(1, async (ns) => {
    const bad = 'table inet keep {\n  chain c {\n    tcp dport 22 acept\n  }\n}\n';
    const err = await ns.firewall.apply(bad).catch((e: unknown) => e) as NftablesError;
    expect(err).toBeInstanceOf(NftablesError);
    expect(err).toMatchObject({ code: 'ERR_NETNS_NFTABLES', operation: 'firewall.apply', line: 3 });
    expect(Object.hasOwn(err, 'errno')).toBe(false);  // nft's own refusal: no errno at all
    expect(err.nftMessage).toMatch(/syntax error/);
    expect(err.source).toContain('acept');
    expect(err.message).toMatch(/line 3/);
    expect(tables(await nftJson(ns))).toEqual([]);

    // The kernel refuses the second command: the first, in the same transaction, is undone too.
    const refused = await ns.firewall.apply('add table inet first\ndelete table inet nosuch\n').catch((e: unknown) => e) as NftablesError;
    expect(refused).toMatchObject({ code: 'ENOENT', errno: 2, line: 2 });
    expect(refused.nftMessage).toMatch(/No such file or directory/);
    expect(tables(await nftJson(ns))).toEqual([]);

    // Same through JSON.
    const json = await ns.firewall.apply({ nftables: [{ add: { table: { family: 'inet', name: 'x' } } }, { delete: { table: { family: 'inet', name: 'nosuch' } } }] })
      .catch((e: unknown) => e) as NftablesError;
    expect(json).toMatchObject({ code: 'ENOENT' });
    const unknown = await ns.firewall.apply({ nftables: [{ bogus: {} }] }).catch((e: unknown) => e) as NftablesError;
    expect(unknown).toMatchObject({ code: 'ERR_NETNS_NFTABLES' });
    expect(tables(await nftJson(ns))).toEqual([]);

    await expect(ns.firewall.delete({ family: 'inet', table: 'nosuch' })).rejects.toMatchObject({ code: 'ENOENT', operation: 'firewall.delete' });
  });
});

test('the kernel\'s ENOENT also when nft\'s own cache answers ("did you mean ..."); an included file\'s error names its place', async () => {
  await withNamespaces(1, async (ns) => {
    await ns.firewall.apply('add table inet netns2\nadd table ip other\n');
    await expect(ns.firewall.delete({ family: 'inet', table: 'netns' })).rejects.toMatchObject({ code: 'ENOENT', errno: 2 });
    await expect(ns.firewall.delete({ family: 'ip6', table: 'other' })).rejects.toMatchObject({ code: 'ENOENT' });

    const dir = mkdtempSync(path.join(tmpdir(), 'nstest-nft-'));
    try {
      fs.writeFileSync(path.join(dir, 'bad.nft'), 'add table ip fine\nadd chain ip fine c { bogus }\n');
      const err = await ns.firewall.apply(`add table ip before\ninclude "${dir}/bad.nft"\n`).catch((e: unknown) => e) as NftablesError;
      expect(err).toMatchObject({ code: 'ERR_NETNS_NFTABLES', line: 2 });
      expect(err.source).toBeUndefined();
      expect(err.message).toContain(`in ${dir}/bad.nft:2:`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(tables(await nftJson(ns))).toEqual(['inet netns2', 'ip other']);
  });
});

test('what would never return is refused or cannot wait: a monitor command, a ruleset reading stdin', async () => {
  await withNamespaces(1, async (ns) => {
    for (const text of ['monitor\n', 'add table ip a; monitor rules', '  monitor trace\n']) {
      await expect(ns.firewall.apply(text)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    }
    // Not commands: a quoted word, a comment, a table whose name holds it.
    await ns.firewall.apply('add table ip t # monitor\nadd chain ip t c\nadd rule ip t c counter comment "x; monitor"\nadd table ip monitored\n');
    expect(tables(await nftJson(ns))).toEqual(['ip t', 'ip monitored']);
  });
  // A child whose stdin stays open and empty: include "/dev/stdin" reads the nft thread's own
  // /dev/null, so the call (and the child) ends.
  const script = `
    const { Namespace } = require(${JSON.stringify(path.resolve(__dirname, '..', '..', 'dist', 'lib'))});
    Namespace.create().then(async (ns) => {
      await ns.firewall.apply('include "/dev/stdin"\\n').then(() => console.log('applied'), (e) => console.log(e.code));
      console.log(JSON.stringify((await ns.firewall.list()).nftables.length));
      ns.close();
    });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += String(d); });
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(-1); }, 20_000);
    child.on('exit', (c) => { clearTimeout(timer); resolve(c); });
  });
  child.stdin.destroy();
  expect(code).toBe(0);
  const [outcome, count] = out.trim().split('\n');
  expect(outcome).toMatch(/^(applied|ERR_NETNS_NFTABLES)$/);  // nft may refuse a character device; it answers
  expect(count).toBe('1');
}, 30_000);

test('namespaces never see each other\'s rulesets', async () => {
  await withNamespaces(2, async (a, b) => {
    await Promise.all([a.firewall.apply('table ip only_a { }'), b.firewall.apply('table ip only_b { }')]);
    expect(tables(await a.firewall.list())).toEqual(['ip only_a']);
    expect(tables(await b.firewall.list())).toEqual(['ip only_b']);
    expect(tables(await nftJson(a))).toEqual(['ip only_a']);
    expect(tables(await nftJson(b))).toEqual(['ip only_b']);
  });
});

test('calls on one namespace apply in call order', async () => {
  await withNamespaces(1, async (ns) => {
    const adds = Array.from({ length: 20 }, (_, i) => ns.firewall.apply(`add table ip t${i}`));
    const flush = ns.firewall.flush();
    const last = ns.firewall.apply('add table ip after');
    await Promise.all([...adds, flush, last]);
    expect(tables(await nftJson(ns))).toEqual(['ip after']);
  });
});

test('bad arguments are refused before anything runs, through the promise', async () => {
  await withNamespaces(1, async (ns) => {
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => ns.firewall.apply(5 as never), 'ERR_INVALID_ARG_TYPE'],
      [() => ns.firewall.apply(null as never), 'ERR_INVALID_ARG_TYPE'],
      [() => ns.firewall.apply([] as never), 'ERR_INVALID_ARG_TYPE'],
      [() => ns.firewall.apply('add table ip x\0'), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.firewall.apply({} as never), 'ERR_INVALID_ARG_TYPE'],
      [() => ns.firewall.apply({ nftables: 'x' } as never), 'ERR_INVALID_ARG_TYPE'],
      [() => ns.firewall.apply({ nftables: [], extra: 1 } as never), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.firewall.apply(Object.create({ nftables: [] }) as never), 'ERR_INVALID_ARG_TYPE'],
      [() => { const c: Record<string, unknown> = {}; c.self = c; return ns.firewall.apply({ nftables: [c] }); }, 'ERR_INVALID_ARG_VALUE'],
      [() => ns.firewall.apply({ nftables: [{ add: { table: { family: 'ip', name: 'a\0' } } }] }), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.firewall.delete({ family: 'inet' } as never), 'ERR_INVALID_ARG_TYPE'],
      [() => ns.firewall.delete({ family: 'ipx', table: 't' } as never), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.firewall.delete({ family: 'inet', table: '' }), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.firewall.delete({ family: 'inet', table: 't', chain: 'c' } as never), 'ERR_INVALID_ARG_VALUE'],
      [() => ns.firewall.delete('inet t' as never), 'ERR_INVALID_ARG_TYPE'],
    ];
    for (const [call, code] of cases) {
      let promise: Promise<unknown> | undefined;
      expect(() => { promise = call(); }).not.toThrow();
      await expect(promise).rejects.toMatchObject({ code });
    }
    expect(tables(await nftJson(ns))).toEqual([]);
    // A backslash before "u0000" is no NUL: the ruleset goes to nft.
    await ns.firewall.apply({ nftables: [{ add: { table: { family: 'ip', name: 't' } } }, { add: { chain: { family: 'ip', table: 't', name: 'c' } } },
      { add: { rule: { family: 'ip', table: 't', chain: 'c', comment: 'a\\u0000b', expr: [{ counter: null }] } } }] });
    expect(rules(await nftJson(ns))[0]).toMatchObject({ rule: { comment: 'a\\u0000b' } });
  });
});

test('a closed handle rejects; a call in flight when it closes still completes', async () => {
  const ns = await Namespace.create();
  const inflight = ns.firewall.apply('table ip t { }');
  ns.close();
  await expect(inflight).resolves.toBeUndefined();
  await expect(ns.firewall.list()).rejects.toMatchObject({ code: 'ERR_NETNS_CLOSED' });
});

test('what libnftables opens is never inherited by a process spawned meanwhile', async () => {
  await withNamespaces(1, async (ns) => {
    const big = `table inet big {\n chain c {\n${Array.from({ length: 3000 }, (_, i) => `  ip saddr 10.${i >> 8}.${i & 255}.1 tcp dport ${1 + i} accept\n`).join('')} }\n}\n`;
    let done = false;
    const applying = ns.firewall.apply(big).finally(() => { done = true; });
    const seen: string[] = [];
    let spawned = 0;
    while (!done) {
      // The child lists its own fds above stdio: an inherited netfilter socket would show there.
      const { stdout } = await execFileP('sh', ['-c', 'for f in /proc/$$/fd/*; do n=${f##*/}; [ "$n" -gt 2 ] && readlink "$f"; done; true']);
      spawned++;
      seen.push(...stdout.split('\n').filter((l) => l.startsWith('socket:')));
    }
    await applying;
    expect(spawned).toBeGreaterThan(0);
    expect(seen).toEqual([]);
    expect(rules(await nftJson(ns))).toHaveLength(3000);
  });
}, 60_000);

test('without libnftables the call rejects with ERR_NETNS_NFTABLES_MISSING naming the package', async () => {
  // A child in a mount namespace of its own where the library is an empty file: nothing else sees it.
  const lib = execFileSync('sh', ['-c', 'readlink -f "$(ldconfig -p | awk \'/libnftables.so.1 /{print $NF; exit}\')"'], { encoding: 'utf8' }).trim();
  expect(lib).toMatch(/libnftables\.so/);
  const script = `
    const { Namespace } = require(${JSON.stringify(path.resolve(__dirname, '..', '..', 'dist', 'lib'))});
    Namespace.create().then(async (ns) => {
      try { await ns.firewall.list(); console.log('listed'); } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }
      ns.close();
    });`;
  const { stdout } = await execFileP('unshare', ['-m', '--propagation', 'private', 'sh', '-c',
    `mount --bind /dev/null ${lib} && exec "${process.execPath}" -e "$0"`, script]).catch((e) => e);
  const out = JSON.parse(String(stdout).trim().split('\n').pop() ?? '{}');
  expect(out.code).toBe('ERR_NETNS_NFTABLES_MISSING');
  expect(out.message).toMatch(/libnftables1/);
}, 30_000);
