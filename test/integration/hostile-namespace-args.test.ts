// Namespaces given as arguments, under hostile use: a target handle closed while the request is in
// flight (its fd number then reused by another open), fakes of Namespace, and methods of closed,
// deleted and fd-starved handles. Every outcome is checked against the kernel (ip -j).
import fs from 'node:fs';
import { Namespace } from '../../lib';
import { ipJson, nameOf, uniqueName, withNamespaces } from '../helpers';
import { runChild } from '../ts-child';

const linkNames = async (ns: Namespace): Promise<string[]> =>
  (await ipJson<Array<{ ifname: string }>>(['-n', nameOf(ns), 'link', 'show'])).map((l) => l.ifname);

/** NSIDs that `from` has assigned, by namespace name (ip -n FROM netns list-id). */
async function nsidsOf(from: Namespace): Promise<Map<string, number>> {
  const list = await ipJson<Array<{ nsid: number; name?: string }>>(['-n', nameOf(from), 'netns', 'list-id']);
  return new Map(list.filter((e) => e.name !== undefined).map((e) => [e.name!, e.nsid]));
}

/**
 * Starts `call` with a fresh handle on `target`, then (synchronously, before the request can be
 * sent) closes that handle and opens `decoy` until it gets the same fd number. Returns the outcome.
 */
async function raceClose<T>(target: Namespace, decoy: Namespace, call: (handle: Namespace) => Promise<T>): Promise<T> {
  // Opened synchronously: the lowest free number, so the decoy opened after closing it gets it again.
  const handle = Namespace.fromPath(target.path);
  let reused: Namespace | undefined;
  try {
    const fd = handle.fd;
    const p = call(handle);
    handle.close();
    // Another thread (libuv's pool, V8's) may take the freed number for a moment: open the decoy
    // again, keeping the misses open so each try gets the next lowest number, until it gets it.
    const misses: Namespace[] = [];
    try {
      for (reused = Namespace.fromPath(decoy.path); reused.fd !== fd && misses.length < 20;) {
        misses.push(reused);
        reused = Namespace.fromPath(decoy.path);
      }
    } finally {
      for (const m of misses) m.close();
    }
    expect(reused.fd).toBe(fd);  // the race is real: the number now names the decoy
    return await p;
  } finally {
    handle.close();
    reused?.close();
  }
}

describe('a target handle closed while its request is in flight', () => {
  test('links.add: the veth peer lands in the namespace given at call time', () => withNamespaces(3, async (a, b, decoy) => {
    const link = await raceClose(b, decoy, (h) => a.links.add({ kind: 'veth', name: 'va', peer: { name: 'vp', namespace: h } }));
    expect(link.name).toBe('va');
    expect(await linkNames(b)).toContain('vp');
    expect(await linkNames(decoy)).not.toContain('vp');
  }));

  test('links.set({ namespace }): the device moves to the namespace given at call time', () => withNamespaces(3, async (a, b, decoy) => {
    await a.links.add({ kind: 'veth', name: 'vm', peer: { name: 'vm2' } });
    const moved = await raceClose(b, decoy, (h) => a.links.set('vm', { namespace: h, mtu: 1400 }));
    expect(moved).toMatchObject({ name: 'vm', mtu: 1400 });
    const [there] = await ipJson(['-n', nameOf(b), 'link', 'show', 'vm']);
    expect(there).toMatchObject({ ifname: 'vm', ifindex: moved.index, mtu: 1400 });
    expect(await linkNames(decoy)).not.toContain('vm');
    expect(await linkNames(a)).not.toContain('vm');
  }));

  test('id(other): the NSID is assigned to the namespace given at call time', () => withNamespaces(3, async (a, b, decoy) => {
    const nsid = await raceClose(b, decoy, (h) => a.id(h));
    const ids = await nsidsOf(a);
    expect(ids.get(nameOf(b))).toBe(nsid);
    expect(ids.has(nameOf(decoy))).toBe(false);
  }));

  test('setId(other, n): the NSID is set for the namespace given at call time', () => withNamespaces(3, async (a, b, decoy) => {
    await raceClose(b, decoy, (h) => a.setId(h, 42));
    const ids = await nsidsOf(a);
    expect(ids.get(nameOf(b))).toBe(42);
    expect(ids.has(nameOf(decoy))).toBe(false);
  }));
});

/** fds of this process open on ns's nsfs inode (/proc/self/fd), handles and request copies alike. */
function fdsOn(ns: Namespace): number {
  let n = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      const st = fs.statSync(`/proc/self/fd/${fd}`);
      if (st.ino === ns.inode && st.dev === ns.device) n++;
    } catch { /* closed meanwhile */ }
  }
  return n;
}

