// Every promise-returning method of every collection (and the namespace's sockets) reports every
// failure through its promise: on a closed handle, on a deleted one, when no socket can be made
// (EMFILE under a low fd limit) and when joining the namespace is not allowed (EPERM, another
// user). Nothing is thrown synchronously, and nothing changes in the kernel (checked with ip -j).
import path from 'node:path';
import { ipJson, nameOf, withNamespaces } from '../helpers';
import { runChild } from '../ts-child';
import { CALLS, callAll, type Outcome } from '../promise-calls';
import type { Namespace } from '../../lib';

const CALL_TABLE = path.resolve(__dirname, '..', 'promise-calls.ts');

/** What a namespace holds, as ip sees it: to show that the failed calls changed nothing. */
async function kernelState(ns: Namespace): Promise<unknown> {
  const n = nameOf(ns);
  const [links, addrs, routes, rules, neigh, nexthops] = await Promise.all([
    ipJson(['-n', n, 'link', 'show']),
    ipJson(['-n', n, 'addr', 'show']),
    ipJson(['-n', n, 'route', 'show', 'table', 'all']),
    ipJson(['-n', n, 'rule', 'show']),
    ipJson(['-n', n, 'neigh', 'show']),
    ipJson(['-n', n, 'nexthop', 'show']),
  ]);
  return { links, addrs, routes, rules, neigh, nexthops };
}

function expectAllRejected(outcomes: Outcome[], settled: RegExp): void {
  expect(outcomes.map((o) => o.call)).toEqual(CALLS.map(([call]) => call));
  for (const o of outcomes) expect({ call: o.call, threw: o.threw, settled: o.settled }).toEqual({ call: o.call, threw: undefined, settled: expect.stringMatching(settled) });
}

/** The same table in a child process that opens both namespaces by name and calls everything on the first. */
async function callAllInChild(a: Namespace, b: Namespace, prefix: string[], prepare = ''): Promise<Outcome[]> {
  const r = await runChild(`
    const { callAll } = require(${JSON.stringify(CALL_TABLE)});
    const a = await lib.Namespace.open(${JSON.stringify(nameOf(a))});
    const b = await lib.Namespace.open(${JSON.stringify(nameOf(b))});
    ${prepare}
    const outcomes = await callAll(a, b);
    if (typeof release === 'function') release();
    console.log(JSON.stringify(outcomes));
    a.close();
    b.close();
  `, { prefix });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Outcome[];
}

test('on a closed handle: every call rejects with ERR_NETNS_CLOSED, none throws, nothing changes', () => withNamespaces(2, async (a, b) => {
  const before = [await kernelState(a), await kernelState(b)];
  a.close();
  expectAllRejected(await callAll(a, b), /^Error ERR_NETNS_CLOSED$/);
  expect([await kernelState(a), await kernelState(b)]).toEqual(before);
}));

test('on a deleted handle: every call rejects with ERR_NETNS_CLOSED, none throws, nothing changes', () => withNamespaces(2, async (a, b) => {
  const name = nameOf(a);
  const before = await kernelState(b);
  await a.delete();
  expectAllRejected(await callAll(a, b), /^Error ERR_NETNS_CLOSED$/);
  expect((await ipJson(['netns', 'list'])).map((n: { name: string }) => n.name)).not.toContain(name);
  expect(await kernelState(b)).toEqual(before);
}));

test('at EMFILE (a child under prlimit, every fd taken): every call rejects with EMFILE, none throws, nothing changes', () => withNamespaces(2, async (a, b) => {
  const before = [await kernelState(a), await kernelState(b)];
  // The handles are opened first; then the child takes every fd left, so no socket can be made.
  const outcomes = await callAllInChild(a, b, ['prlimit', '--nofile=200'], `
    const fs = require('fs');
    const taken = [];
    try { for (;;) taken.push(fs.openSync('/dev/null', 'r')); } catch (e) { if (e.code !== 'EMFILE') throw e; }
    const release = () => { for (const fd of taken) fs.closeSync(fd); };
  `);
  expectAllRejected(outcomes, /EMFILE$/);
  expect([await kernelState(a), await kernelState(b)]).toEqual(before);
}));

test('without the right to join the namespace (another user): every call rejects with EPERM, none throws, nothing changes', () => withNamespaces(2, async (a, b) => {
  const before = [await kernelState(a), await kernelState(b)];
  const outcomes = await callAllInChild(a, b, ['setpriv', '--reuid', '65534', '--regid', '65534', '--clear-groups']);
  expectAllRejected(outcomes, /EPERM$/);
  expect([await kernelState(a), await kernelState(b)]).toEqual(before);
}));
