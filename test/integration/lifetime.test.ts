// A long-lived program drops handles without closing them: once collected, they must hold no
// netlink socket and no namespace. Anything still awaited (a pending request, a live monitor)
// must stay alive until it settles. Run in a child with --expose-gc.
import { runChild } from '../ts-child';

// The child's view of what it holds: its socket fds, those of them that are not netlink sockets
// of its own namespace (/proc/self/net/netlink lists only those; its stdio sockets count too),
// and the namespaces its nsfs fds name, with its own.
const CENSUS = `
  const fs = require('fs');
  const own = fs.readlinkSync('/proc/self/ns/net');
  const census = () => {
    const local = new Set(fs.readFileSync('/proc/self/net/netlink', 'utf8').trim().split('\\n').slice(1)
      .map((line) => line.trim().split(/\\s+/).pop()));
    const out = { sockets: 0, foreignSockets: 0, namespaces: new Set([own]) };
    for (const fd of fs.readdirSync('/proc/self/fd')) {
      let target;
      try { target = fs.readlinkSync('/proc/self/fd/' + fd); } catch { continue; }
      const socket = /^socket:\\[(\\d+)\\]$/.exec(target);
      if (socket) { out.sockets++; if (!local.has(socket[1])) out.foreignSockets++; }
      if (target.startsWith('net:[')) out.namespaces.add(target);
    }
    return { ...out, namespaces: [...out.namespaces] };
  };
  // A few rounds of gc and a timer turn (finalizers run after it), then, given a goal, more until
  // it is met or 10 s pass: how soon V8 frees what was dropped is its own business.
  const collect = async (done = () => true) => {
    const deadline = Date.now() + 10000;
    for (let i = 0; i < 5 || (!done() && Date.now() < deadline); i++) {
      global.gc();
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
`;

test('200 dropped namespace handles and dropped unfinished streams hold nothing once collected', async () => {
  const r = await runChild(`${CENSUS}
    const base = census();
    // Each step in a function of its own: a suspended async function may keep its last local alive.
    // What it made is kept until counted: a handle collected early would make the count short.
    const kept = [];
    const useOnce = async () => {
      const ns = await lib.Namespace.create();
      if ((await ns.links.list()).length !== 1) throw new Error('not a fresh namespace');
      return ns;
    };
    for (let i = 0; i < 200; i++) kept.push(await useOnce());
    // More routes than a stream buffers (4096): the dropped stream is paused mid-dump.
    const streamOnce = async (routes) => {
      const ns = await lib.Namespace.create();
      await Promise.all(Array.from({ length: routes }, (_, j) => ns.routes.add({ dst: '10.' + (j >> 8) + '.' + (j & 255) + '.0/24', type: 'blackhole' })));
      const it = ns.routes.stream();
      if ((await it.next()).done) throw new Error('empty stream');
      return [ns, it];
    };
    kept.push(await streamOnce(6000));
    for (let i = 0; i < 3; i++) kept.push(await streamOnce(3));
    const held = census();
    kept.length = 0;
    await collect(() => same(census(), base));
    console.log(JSON.stringify({ base, held, after: census() }));
  `, { nodeArgs: ['--expose-gc'] });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const { base, held, after } = JSON.parse(r.stdout);
  expect(base.namespaces).toHaveLength(1);
  // They really were open: a socket and an fd per handle, and one socket per stream.
  expect(held.foreignSockets).toBeGreaterThanOrEqual(base.foreignSockets + 200);
  expect(held.namespaces.length).toBeGreaterThan(200);
  expect(after).toEqual(base);
});

test('a dropped handle with a request in flight, and a dropped live monitor, stay alive until done', async () => {
  const r = await runChild(`${CENSUS}
    const base = census();
    // A dump larger than one read (1 MiB): its replies arrive over several event-loop turns.
    const bigDump = async () => {
      const ns = await lib.Namespace.create();
      await Promise.all(Array.from({ length: 30000 }, (_, j) => ns.routes.add({ dst: '10.' + (j >> 8) + '.' + (j & 255) + '.0/24', type: 'blackhole' })));
      return ns.routes.list();  // the handle is dropped while this runs
    };
    const listing = bigDump();
    await collect();
    const routes = (await listing).length;
    // A monitor the caller keeps no reference to, only its listener.
    const seen = [];
    let monitorRef;
    const ns = await lib.Namespace.create();
    (() => {
      const m = ns.monitor({ groups: ['link'] });
      m.on('event', (e) => { if (e.object === 'link' && e.value && e.value.name === 'mon0') seen.push(e.type); });
      monitorRef = new WeakRef(m);
    })();
    await collect();
    await ns.links.add({ kind: 'veth', name: 'mon0', peer: { name: 'mon1' } });
    for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const alive = monitorRef.deref() !== undefined;
    monitorRef.deref()?.close();
    ns.close();
    await collect(() => same(census(), base));
    console.log(JSON.stringify({ base, routes, seen, alive, after: census() }));
  `, { nodeArgs: ['--expose-gc'] });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out.routes).toBe(30000);
  expect(out.alive).toBe(true);
  expect(out.seen.length).toBeGreaterThanOrEqual(1);
  expect(out.after).toEqual(out.base);
  expect(out.after.namespaces).toHaveLength(1);
});