describe('the copy a request holds', () => {
  test('an atomic batch (sent an event-loop turn later) still adds the peer to the namespace given', () => withNamespaces(3, async (a, b, decoy) => {
    const results = await raceClose(b, decoy, (h) => a.batch((x) => x.links.add({ kind: 'veth', name: 'va', peer: { name: 'vp', namespace: h } }), { atomic: true }));
    expect(results).toMatchObject([{ status: 'fulfilled' }]);
    expect(await linkNames(b)).toContain('vp');
    expect(await linkNames(decoy)).not.toContain('vp');
  }));

  test('is closed once the request completes: done, refused by the kernel, dropped with its batch, or its connection closed', () => withNamespaces(2, async (a, b) => {
    const before = fdsOn(b);
    const peerIn = (name: string, peer = `${name}p`) => ({ kind: 'veth' as const, name, peer: { name: peer, namespace: b } });
    const inFlight = async (p: Promise<unknown>): Promise<unknown> => {
      expect(fdsOn(b)).toBe(before + 1);  // the request's own copy, taken at the call
      return p.then(() => undefined, (e: Error) => e);
    };
    expect(await inFlight(a.links.add(peerIn('v1')))).toBeUndefined();
    expect(fdsOn(b)).toBe(before);
    expect(await inFlight(a.links.add(peerIn('v2', 'v1p')))).toMatchObject({ code: 'EEXIST' });
    expect(fdsOn(b)).toBe(before);
    const dropped = a.batch((x) => { x.links.add(peerIn('v3')); x.links.add({ kind: 'veth', name: 5 as never }); }, { atomic: true });
    expect(await inFlight(dropped)).toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
    expect(fdsOn(b)).toBe(before);
    const other = Namespace.fromPath(a.path);
    const cut = other.links.add(peerIn('v4'));
    other.close();  // before the request was sent
    expect(await inFlight(cut)).toMatchObject({ code: 'ERR_NETNS_CLOSED' });
    expect(fdsOn(b)).toBe(before);
    expect(await linkNames(a)).toEqual(expect.arrayContaining(['v1']));
    expect((await linkNames(a)).filter((n) => /^v[234]$/.test(n))).toEqual([]);
    expect((await linkNames(b)).sort()).toEqual(['lo', 'v1p']);
  }));
});

describe('a closed handle given as the target is refused at call time, through the promise', () => {
  const closedTarget = (ns: Namespace): Namespace => {
    const h = Namespace.fromPath(ns.path);
    h.close();
    return h;
  };
  const refused = { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' };

  test('veth peer, set({ namespace }), id, setId', () => withNamespaces(2, async (a, b) => {
    await a.links.add({ kind: 'veth', name: 'vm', peer: { name: 'vm2' } });
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['peer.namespace', () => a.links.add({ kind: 'veth', name: 'va', peer: { name: 'vp', namespace: closedTarget(b) } })],
      ['changes.namespace', () => a.links.set('vm', { namespace: closedTarget(b) })],
      ['other', () => a.id(closedTarget(b))],
      ['other', () => a.setId(closedTarget(b), 7)],
    ];
    for (const [field, call] of calls) {
      const err = await call().then(() => undefined, (e: Error) => e);
      expect(err).toMatchObject(refused);
      expect(err!.message).toContain(`${field}" argument`);
    }
    expect(await linkNames(a)).toEqual(expect.arrayContaining(['vm', 'vm2']));
    expect(await linkNames(a)).not.toContain('va');
    expect(await linkNames(b)).toEqual(['lo']);
    expect(await nsidsOf(a)).toEqual(new Map());
  }));
});

