// The network configuration on stdin: the fields every plugin reads, then netns-bridge's options
// with the reference bridge plugin's defaults. A field of the wrong type is code 7 naming it.
import { CNI_ERR, CniError } from './errors';
import { VALID_NAME } from './env';
import { IMPLICIT_VERSION } from './version';
import type { CniDns } from './result';

/** What every configuration has: the raw object goes to the IPAM plugin as it came. */
export interface BaseConf {
  cniVersion: string;
  name: string;
  type: string;
  raw: Record<string, unknown>;
}

/** netns-bridge's configuration (the reference bridge plugin's field names). */
export interface BridgeConf extends BaseConf {
  bridge: string;
  isGateway: boolean;
  isDefaultGateway: boolean;
  forceAddress: boolean;
  ipMasq: boolean;
  mtu: number;
  hairpinMode: boolean;
  promiscMode: boolean;
  vlan: number;
  enableDad: boolean;
  /** ipam.type, '' for a layer-2 only network. */
  ipamType: string;
  dns: CniDns;
  /** The container MAC asked for (CNI_ARGS MAC, args.cni.mac, runtimeConfig.mac: the last given wins). */
  mac?: string;
  prevResult?: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function invalid(msg: string, details?: string): CniError {
  return new CniError(CNI_ERR.invalidConfig, msg, details);
}

/** Parses stdin: not JSON is code 6; no or a bad network name is code 7. */
export function parseBase(stdin: string): BaseConf {
  let raw: unknown;
  try {
    raw = JSON.parse(stdin);
  } catch (err) {
    throw new CniError(CNI_ERR.decodingFailure, `error unmarshall network config: ${(err as Error).message}`);
  }
  if (!isObject(raw)) throw new CniError(CNI_ERR.decodingFailure, 'error unmarshall network config: not a JSON object');
  const { cniVersion = IMPLICIT_VERSION, name = '', type = '' } = raw;
  if (typeof cniVersion !== 'string') throw new CniError(CNI_ERR.decodingFailure, 'cniVersion must be a string');
  if (typeof name !== 'string' || typeof type !== 'string') throw invalid('name and type must be strings');
  if (!name) throw invalid('missing network name');
  if (!VALID_NAME.test(name)) throw invalid('invalid characters found in network name', name);
  return { cniVersion: cniVersion || IMPLICIT_VERSION, name, type, raw };
}

function field<T>(raw: Record<string, unknown>, key: string, kind: 'boolean' | 'number' | 'string', fallback: T): T {
  const v = raw[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== kind) throw invalid(`invalid ${key}: must be a ${kind}`, JSON.stringify(v));
  return v as T;
}

function integer(raw: Record<string, unknown>, key: string, min: number, max: number): number {
  const v = field(raw, key, 'number', 0);
  if (!Number.isInteger(v) || v < min || v > max) throw invalid(`invalid ${key} ${v} (must be an integer from ${min} to ${max})`);
  return v;
}

/** netns-bridge's options on top of the base configuration. */
export function parseBridgeConf(base: BaseConf, cniArgsMac: string | undefined): BridgeConf {
  const raw = base.raw;
  const ipam = raw.ipam ?? {};
  if (!isObject(ipam)) throw invalid('invalid ipam: must be an object');
  const dns = raw.dns ?? {};
  if (!isObject(dns)) throw invalid('invalid dns: must be an object');
  if (raw.prevResult !== undefined && raw.prevResult !== null && !isObject(raw.prevResult)) throw invalid('invalid prevResult: must be an object');
  if (field(raw, 'macspoofchk', 'boolean', false)) throw new CniError(CNI_ERR.unsupportedField, 'unsupported field: macspoofchk: true');
  const conf: BridgeConf = {
    ...base,
    bridge: field(raw, 'bridge', 'string', '') || 'cni0',
    isGateway: field(raw, 'isGateway', 'boolean', false),
    isDefaultGateway: field(raw, 'isDefaultGateway', 'boolean', false),
    forceAddress: field(raw, 'forceAddress', 'boolean', false),
    ipMasq: field(raw, 'ipMasq', 'boolean', false),
    mtu: integer(raw, 'mtu', 0, 0x7fffffff),
    hairpinMode: field(raw, 'hairpinMode', 'boolean', false),
    promiscMode: field(raw, 'promiscMode', 'boolean', false),
    vlan: integer(raw, 'vlan', 0, 4094),
    enableDad: field(raw, 'enabledad', 'boolean', false),
    ipamType: field(ipam, 'type', 'string', ''),
    dns: dns,
    ...(isObject(raw.prevResult) ? { prevResult: raw.prevResult } : {}),
  };
  // The reference: isDefaultGateway implies isGateway; hairpin and promiscuous mode exclude each other.
  if (conf.isDefaultGateway) conf.isGateway = true;
  if (conf.hairpinMode && conf.promiscMode) throw invalid('cannot set hairpin mode and promiscuous mode at the same time.');
  if (Buffer.byteLength(conf.bridge) > 15 || /[/:\s]/u.test(conf.bridge)) throw invalid(`invalid bridge name "${conf.bridge}"`);
  const args = isObject(raw.args) && isObject(raw.args.cni) ? raw.args.cni : {};
  const runtime = isObject(raw.runtimeConfig) ? raw.runtimeConfig : {};
  const mac = field(runtime, 'mac', 'string', '') || field(args, 'mac', 'string', '') || cniArgsMac;
  if (mac) {
    if (!/^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(mac)) throw invalid(`invalid MAC address "${mac}"`);
    conf.mac = mac.toLowerCase().replace(/-/g, ':');
  }
  return conf;
}
