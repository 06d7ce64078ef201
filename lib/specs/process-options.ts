// The options of spawn and exec, read once from the caller's own properties (a polluted
// Object.prototype must not change what is run) into a null-prototype copy for Node's spawn.
// uid and gid are taken out: the netns-exec helper applies them after joining the namespace.
import type { SpawnOptions } from 'node:child_process';
import { invalidArgType, invalidArgValue } from '../errors';
import { constants } from 'node:os';
import { validateObject, validateString } from './validate';
import { Schema, bool, int, linkName, oneOf, type Check, type Checked } from './schema';

/** What the helper needs besides the command: the identity to take and the command's argv[0]. */
export interface HelperSettings {
  uid?: number;
  gid?: number;
  /** The VRF the command runs in (ip vrf exec), a device of the namespace. */
  vrf?: string;
  argv0: string;
}

export interface SpawnSettings extends HelperSettings {
  /** For Node's spawn: null prototype, own fields only, env always given (copied). */
  node: SpawnOptions;
}

export interface ExecSettings extends SpawnSettings {
  input?: string | Uint8Array;
  maxBuffer: number;
  /** 'buffer' for Buffers, else a Buffer encoding for strings. */
  encoding: BufferEncoding | 'buffer';
  killSignal: NodeJS.Signals | number;
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((a) => typeof a === 'string');

export function checkCommand(command: unknown, args: unknown): { command: string; args: string[] } {
  if (typeof command !== 'string') throw invalidArgType('command', 'of type string', command);
  if (command.length === 0) throw invalidArgValue('command', command, 'must not be empty');  // as Node's spawn
  if (command.includes('\0')) throw invalidArgValue('command', command, 'must not contain NUL bytes');
  if (!isStringArray(args)) throw invalidArgType('args', 'an array of strings', args);
  return { command, args: [...args] };
}

const MAX_ID = 0xfffffffe;  // (uid_t)-1 means "unchanged" to the kernel

/** A copy of the environment with own keys only: Node's spawn also takes inherited ones. */
function ownEnv(env: unknown, argName = 'options.env'): Record<string, string> {
  const source = env === undefined ? process.env : validateObject(env, argName);
  const out = Object.create(null) as Record<string, string>;
  for (const key of Object.keys(source)) {
    const value = source[key];
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any value becomes its string form, as in Node's spawn
    if (value !== undefined) out[key] = String(value);
  }
  return out;
}

/** A string without NUL (the helper passes it on as a C string). */
const cString: Check = (v, name) => {
  if (validateString(v, name).includes('\0')) throw invalidArgValue(name, v, 'must not contain NUL bytes');
  return v;
};
const typed = (ok: (v: unknown) => boolean, expected: string): Check => (v, name) => {
  if (!ok(v)) throw invalidArgType(name, expected, v);
  return v;
};
/** As Node's own check: a signal name or number this system has, else ERR_UNKNOWN_SIGNAL. */
const SIGNAL_NUMBERS = new Set<unknown>(Object.values(constants.signals));
const signalName: Check = (v) => {
  if (typeof v === 'string' ? Object.hasOwn(constants.signals, v) : SIGNAL_NUMBERS.has(v)) return v;
  throw Object.assign(new TypeError(`Unknown signal: ${String(v)}`), { code: 'ERR_UNKNOWN_SIGNAL' });
};

/**
 * Node's spawn options that make sense here, checked as Node checks them (so that a bad one is
 * refused before the helper starts). Not taken: `shell` (run `sh -c` as the command: Node would
 * start the shell, not the helper, in front), and the Windows-only `windowsVerbatimArguments`.
 * uid, gid and argv0 go to the helper, which applies them after joining the namespace.
 */
const COMMON = {
  cwd: typed((v) => typeof v === 'string' || v instanceof URL, 'of type string or an instance of URL'),
  env: (v: unknown, name: string) => ownEnv(v, name),
  detached: bool, windowsHide: bool,
  timeout: int(0, Number.MAX_SAFE_INTEGER),
  killSignal: signalName,
  signal: typed((v) => v instanceof AbortSignal, 'an instance of AbortSignal'),
  argv0: cString, uid: int(0, MAX_ID), gid: int(0, MAX_ID), vrf: linkName,
};

/** stdio and serialization (an 'ipc' channel) only for spawn. */
export const spawnOptionsSchema = new Schema('spawn options', {
  ...COMMON,
  stdio: typed((v) => typeof v === 'string' || Array.isArray(v), "a string ('pipe', 'inherit', 'ignore') or an array"),
  serialization: oneOf(['json', 'advanced']),
});

/** What exec collects: input for stdin, maxBuffer (Infinity for no limit) and encoding. */
export const execOptionsSchema = new Schema('exec options', {
  ...COMMON,
  input: typed((v) => typeof v === 'string' || v instanceof Uint8Array, 'a string, Buffer or Uint8Array'),
  maxBuffer: (v, name) => {
    if (typeof v !== 'number') throw invalidArgType(name, 'of type number', v);
    if (!(v >= 0)) throw invalidArgValue(name, v, 'must be a number >= 0 (Infinity for no limit)');
    return v;
  },
  encoding: (v, name) => {
    if (validateString(v, name) !== 'buffer' && !Buffer.isEncoding(v as string)) throw invalidArgValue(name, v, "must be 'buffer' or a Buffer encoding");
    return v;
  },
});

function readSettings(fields: Checked, command: string): SpawnSettings {
  const { uid, gid, vrf, argv0, env, input: _i, maxBuffer: _m, encoding: _e, ...rest } = fields;
  // Every field own, even when undefined: an inherited uid must not fill a gap.
  return {
    uid: uid as number | undefined,
    gid: gid as number | undefined,
    vrf: vrf as string | undefined,
    argv0: argv0 === undefined ? command : argv0 as string,
    node: Object.assign(Object.create(null) as SpawnOptions, rest, { env: env ?? ownEnv(undefined) }),
  };
}

export function readSpawnOptions(options: unknown, command: string): SpawnSettings {
  return readSettings(spawnOptionsSchema.parse(options, 'options'), command);
}

export function readExecOptions(options: unknown, command: string): ExecSettings {
  const fields = execOptionsSchema.parse(options, 'options');
  const { input, maxBuffer = 1024 * 1024, encoding = 'utf8', killSignal = 'SIGTERM' } = fields;
  const settings = readSettings(fields, command) as ExecSettings;
  settings.input = input as ExecSettings['input'];
  settings.maxBuffer = maxBuffer as number;
  settings.encoding = encoding as ExecSettings['encoding'];
  settings.killSignal = killSignal as ExecSettings['killSignal'];
  return settings;
}
