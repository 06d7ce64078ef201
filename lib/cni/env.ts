// The CNI_* environment: which variables each command needs, and the checks libcni's skel makes
// on the container ID and the interface name.
import type { Namespace } from '../namespace';
import { CNI_ERR, CniError } from './errors';

export type CniCommand = 'ADD' | 'DEL' | 'CHECK' | 'VERSION' | 'STATUS' | 'GC';

/** What the runtime passed in the environment. */
export interface CniEnv {
  command: CniCommand;
  containerId: string;
  netns: string;
  ifName: string;
  args: string;
  path: string[];
  /** The whole environment: what delegated plugins (IPAM) are run with. */
  vars: Readonly<Record<string, string | undefined>>;
  /** Set by the server (lib/cni/server.ts): the namespaces its client passed. Absent: this process runs in the host. */
  passed?: PassedNamespaces;
}

/** What a netns-cni client passed with its request, opened by the server. */
export interface PassedNamespaces {
  /** The caller's network namespace: the host of this command. */
  host: Namespace;
  /** CNI_NETNS as the caller opened it. */
  container?: Namespace;
  /** CNI_NETNS was set but the caller could not open it: open's error. */
  containerError?: NodeJS.ErrnoException;
  /** Delegated plugins run in `host` through Namespace.spawn (the server runs in another namespace). */
  spawnInHost: boolean;
  /** What delegated plugins wrote on stderr, for the reply. */
  stderr: string[];
}

// Required per command (SPEC.md "Parameters" and each operation's input).
const REQUIRED: Record<CniCommand, readonly string[]> = {
  ADD: ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME', 'CNI_PATH'],
  CHECK: ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME', 'CNI_PATH'],
  DEL: ['CNI_CONTAINERID', 'CNI_IFNAME', 'CNI_PATH'],
  GC: ['CNI_PATH'],
  STATUS: ['CNI_PATH'],
  VERSION: [],
};

const isCommand = (c: string): c is CniCommand => Object.hasOwn(REQUIRED, c);

/** Reads the environment; throws code 4 naming every missing variable, or an unknown command. */
export function readEnv(env: Readonly<Record<string, string | undefined>>, passed?: PassedNamespaces): CniEnv {
  const command = env.CNI_COMMAND ?? '';
  if (command && !isCommand(command)) throw new CniError(CNI_ERR.invalidEnv, `unknown CNI_COMMAND: ${command}`);
  const missing = (command ? REQUIRED[command as CniCommand] : ['CNI_COMMAND']).filter((name) => !env[name]);
  if (missing.length) throw new CniError(CNI_ERR.invalidEnv, `required env variables [${missing.join(',')}] missing`);
  return {
    command: command as CniCommand,
    containerId: env.CNI_CONTAINERID ?? '',
    netns: env.CNI_NETNS ?? '',
    ifName: env.CNI_IFNAME ?? '',
    args: env.CNI_ARGS ?? '',
    path: (env.CNI_PATH ?? '').split(':').filter(Boolean),
    vars: env,
    ...(passed ? { passed } : {}),
  };
}

// A container ID or network name: an alphanumeric, then alphanumerics, '_', '.', '-'.
export const VALID_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** The container ID and interface name checks ADD, CHECK and DEL make before anything else. */
export function checkAttachment(e: CniEnv): void {
  if (!e.containerId) throw new CniError(CNI_ERR.unknownContainer, 'missing containerID');
  if (!VALID_NAME.test(e.containerId)) throw new CniError(CNI_ERR.invalidEnv, 'invalid characters in containerID', e.containerId);
  const n = e.ifName;
  if (!n) throw new CniError(CNI_ERR.invalidEnv, 'interface name is empty');
  // IFNAMSIZ counts the NUL: 15 bytes at most.
  if (Buffer.byteLength(n) > 15) throw new CniError(CNI_ERR.invalidEnv, 'interface name is too long', 'interface name should be less than 16 characters');
  if (n === '.' || n === '..') throw new CniError(CNI_ERR.invalidEnv, 'interface name is . or ..');
  if (/[/:\s]/u.test(n)) throw new CniError(CNI_ERR.invalidEnv, 'interface name contains / or : or whitespace characters');
}

/** CNI_ARGS "K=V;K2=V2": the values of the keys asked for; an unknown key fails unless IgnoreUnknown is set. */
export function parseCniArgs(args: string, known: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!args) return out;
  const pairs = args.split(';').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.indexOf('=', eq + 1) >= 0) throw new CniError(CNI_ERR.invalidEnv, `CNI_ARGS: invalid pair "${pair}"`);
    return [pair.slice(0, eq), pair.slice(eq + 1)] as const;
  });
  const ignoreUnknown = pairs.some(([k, v]) => k === 'IgnoreUnknown' && /^(1|t|T|true|TRUE|True)$/.test(v));
  for (const [k, v] of pairs) {
    if (known.includes(k)) out[k] = v;
    else if (k !== 'IgnoreUnknown' && !ignoreUnknown) throw new CniError(CNI_ERR.invalidEnv, `CNI_ARGS: can not find "${k}" field`);
  }
  return out;
}
