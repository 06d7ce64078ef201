// CNI results: read in any supported version (an IPAM plugin's answer, a prevResult), kept in the
// 1.x shape, and written in the version the configuration asks for (libcni's converters' rules).
import { CNI_ERR, CniError } from './errors';
import { compareVersions } from './version';

export interface CniInterface { name: string; mac?: string; sandbox?: string }
export interface CniIpConfig { interface?: number; address: string; gateway?: string }
export interface CniRoute { dst: string; gw?: string; [more: string]: unknown }
export interface CniDns { nameservers?: string[]; domain?: string; search?: string[]; options?: string[] }

/** A result in the 1.x shape. */
export interface CniResult {
  interfaces: CniInterface[];
  ips: CniIpConfig[];
  routes: CniRoute[];
  dns: CniDns;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isV4Text = (cidr: string): boolean => !cidr.includes(':');

function bad(what: string): CniError {
  return new CniError(CNI_ERR.decodingFailure, `could not parse result: ${what}`);
}

function str(v: unknown, what: string, optional = false): string | undefined {
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') throw bad(`${what} must be a string`);
  return v;
}

function route(r: unknown): CniRoute {
  if (!isObject(r)) throw bad('a route must be an object');
  const out: CniRoute = { ...r, dst: str(r.dst, 'route dst')! };
  if (r.gw === undefined) delete out.gw; else out.gw = str(r.gw, 'route gw');
  return out;
}

function dns(d: unknown): CniDns {
  if (d === undefined) return {};
  if (!isObject(d)) throw bad('dns must be an object');
  return d;
}

/** A result as printed by a plugin of `version` (its own cniVersion wins when it has one). */
export function parseResult(raw: unknown, version: string): CniResult {
  if (!isObject(raw)) throw bad('not an object');
  const v = typeof raw.cniVersion === 'string' && raw.cniVersion ? raw.cniVersion : version;
  if (compareVersions(v, '0.3.0') < 0) {
    // 0.1.0/0.2.0: one address per family under ip4/ip6, each with its routes.
    const out: CniResult = { interfaces: [], ips: [], routes: [], dns: dns(raw.dns) };
    for (const key of ['ip4', 'ip6']) {
      const c = raw[key];
      if (c === undefined) continue;
      if (!isObject(c)) throw bad(`${key} must be an object`);
      out.ips.push({ address: str(c.ip, `${key}.ip`)!, ...(c.gateway !== undefined ? { gateway: str(c.gateway, `${key}.gateway`) } : {}) });
      if (c.routes !== undefined) {
        if (!Array.isArray(c.routes)) throw bad(`${key}.routes must be a list`);
        out.routes.push(...c.routes.map(route));
      }
    }
    return out;
  }
  const list = (k: string): unknown[] => {
    if (raw[k] === undefined || raw[k] === null) return [];
    if (!Array.isArray(raw[k])) throw bad(`${k} must be a list`);
    return raw[k] as unknown[];
  };
  return {
    interfaces: list('interfaces').map((i) => {
      if (!isObject(i)) throw bad('an interface must be an object');
      return { ...i, name: str(i.name, 'interface name')! };
    }),
    ips: list('ips').map((ip) => {
      if (!isObject(ip)) throw bad('an ip must be an object');
      const out: CniIpConfig = { address: str(ip.address, 'ip address')! };
      if (ip.interface !== undefined && ip.interface !== null) {
        if (!Number.isInteger(ip.interface)) throw bad('ip interface must be an integer');
        out.interface = ip.interface as number;
      }
      if (ip.gateway !== undefined) out.gateway = str(ip.gateway, 'ip gateway');
      return out;
    }),
    routes: list('routes').map(route),
    dns: dns(raw.dns),
  };
}

/** The result as `version` prints it; key order as libcni's types marshal them. */
export function formatResult(r: CniResult, version: string): Record<string, unknown> {
  if (compareVersions(version, '0.3.0') < 0) {
    // Only the first address of each family survives the way down to 0.2.0 (libcni's convertTo02x).
    const v4 = r.ips.find((ip) => isV4Text(ip.address));
    const v6 = r.ips.find((ip) => !isV4Text(ip.address));
    if (!v4 && !v6) throw new CniError(CNI_ERR.internal, 'cannot convert: no valid IP addresses');
    const family = (ip: CniIpConfig | undefined, v4Family: boolean) => {
      if (!ip) return undefined;
      const routes = r.routes.filter((rt) => isV4Text(rt.dst) === v4Family).map((rt) => ({ dst: rt.dst, ...(rt.gw ? { gw: rt.gw } : {}) }));
      return { ip: ip.address, ...(ip.gateway ? { gateway: ip.gateway } : {}), ...(routes.length ? { routes } : {}) };
    };
    return { cniVersion: version, ...(v4 ? { ip4: family(v4, true) } : {}), ...(v6 ? { ip6: family(v6, false) } : {}), dns: r.dns };
  }
  const pre1 = compareVersions(version, '1.0.0') < 0;
  const out: Record<string, unknown> = { cniVersion: version };
  if (r.interfaces.length) out.interfaces = r.interfaces;
  if (r.ips.length) {
    // 0.3.x and 0.4.0 name each address's IP version first.
    out.ips = r.ips.map((ip) => (pre1 ? { version: isV4Text(ip.address) ? '4' : '6', ...ip } : ip));
  }
  // mtu, advmss, priority, table and scope came with 1.1.0.
  if (r.routes.length) out.routes = compareVersions(version, '1.1.0') < 0 ? r.routes.map((rt) => ({ dst: rt.dst, ...(rt.gw ? { gw: rt.gw } : {}) })) : r.routes;
  out.dns = r.dns;
  return out;
}

/** libcni's layout: four-space indent, no final newline. */
export const printJson = (value: unknown): string => JSON.stringify(value, null, 4);