describe('only a real Namespace is taken as one', () => {
  const fakes: Array<[string, () => unknown]> = [
    ['Object.create(Namespace.prototype)', () => Object.create(Namespace.prototype)],
    ['a look-alike object', () => ({ fd: 3, closed: false, inode: 1, device: 1, path: '/proc/self/ns/net' })],
  ];

  test.each(fakes)('%s as an argument: ERR_INVALID_ARG_TYPE naming it', (_what, make) => withNamespaces(1, async (a) => {
    await a.links.add({ kind: 'veth', name: 'vm', peer: { name: 'vm2' } });
    const fake = make() as Namespace;
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['peer.namespace', () => a.links.add({ kind: 'veth', name: 'va', peer: { name: 'vp', namespace: fake } })],
      ['changes.namespace', () => a.links.set('vm', { namespace: fake })],
      ['other', () => a.id(fake)],
      ['other', () => a.setId(fake, 7)],
    ];
    for (const [field, call] of calls) {
      const err = await call().then(() => undefined, (e: Error) => e);
      expect(err).toMatchObject({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
      expect(err!.message).toContain(`${field}" argument must be a Namespace`);
    }
    expect(() => a.equals(fake)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE', message: expect.stringContaining('"other"') }));
    expect(await linkNames(a)).toEqual(expect.arrayContaining(['vm', 'vm2']));
    expect(await linkNames(a)).not.toContain('va');
    expect(await nsidsOf(a)).toEqual(new Map());
  }));

  test('methods and getters called on a fake: ERR_INVALID_THIS, through the promise for async ones', async () => {
    const fake = Object.create(Namespace.prototype) as Namespace;
    const invalidThis = { name: 'TypeError', code: 'ERR_INVALID_THIS' };
    for (const getter of ['fd', 'closed', 'links', 'addresses', 'routes', 'rules', 'neighbors', 'nexthops', 'fdb', 'sysctl']) {
      expect(() => (fake as unknown as Record<string, unknown>)[getter]).toThrow(expect.objectContaining(invalidThis));
    }
    expect(() => fake.netlink()).toThrow(expect.objectContaining(invalidThis));
    expect(() => fake.close()).toThrow(expect.objectContaining(invalidThis));
    expect(() => fake.equals(Namespace.current())).toThrow(expect.objectContaining(invalidThis));
    const calls: Array<() => Promise<unknown>> = [
      () => fake.id(), () => fake.setId(fake, 1), () => fake.listen(), () => fake.connect({ port: 9, host: '127.0.0.1' }),
      () => fake.createSocket('udp4'), () => fake.batch(() => undefined), () => fake.attach(uniqueName()),
      () => fake.delete(), () => fake[Symbol.asyncDispose](),
    ];
    for (const call of calls) {
      let p: Promise<unknown> | undefined;
      expect(() => { p = call(); }).not.toThrow();
      await expect(p).rejects.toMatchObject({ name: 'TypeError', code: expect.stringMatching(/^ERR_INVALID_(THIS|ARG_TYPE)$/) });
    }
  });
});

describe('every async method of a closed, deleted or fd-starved handle rejects instead of throwing', () => {
  // exec and spawn: hostile-process.test.ts.
  type Call = [string, (ns: Namespace, other: Namespace) => Promise<unknown>];
  const attachName = uniqueName('attach');
  const unusable: Call[] = [
    ['id()', (ns) => ns.id()],
    ['id(other)', (ns, o) => ns.id(o)],
    ['setId', (ns, o) => ns.setId(o, 7)],
    ['listen', (ns) => ns.listen()],
    ['connect', (ns) => ns.connect({ port: 9, host: '127.0.0.1' })],
    ['createSocket', (ns) => ns.createSocket('udp4')],
    ['batch', (ns) => ns.batch((b) => b.links.add({ kind: 'veth', name: 'vb' }))],
    ['atomic batch', (ns) => ns.batch((b) => b.links.add({ kind: 'veth', name: 'vb' }), { atomic: true })],
    ['attach', (ns) => ns.attach(attachName)],
  ];

  /** Starts each call, noting the ones that threw synchronously; each outcome settles to its error. */
  function startAll(ns: Namespace, other: Namespace, calls: Call[]): { thrown: string[]; outcomes: Array<[string, Promise<unknown>]> } {
    const thrown: string[] = [];
    const outcomes: Array<[string, Promise<unknown>]> = [];
    for (const [name, call] of calls) {
      try { outcomes.push([name, call(ns, other).then(() => undefined, (e: Error) => e)]); } catch { thrown.push(name); }
    }
    return { thrown, outcomes };
  }

  /** None may throw synchronously; each must reject with an error of that code. */
  async function expectAllRejected({ thrown, outcomes }: ReturnType<typeof startAll>, code: RegExp): Promise<void> {
    expect(thrown).toEqual([]);
    for (const [name, outcome] of outcomes) {
      const err = (await outcome) as (Error & { code?: unknown }) | undefined;
      expect([name, err?.code]).toEqual([name, expect.stringMatching(code)]);
    }
  }

  test.each([['closed', false], ['deleted', true]])('a %s handle', (_what, deleteIt) => withNamespaces(1, async (other) => {
    const ns = await Namespace.create(uniqueName());
    const name = ns.name!;
    if (deleteIt) await ns.delete();
    else ns.close();
    const reopen: Call = ['Namespace.open of the deleted name', () => Namespace.open(name)];
    try {
      if (deleteIt) await expectAllRejected(startAll(ns, other, [reopen]), /^ENOENT$/);
      await expectAllRejected(startAll(ns, other, unusable), /^ERR_NETNS_CLOSED$/);
    } finally {
      if (!deleteIt) await Namespace.fromPath(`/run/netns/${name}`).delete();
    }
    // Nothing was done: no name was attached, no NSID assigned in `other`.
    const names = (await ipJson<Array<{ name: string }>>(['netns', 'list'])).map((e) => e.name);
    expect(names).not.toContain(name);
    expect(names).not.toContain(attachName);
    expect(await nsidsOf(other)).toEqual(new Map());
  }));

  test('an open handle with no fd left (EMFILE)', () => withNamespaces(2, async (a, b) => {
    const ns = Namespace.fromPath(a.path);  // no connection yet: every call needs a new fd
    // Not here: attach (it would name the namespace once fds are back), batches (each operation
    // reports its own failure).
    const starved: Call[] = [
      ...unusable.filter(([name]) => !['attach', 'batch', 'atomic batch'].includes(name)),
      ['Namespace.open', (_ns, o) => Namespace.open(nameOf(o))],
    ];
    const fillers: number[] = [];
    let started: ReturnType<typeof startAll>;
    try {
      for (;;) {
        try { fillers.push(fs.openSync('/dev/null', 'r')); } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EMFILE') break;
          throw err;
        }
      }
      started = startAll(ns, b, starved);
    } finally {
      for (const fd of fillers) fs.closeSync(fd);
      ns.close();
    }
    await expectAllRejected(started, /^EMFILE$/);
    expect(await nsidsOf(a)).toEqual(new Map());
    expect(await nsidsOf(b)).toEqual(new Map());
  }));

  test('without privileges (EPERM): every method rejects, nothing is made', () => withNamespaces(2, async (a, b) => {
    const attachName = uniqueName('eperm');
    const { stdout, stderr } = await runChild(`
      const ns = lib.Namespace.fromPath(${JSON.stringify(a.path)});
      const other = lib.Namespace.fromPath(${JSON.stringify(b.path)});
      const calls = {
        'id()': () => ns.id(), 'id(other)': () => ns.id(other), setId: () => ns.setId(other, 7), listen: () => ns.listen(),
        connect: () => ns.connect({ port: 9, host: '127.0.0.1' }), createSocket: () => ns.createSocket('udp4'),
        attach: () => ns.attach(${JSON.stringify(attachName)}), create: () => lib.Namespace.create(),
      };
      const out = {};
      for (const [name, call] of Object.entries(calls)) {
        try { out[name] = await call().then(() => 'resolved', (e) => e.code); } catch (e) { out[name] = 'threw ' + e.code; }
      }
      console.log(JSON.stringify(out));
    `, { prefix: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all'] });
    expect(stderr).toBe('');
    const outcomes = JSON.parse(stdout) as Record<string, string>;
    expect(Object.keys(outcomes)).toHaveLength(8);
    for (const [name, code] of Object.entries(outcomes)) expect([name, code]).toEqual([name, 'EPERM']);
    expect(fs.existsSync(`/run/netns/${attachName}`)).toBe(false);
    expect(await nsidsOf(a)).toEqual(new Map());
  }));
});

describe('Namespace.list()', () => {
  test('a stale name (a file with no namespace mounted on it) is listed without an NSID, as ip does', async () => {
    const stale = `/run/netns/${uniqueName('stale')}`;
    fs.writeFileSync(stale, '');
    try {
      const listed = (await Namespace.list()).find((e) => e.path === stale);
      expect(listed).toEqual({ name: stale.slice('/run/netns/'.length), path: stale });
      expect((await ipJson<Array<{ name: string }>>(['netns', 'list'])).map((e) => e.name)).toContain(listed!.name);
    } finally {
      fs.unlinkSync(stale);
    }
  });

  test('with more names than fds to spare: every NSID reported, none taken for a missing one', () => withNamespaces(1, async (x) => {
    const tag = uniqueName('list');
    const made: Namespace[] = [];
    try {
      for (let i = 0; i < 100; i++) made.push(await Namespace.create(`${tag}-${i}`));
      await Promise.all(made.map((ns, i) => x.setId(ns, 1000 + i)));
      // Run from inside x, where those NSIDs are, with about 20 fds in use and 96 allowed.
      const { stdout, stderr } = await runChild(`
        const list = await lib.Namespace.list();
        console.log(JSON.stringify(list.filter((e) => e.name.startsWith(${JSON.stringify(tag)}))));
      `, { prefix: ['ip', 'netns', 'exec', nameOf(x), 'prlimit', '--nofile=96:96'] });
      expect(stderr).toBe('');
      const listed = JSON.parse(stdout) as Array<{ name: string; id?: number }>;
      expect(new Map(listed.map((e) => [e.name, e.id]))).toEqual(new Map(made.map((ns, i) => [ns.name!, 1000 + i])));
      expect(await nsidsOf(x)).toEqual(new Map(made.map((ns, i) => [ns.name!, 1000 + i])));
    } finally {
      for (const ns of made) await ns.delete();
    }
  }));
});
