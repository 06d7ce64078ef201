// The options of spawn and exec, read once from the caller's own properties (a polluted
// Object.prototype must not change what is run) into a null-prototype copy for Node's spawn.
// uid and gid are taken out: the netns-exec helper applies them after joining the namespace.
import type { SpawnOptions } from 'node:child_process';
import { invalidArgType, invalidArgValue } from '../errors';
import { validateInteger, validateObject, validateString } from './validate';

/**
 * Node's spawn options that make sense here. Not taken: `shell` (run `sh -c` as the command:
 * Node would start the shell, not the helper, in front), and the Windows-only
 * `windowsVerbatimArguments`. `stdio` and `serialization` (an 'ipc' channel) only for spawn.
 */
const NODE_FIELDS = ['cwd', 'env', 'detached', 'windowsHide', 'timeout', 'killSignal', 'signal'] as const;
const SPAWN_FIELDS = new Set<string>([...NODE_FIELDS, 'argv0', 'uid', 'gid', 'stdio', 'serialization']);
const EXEC_FIELDS = new Set<string>([...NODE_FIELDS, 'argv0', 'uid', 'gid', 'input', 'maxBuffer', 'encoding']);

/** What the helper needs besides the command: the identity to take and the command's argv[0]. */
export interface HelperSettings {
  uid?: number;
  gid?: number;
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

/** Own enumerable fields only, unknown ones refused (undefined counts as absent). */
function ownFields(options: unknown, known: Set<string>): Record<string, unknown> {
  const obj = validateObject(options, 'options');
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    if (value === undefined) continue;
    if (!known.has(key)) throw invalidArgValue(`options.${key}`, value, `is not a known option (known: ${[...known].join(', ')})`);
    out[key] = value;
  }
  return out;
}

/** A copy of the environment with own keys only: Node's spawn also takes inherited ones. */
function ownEnv(env: unknown): Record<string, string> {
  const source = env === undefined ? process.env : validateObject(env, 'options.env');
  const out = Object.create(null) as Record<string, string>;
  for (const key of Object.keys(source)) {
    const value = source[key];
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any value becomes its string form, as in Node's spawn
    if (value !== undefined) out[key] = String(value);
  }
  return out;
}

function readSettings(fields: Record<string, unknown>, command: string): SpawnSettings {
  const { uid, gid, argv0, env, input: _i, maxBuffer: _m, encoding: _e, ...rest } = fields;
  // Every field own, even when undefined: an inherited uid must not fill a gap.
  const settings: SpawnSettings = {
    uid: uid === undefined ? undefined : validateInteger(uid, 'options.uid', 0, MAX_ID),
    gid: gid === undefined ? undefined : validateInteger(gid, 'options.gid', 0, MAX_ID),
    argv0: argv0 === undefined ? command : validateString(argv0, 'options.argv0'),
    node: Object.assign(Object.create(null) as SpawnOptions, rest, { env: ownEnv(env) }),
  };
  if (settings.argv0.includes('\0')) throw invalidArgValue('options.argv0', settings.argv0, 'must not contain NUL bytes');
  return settings;
}

export function readSpawnOptions(options: unknown, command: string): SpawnSettings {
  return readSettings(ownFields(options, SPAWN_FIELDS), command);
}

export function readExecOptions(options: unknown, command: string): ExecSettings {
  const fields = ownFields(options, EXEC_FIELDS);
  const { input, maxBuffer = 1024 * 1024, encoding = 'utf8', killSignal = 'SIGTERM' } = fields;
  if (input !== undefined && typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw invalidArgType('options.input', 'a string, Buffer or Uint8Array', input);
  }
  if (typeof maxBuffer !== 'number') throw invalidArgType('options.maxBuffer', 'of type number', maxBuffer);
  if (!(maxBuffer >= 0)) throw invalidArgValue('options.maxBuffer', maxBuffer, 'must be a number >= 0 (Infinity for no limit)');
  if (typeof encoding !== 'string') throw invalidArgType('options.encoding', 'of type string', encoding);
  if (encoding !== 'buffer' && !Buffer.isEncoding(encoding)) throw invalidArgValue('options.encoding', encoding, "must be 'buffer' or a Buffer encoding");
  const settings = readSettings(fields, command) as ExecSettings;
  settings.input = input;
  settings.maxBuffer = maxBuffer;
  settings.encoding = encoding;
  settings.killSignal = killSignal as ExecSettings['killSignal'];
  return settings;
}
