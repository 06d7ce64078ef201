#!/usr/bin/env node
// npx netns ...: a small front end for scripts. Human-readable by default, JSON with --json.
import { constants as osConstants } from 'node:os';
import { Namespace } from '../lib';

const USAGE = `usage: netns [--json] COMMAND
  list                          named namespaces (ip netns list)
  add NAME | delete NAME        create or delete a named namespace
  links NAME                    links in NAME (ip -n NAME link)
  addresses NAME                addresses in NAME (ip -n NAME addr)
  routes NAME [TABLE|all]       routes in NAME (ip -n NAME route show table ...)
  rules NAME                    policy rules in NAME (ip -n NAME rule)
  neighbors NAME                neighbours in NAME (ip -n NAME neigh)
  exec NAME COMMAND [ARGS...]   run a command inside NAME (ip netns exec); exits with its
                                status, 128+N for signal N, 127/126 if it cannot run`;

class UsageError extends Error {}

async function withNs<T>(name: string | undefined, fn: (ns: Namespace) => Promise<T>): Promise<T> {
  if (!name) throw new UsageError('a namespace name is needed');
  const ns = await Namespace.open(name);
  try { return await fn(ns); } finally { ns.close(); }
}

function print<T>(items: readonly T[], json: boolean, line: (item: T) => string): void {
  if (json) { console.log(JSON.stringify(items, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v), 2)); return; }
  for (const item of items) console.log(line(item));
}

async function main(argv: string[]): Promise<number> {
  // Options come before the command: what follows it (exec's arguments) is passed through untouched.
  const json = argv[0] === '--json';
  const [cmd, ...rest] = json ? argv.slice(1) : argv;
  switch (cmd) {
    case 'list':
      print(await Namespace.list(), json, (n) => `${n.name}${n.id === undefined ? '' : ` (id: ${n.id})`}`);
      return 0;
    case 'add': {
      if (!rest[0]) throw new UsageError('add needs a name');
      const ns = await Namespace.create(rest[0]);
      ns.close();
      if (json) print([{ name: ns.name, path: ns.path, inode: ns.inode }], true, String);
      return 0;
    }
    case 'delete':
      await withNs(rest[0], (ns) => ns.delete());
      return 0;
    case 'links':
      print(await withNs(rest[0], (ns) => ns.links.list()), json,
        (l) => `${l.index}: ${l.name}${l.kind ? ` (${l.kind})` : ''} mtu ${l.mtu} ${l.up ? 'UP' : 'DOWN'} ${l.address ?? ''}`);
      return 0;
    case 'addresses':
      print(await withNs(rest[0], (ns) => ns.addresses.list()), json, (a) => `${a.link}: ${a.cidr} scope ${a.scope}`);
      return 0;
    case 'routes': {
      // A number, 'all', or a name (main, local, default, or one from rt_tables).
      const table = rest[1] === undefined ? undefined : /^\d+$/.test(rest[1]) ? Number(rest[1]) : rest[1];
      print(await withNs(rest[0], (ns) => ns.routes.list(table === undefined ? {} : { table })), json,
        (r) => `${r.type === 'unicast' ? '' : `${r.type} `}${r.dst}${r.via ? ` via ${r.via}` : ''}${r.dev ? ` dev ${r.dev}` : ''} table ${r.table}`);
      return 0;
    }
    case 'rules':
      print(await withNs(rest[0], (ns) => ns.rules.list()), json, (r) => `${r.priority}: ${r.action}${r.table === undefined ? '' : ` table ${r.table}`}${r.from ? ` from ${r.from}` : ''}${r.to ? ` to ${r.to}` : ''}`);
      return 0;
    case 'neighbors':
      print(await withNs(rest[0], (ns) => ns.neighbors.list()), json, (n) => `${n.address} dev ${n.dev ?? n.ifindex} lladdr ${n.lladdr ?? '-'} ${n.state}`);
      return 0;
    case 'exec': {
      if (!rest[1]) throw new UsageError('exec needs a namespace and a command');
      return withNs(rest[0], (ns) => new Promise<number>((resolve, reject) => {
        const child = ns.spawn(rest[1], rest.slice(2), { stdio: 'inherit' });
        child.on('error', (err: NodeJS.ErrnoException) => {
          // A command that cannot run exits as in a shell: 127 not found, 126 not executable.
          const notRun = err.syscall?.startsWith('spawn ');
          const status = notRun && err.code === 'ENOENT' ? 127 : notRun && err.code === 'EACCES' ? 126 : undefined;
          if (status === undefined) { reject(err); return; }
          console.error(`netns: ${err.message}`);
          resolve(status);
        });
        // A signal ends it as in a shell: 128 + the signal's number.
        child.on('close', (code, signal) => resolve(code ?? 128 + (signal ? osConstants.signals[signal] : 0)));
      }));
    }
    default:
      throw new UsageError(cmd ? `unknown command "${cmd}"` : 'no command');
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: Error & { code?: string }) => {
  if (err instanceof UsageError) console.error(`netns: ${err.message}\n${USAGE}`);
  else console.error(`netns: ${err.message}`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
});
