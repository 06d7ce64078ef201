// require('netns') loads the Namespace class, the errors and the addon, and little else: the
// collections, link kinds, specs, process/socket code, ipaddr.js and node:net load with the first
// handle. Checked in a fresh process (the jest one has loaded everything). The lazily loaded exports are
// still the classes themselves, and an ES module still finds every name (Node reads a CommonJS
// module's export names from its code with cjs-module-lexer).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { LIB, runChild } from '../ts-child';

/** What the child reports: the lib files and Node modules loaded so far. */
const LOADED = `
const libFiles = () => Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(LIB + path.sep)}))
  .map((f) => f.slice(${JSON.stringify(LIB.length + 1)}).replace(/\\.ts$/, '')).sort();
const nodeModules = () => process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));
const thirdParty = () => Object.keys(require.cache).filter((f) => ['/node_modules/ipaddr.js/', '/node_modules/node-gyp-build/'].some((d) => f.includes(d)));
`;

test('require loads only what a handle needs before its first request', async () => {
  const r = await runChild(`${LOADED}
    console.log(JSON.stringify({ lib: libFiles(), node: nodeModules(), third: thirdParty() }));`);
  expect(r.stderr).toBe('');
  const { lib, node, third } = JSON.parse(r.stdout) as { lib: string[]; node: string[]; third: string[] };
  expect(lib).toContain('namespace');
  expect(lib).toContain('native');
  expect(lib.filter((f) => /^(collections\/(?!context|link-resolver)|link-kinds\/|transport\/|specs\/(?!validate|namespace-arg)|process|sockets)/.test(f))).toEqual([]);
  expect(node.filter((m) => ['net', 'child_process', 'dgram', 'fs/promises'].includes(m))).toEqual([]);
  // build/Release/netns.node is loaded as node-gyp-build would pick it, without loading node-gyp-build.
  expect(third).toEqual([]);
});

test('the first handle loads everything its methods use: nothing loads after it', async () => {
  // A module loaded later could meet EMFILE or a polluted Object.prototype (Node's loader reads it).
  const r = await runChild(`${LOADED}
    const ns = await lib.Namespace.create();
    const loaded = () => Object.keys(require.cache).length;  // files; Node's own modules come from its binary
    const first = loaded();
    try {
      await ns.links.add({ kind: 'veth', name: 'v0', up: true, peer: { name: 'v1' } });
      await ns.links.add({ kind: 'bridge', name: 'br0' });
      await ns.addresses.add('v0', '10.0.0.1/24');
      await ns.routes.add({ dst: '10.9.0.0/16', via: '10.0.0.2', table: 100 });
      await ns.routes.add({ dst: '2001:db8::/64', dev: 'v0', table: 100 });
      await ns.batch((b) => { b.routes.add({ dst: '10.8.0.0/16', via: '10.0.0.2' }); });
      await ns.sysctl.get('net.ipv4.ip_forward');
      await ns.exec('true');
      const server = await ns.listen({ host: '10.0.0.1' });
      server.close();
      ns.monitor({ groups: ['link'] }).close();
      await ns.links.list();
      await ns.routes.list({ table: 'all' });
      console.log(JSON.stringify({ first, after: loaded(), third: thirdParty().length }));
    } finally { await ns.delete(); }`);
  expect(r.stderr).toBe('');
  const { first, after, third } = JSON.parse(r.stdout) as { first: number; after: number; third: number };
  expect(after).toBe(first);
  expect(third).toBe(1);  // ipaddr.js, loaded with the handle
});

test('the lazily loaded exports are the classes themselves, and every export is one an ES module finds', async () => {
  const r = await runChild(`${LOADED}
    const same = {
      Links: lib.Links === require(${JSON.stringify(path.join(LIB, 'collections/links'))}).Links,
      Routes: lib.Routes === require(${JSON.stringify(path.join(LIB, 'collections/routes'))}).Routes,
      BatchError: lib.BatchError === require(${JSON.stringify(path.join(LIB, 'collections/batch'))}).BatchError,
      knownKinds: lib.knownKinds === require(${JSON.stringify(path.join(LIB, 'link-kinds'))}).knownKinds,
    };
    const ns = await lib.Namespace.create();
    try {
      const kinds = Object.fromEntries(['links', 'addresses', 'routes', 'rules', 'neighbors', 'nexthops', 'fdb', 'sysctl']
        .map((c) => [c, ns[c] instanceof lib[c === 'fdb' ? 'Fdb' : c[0].toUpperCase() + c.slice(1)]]));
      console.log(JSON.stringify({ same, kinds, keys: Object.keys(lib).sort(), known: lib.knownKinds().includes('veth') }));
    } finally { await ns.delete(); }`);
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout) as { same: Record<string, boolean>; kinds: Record<string, boolean>; keys: string[]; known: boolean };
  expect(out.same).toEqual({ Links: true, Routes: true, BatchError: true, knownKinds: true });
  expect(Object.values(out.kinds)).toEqual(Array(8).fill(true));
  expect(out.known).toBe(true);

  // The names Node's ESM loader finds in the compiled index (cjs-module-lexer, as Node runs it).
  const compiled = ts.transpileModule(fs.readFileSync(path.join(LIB, 'index.ts'), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const lexed = execFileSync(process.execPath, ['--expose-internals', '-e',
    `const { parse } = require('internal/deps/cjs-module-lexer/lexer');
     let code = ''; process.stdin.on('data', (d) => { code += d; }).on('end', () => console.log(JSON.stringify(parse(code).exports)));`,
  ], { input: compiled, encoding: 'utf8' });
  const names = (JSON.parse(lexed) as string[]).filter((n) => n !== '__esModule').sort();
  expect(names).toEqual(out.keys);
  expect(names).toEqual(expect.arrayContaining(['Namespace', 'Links', 'Routes', 'NetlinkError', 'BatchError', 'knownKinds']));
});

test('before any handle: a method called on something else still says ERR_INVALID_THIS, and a prototype polluted after the first turn breaks nothing', async () => {
  const r = await runChild(`
    const { Namespace } = lib;
    const codeOf = (fn) => { try { const p = fn(); return p && typeof p.then === 'function' ? p.then(() => 'resolved', (e) => e.code) : 'returned'; } catch (e) { return e.code; } };
    const fake = {};
    const got = {};
    const ARGS = { id: [], listen: [], batch: [() => {}], spawn: ['true'], monitor: [], exec: ['true'] };
    for (const [m, args] of Object.entries(ARGS)) got[m] = await codeOf(() => Namespace.prototype[m].call(fake, ...args));
    await new Promise((resolve) => setImmediate(resolve));  // the loop's first turn: the handle modules load
    Object.prototype.encoding = 'hex';  // Node's module loader would read it
    Object.prototype.flag = 'r+';
    let made;
    try {
      const ns = await Namespace.create();
      await ns.links.add({ kind: 'veth', name: 'p0', peer: { name: 'p1' } });
      made = (await ns.links.list()).map((l) => l.name).sort();
      await ns.delete();
    } finally { delete Object.prototype.encoding; delete Object.prototype.flag; }
    console.log(JSON.stringify({ got, made }));`);
  expect(r.stderr).toBe('');
  const { got, made } = JSON.parse(r.stdout) as { got: Record<string, string>; made: string[] };
  expect(got).toEqual({ id: 'ERR_INVALID_THIS', listen: 'ERR_INVALID_THIS', batch: 'ERR_INVALID_THIS', spawn: 'ERR_INVALID_THIS', monitor: 'ERR_INVALID_THIS', exec: 'ERR_INVALID_THIS' });
  expect(made).toEqual(['lo', 'p0', 'p1']);
});
