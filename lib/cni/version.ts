// Spec versions: which this plugin speaks, how they compare, and the VERSION result.
import { CNI_ERR, CniError } from './errors';

/** Every version whose configuration and result this plugin reads and writes. */
export const SUPPORTED_VERSIONS = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'] as const;

/** The version a configuration without cniVersion means (libcni's rule). */
export const IMPLICIT_VERSION = '0.1.0';

/** -1, 0 or 1 as a is lower, equal or higher than b; versions are MAJOR.MINOR.PATCH. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a), pb = parseVersion(b);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  return 0;
}

function parseVersion(v: string): number[] {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
  if (!m) throw new CniError(CNI_ERR.decodingFailure, `invalid version "${v}": the version must be MAJOR.MINOR.PATCH`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Refuses a configuration version this plugin does not speak (code 1, details as libcni words them). */
export function checkSupported(version: string): void {
  parseVersion(version);
  if ((SUPPORTED_VERSIONS as readonly string[]).includes(version)) return;
  throw new CniError(CNI_ERR.incompatibleVersion, 'incompatible CNI versions',
    `config is "${version}", plugin supports [${SUPPORTED_VERSIONS.map((v) => `"${v}"`).join(' ')}]`);
}

/** Refuses a command the configuration's version does not have (CHECK came in 0.4.0, STATUS and GC in 1.1.0). */
export function requireAtLeast(version: string, min: string, command: string): void {
  if (compareVersions(version, min) < 0) throw new CniError(CNI_ERR.incompatibleVersion, `config version does not allow ${command}`);
}

/** The VERSION result: the version asked for (the newest when none is), and every one supported. */
export function versionResult(asked: unknown): { cniVersion: string; supportedVersions: string[] } {
  const cniVersion = typeof asked === 'string' && /^\d+\.\d+\.\d+$/.test(asked) ? asked : SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1];
  return { cniVersion, supportedVersions: [...SUPPORTED_VERSIONS] };
}
