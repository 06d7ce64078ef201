// Names of routing tables, protocols, scopes and route types, as iproute2 spells them: built-in
// defaults (rtnetlink.h), extended by /etc/iproute2/{rt_tables,rt_protos}[.d/*.conf] when present.
import fs from 'node:fs';
import path from 'node:path';
import { invalidArgType, invalidArgValue } from '../errors';
import { validateInteger } from '../specs/validate';
import type { RouteType } from '../types/route';

const ROUTE_TYPES: readonly RouteType[] = [
  'unspec', 'unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole',
  'unreachable', 'prohibit', 'throw', 'nat', 'xresolve',
];

/** A bidirectional number <-> name table; the first name given for a number is the one printed. */
class NameTable {
  private readonly byName = new Map<string, number>();
  private readonly byNumber = new Map<number, string>();

  constructor(entries: Iterable<[number, string]>) {
    for (const [n, name] of entries) this.set(n, name);
  }

  set(n: number, name: string): void {
    this.byName.set(name, n);
    if (!this.byNumber.has(n)) this.byNumber.set(n, name);
  }

  number(name: string): number | undefined { return this.byName.get(name); }
  name(n: number): string | undefined { return this.byNumber.get(n); }
}

const BUILTIN_TABLES: Array<[number, string]> = [[0, 'unspec'], [253, 'default'], [254, 'main'], [255, 'local']];
const BUILTIN_PROTOCOLS: Array<[number, string]> = [
  [0, 'unspec'], [1, 'redirect'], [2, 'kernel'], [3, 'boot'], [4, 'static'], [8, 'gated'], [9, 'ra'],
  [10, 'mrt'], [11, 'zebra'], [12, 'bird'], [13, 'dnrouted'], [14, 'xorp'], [15, 'ntk'], [16, 'dhcp'],
  [17, 'mrouted'], [18, 'keepalived'], [42, 'babel'], [99, 'openr'], [186, 'bgp'], [187, 'isis'],
  [188, 'ospf'], [189, 'rip'], [192, 'eigrp'],
];
// 'global' is what ip prints for scope 0; 'universe' is accepted too.
const BUILTIN_SCOPES: Array<[number, string]> = [[0, 'global'], [0, 'universe'], [200, 'site'], [253, 'link'], [254, 'host'], [255, 'nowhere']];

/**
 * Where iproute2 keeps its name files: /etc/iproute2 (the admin's), and /usr/share/iproute2 (the
 * distribution's defaults, where iproute2 >= 6.5 moved them). The main file comes from the first
 * directory that has it; drop-ins (NAME.d/*.conf) from both.
 */
let configDirs: readonly string[] = ['/etc/iproute2', '/usr/share/iproute2'];

/** Reads "NUMBER NAME" lines of an iproute2 map file and its .d/*.conf drop-ins; missing files are fine. */
function readMapFiles(base: string, max: number): Array<[number, string]> {
  const files: string[] = [];
  const main = configDirs.map((d) => path.join(d, base)).find((f) => fs.existsSync(f));
  if (main) files.push(main);
  for (const d of configDirs) {
    try {
      const dir = path.join(d, `${base}.d`);
      for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.conf')) files.push(path.join(dir, f));
    } catch { /* no drop-in directory */ }
  }
  const out: Array<[number, string]> = [];
  for (const file of files) {
    let text: string;
    try { text = fs.readFileSync(file, 'utf8'); } catch { continue; }
    for (const line of text.split('\n')) {
      const m = /^\s*(0x[0-9a-fA-F]+|\d+)\s+([^\s#]+)/.exec(line);
      if (!m) continue;
      const n = Number(m[1]);
      if (Number.isInteger(n) && n >= 0 && n <= max) out.push([n, m[2]]);
    }
  }
  return out;
}

/** For tests: read the name files from other directories (the tables are read again on next use). */
export function setIproute2ConfigDirs(dirs: readonly string[]): void {
  configDirs = [...dirs];
  tables = undefined;
  protocols = undefined;
}

let tables: NameTable | undefined;
let protocols: NameTable | undefined;
const scopes = new NameTable(BUILTIN_SCOPES);

// The files are tiny and read once, on first use.
const tableNames = (): NameTable => (tables ??= new NameTable([...BUILTIN_TABLES, ...readMapFiles('rt_tables', 0xffffffff)]));
const protocolNames = (): NameTable => (protocols ??= new NameTable([...BUILTIN_PROTOCOLS, ...readMapFiles('rt_protos', 255)]));

/** A table given by number or name ('main', 'local', 'default', or one from rt_tables). */
export function parseTable(value: unknown, argName = 'table'): number {
  if (typeof value === 'number') return validateInteger(value, argName, 0, 0xffffffff);
  if (typeof value !== 'string') throw invalidArgType(argName, 'a table number or name', value);
  const n = tableNames().number(value) ?? (/^\d+$/.test(value) ? Number(value) : undefined);
  if (n === undefined || n > 0xffffffff) throw invalidArgValue(argName, value, 'must be a table number or a name from /etc/iproute2/rt_tables');
  return n;
}

export const tableName = (n: number): string => tableNames().name(n) ?? String(n);

/** A routing protocol by number (0-255) or name ('static', 'boot', 'bgp', ... from rt_protos). */
export function parseProtocol(value: unknown, argName = 'protocol'): number {
  if (typeof value === 'number') return validateInteger(value, argName, 0, 255);
  if (typeof value !== 'string') throw invalidArgType(argName, 'a protocol number or name', value);
  const n = protocolNames().number(value) ?? (/^\d+$/.test(value) ? Number(value) : undefined);
  if (n === undefined || n > 255) throw invalidArgValue(argName, value, 'must be a protocol number or a name from /etc/iproute2/rt_protos');
  return n;
}

/** The name ip prints for a protocol number, or the number as text. */
export const protocolName = (n: number): string => protocolNames().name(n) ?? String(n);

export function parseScope(value: unknown, argName = 'scope'): number {
  if (typeof value === 'number') return validateInteger(value, argName, 0, 255);
  if (typeof value !== 'string') throw invalidArgType(argName, 'a scope number or name', value);
  const n = scopes.number(value) ?? (/^\d+$/.test(value) ? Number(value) : undefined);
  if (n === undefined || n > 255) throw invalidArgValue(argName, value, 'must be global, site, link, host, nowhere or a number');
  return n;
}

export const scopeName = (n: number): string => scopes.name(n) ?? String(n);

/** The name of a scope number, or the number itself where it has none. */
export const scopeNameOrNumber = (n: number): string | number => scopes.name(n) ?? n;

export function parseRouteType(value: unknown, argName = 'type'): number {
  if (typeof value !== 'string') throw invalidArgType(argName, 'a route type name', value);
  const n = ROUTE_TYPES.indexOf(value as RouteType);
  if (n < 0) throw invalidArgValue(argName, value, `must be one of ${ROUTE_TYPES.join(', ')}`);
  return n;
}

export const routeTypeName = (n: number): RouteType => ROUTE_TYPES[n] ?? (String(n) as RouteType);
