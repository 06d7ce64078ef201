// The README's raw-request example (ns.netlink().request() with RTM_GETNETCONF), taken from the
// README as written, compiled and run against a namespace; its result checked against ip -j netconf.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import ts from 'typescript';
import type { Namespace } from '../../lib';
import * as lib from '../../lib';
import { ip, ipJson, nameOf, withNamespaces } from '../helpers';

type Netconf = (ns: Namespace) => Promise<Map<number, { forwarding: boolean; rpFilter: number }>>;

function readmeExample(): Netconf {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const source = /## Raw requests: the escape hatch\n[\s\S]*?```ts\n([\s\S]*?)\n```/.exec(readme)?.[1];
  if (!source) throw new Error('README has no raw request example');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const load = vm.runInThisContext(`(function (require, exports) {\n${js}\nreturn netconf;\n})`) as (r: (id: string) => unknown, e: object) => Netconf;
  return load((id) => { if (id === 'netns') return lib; throw new Error(`the example requires ${id}`); }, {});
}

test('the README example runs and reads what ip -4 netconf show reads', () => withNamespaces(1, async (ns) => {
  const netconf = readmeExample();
  await ip(ns, ['link', 'add', 'nc0', 'type', 'veth', 'peer', 'name', 'nc1']);
  await ns.sysctl.set('net.ipv4.conf.nc0.forwarding', 1);
  await ns.sysctl.set('net.ipv4.conf.nc1.rp_filter', 2);
  const got = await netconf(ns);
  const names = new Map<number, string>([[-1, 'all'], [-2, 'default']]);
  for (const l of await ns.links.list()) names.set(l.index, l.name);
  const ours = [...got].map(([index, v]) => ({ interface: names.get(index), forwarding: v.forwarding, rpFilter: v.rpFilter }));
  const RP = { off: 0, strict: 1, loose: 2 } as Record<string, number>;
  const theirs = (await ipJson<any[]>(['-n', nameOf(ns), '-4', 'netconf', 'show']))
    .map((e) => ({ interface: e.interface, forwarding: e.forwarding, rpFilter: RP[e.rp_filter] }));
  const byName = (a: { interface?: string }, b: { interface?: string }): number => String(a.interface).localeCompare(String(b.interface));
  expect(ours.sort(byName)).toEqual(theirs.sort(byName));
  expect(ours.find((e) => e.interface === 'nc0')).toMatchObject({ forwarding: true });
  expect(ours.find((e) => e.interface === 'nc1')).toMatchObject({ rpFilter: 2 });
}));
