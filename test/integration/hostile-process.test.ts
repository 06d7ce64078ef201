// spawn/exec under hostile conditions: bad arguments (exec rejects, spawn throws, nothing runs),
// fd exhaustion and a polluted Object.prototype (in a child process, so that a crash or the
// pollution cannot reach jest), a handle closed while a command starts.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Namespace } from '../../lib';
import { withNamespaces } from '../helpers';

const execFileP = promisify(execFile);
const distLib = path.resolve(__dirname, '..', '..', 'dist', 'lib');

/** Runs script in a fresh node (under prefix, e.g. prlimit); its last stdout line is JSON. */
async function runChild(script: string, prefix: string[] = []): Promise<{ code: number; result: any; stderr: string }> {
  const argv = [...prefix, process.execPath, '-e', `const lib = require(${JSON.stringify(distLib)});\n${script}`];
  const r = await execFileP(argv[0], argv.slice(1), { cwd: os.tmpdir() }).then(
    (ok) => ({ ...ok, code: 0 }),
    (e: { stdout: string; stderr: string; code: number }) => e,
  );
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return { code: r.code, result: last ? JSON.parse(last) : undefined, stderr: r.stderr };
}

/** Children of this process (running or not yet reaped), from every thread's list. */
function childPids(): string[] {
  return fs.readdirSync('/proc/self/task').flatMap((tid) => fs.readFileSync(`/proc/self/task/${tid}/children`, 'utf8').split(' ').filter(Boolean)).sort();
}

describe('bad arguments: exec rejects, spawn throws, and nothing runs', () => {
  const badOptions: [string, unknown, string][] = [
    ['null options', null, 'ERR_INVALID_ARG_TYPE'],
    ['a number', 5, 'ERR_INVALID_ARG_TYPE'],
    ['a string', 'x', 'ERR_INVALID_ARG_TYPE'],
    ['an array', [], 'ERR_INVALID_ARG_TYPE'],
    ['a misspelt field', { tiemout: 5 }, 'ERR_INVALID_ARG_VALUE'],
    ['shell', { shell: true }, 'ERR_INVALID_ARG_VALUE'],
    ['uid -1', { uid: -1 }, 'ERR_OUT_OF_RANGE'],
    ['uid (uid_t)-1', { uid: 2 ** 32 - 1 }, 'ERR_OUT_OF_RANGE'],
    ['uid as text', { uid: '0' }, 'ERR_INVALID_ARG_TYPE'],
    ['gid 1.5', { gid: 1.5 }, 'ERR_OUT_OF_RANGE'],
    ['argv0 a number', { argv0: 5 }, 'ERR_INVALID_ARG_TYPE'],
    ['argv0 with NUL', { argv0: 'a\0b' }, 'ERR_INVALID_ARG_VALUE'],
    ['env a number', { env: 5 }, 'ERR_INVALID_ARG_TYPE'],
    ['cwd a number (Node checks it)', { cwd: 5 }, 'ERR_INVALID_ARG_TYPE'],
    ['timeout -1 (Node checks it)', { timeout: -1 }, 'ERR_OUT_OF_RANGE'],
    ['an unknown killSignal (Node checks it)', { killSignal: 'SIGNOPE' }, 'ERR_UNKNOWN_SIGNAL'],
    ['detached as text (Node checks it)', { detached: 'yes' }, 'ERR_INVALID_ARG_TYPE'],
  ];
  const execOnly: [string, unknown, string][] = [
    ['stdio', { stdio: 'inherit' }, 'ERR_INVALID_ARG_VALUE'],
    ['serialization', { serialization: 'json' }, 'ERR_INVALID_ARG_VALUE'],
    ['input a number', { input: 5 }, 'ERR_INVALID_ARG_TYPE'],
    ['maxBuffer -1', { maxBuffer: -1 }, 'ERR_INVALID_ARG_VALUE'],
    ['maxBuffer NaN', { maxBuffer: NaN }, 'ERR_INVALID_ARG_VALUE'],
    ['maxBuffer as text', { maxBuffer: '1' }, 'ERR_INVALID_ARG_TYPE'],
    ['an unknown encoding', { encoding: 'nope' }, 'ERR_INVALID_ARG_VALUE'],
    ['encoding a number', { encoding: 5 }, 'ERR_INVALID_ARG_TYPE'],
  ];
  const spawnOnly: [string, unknown, string][] = [
    ['input', { input: 'x' }, 'ERR_INVALID_ARG_VALUE'],
    ['maxBuffer', { maxBuffer: 1 }, 'ERR_INVALID_ARG_VALUE'],
    ['encoding', { encoding: 'utf8' }, 'ERR_INVALID_ARG_VALUE'],
  ];
  const badCommands: [string, unknown, unknown, string][] = [
    ['an empty command', '', [], 'ERR_INVALID_ARG_VALUE'],
    ['a command that is a number', 5, [], 'ERR_INVALID_ARG_TYPE'],
    ['a command with NUL', 'sh\0x', [], 'ERR_INVALID_ARG_VALUE'],
    ['args a string', 'sh', 'x', 'ERR_INVALID_ARG_TYPE'],
    ['args with a number', 'sh', [1], 'ERR_INVALID_ARG_TYPE'],
    ['args null', 'sh', null, 'ERR_INVALID_ARG_TYPE'],
  ];

  let dir: string;
  let marker: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nstest-hostile-'));
    marker = path.join(dir, 'ran');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const touch = () => ['-c', `touch ${marker}`];

  test.each([...badOptions, ...execOnly])('exec with %s rejects with %p', async (_what, options, code) => {
    await withNamespaces(1, async (a) => {
      let result: Promise<unknown> | undefined;
      expect(() => { result = a.exec('sh', touch(), options as object); }).not.toThrow();
      await expect(result).rejects.toMatchObject({ code });
      expect(fs.existsSync(marker)).toBe(false);
    });
  });

  test.each([...badOptions, ...spawnOnly])('spawn with %s throws %p', async (_what, options, code) => {
    await withNamespaces(1, (a) => {
      const before = childPids();
      expect(() => a.spawn('sh', touch(), options as object)).toThrow(expect.objectContaining({ code }));
      expect(childPids()).toEqual(before);  // no process was started (not even the helper)
      expect(fs.existsSync(marker)).toBe(false);
    });
  });

  test.each(badCommands)('%s: exec rejects and spawn throws %p', async (_what, command, args, code) => {
    await withNamespaces(1, async (a) => {
      let result: Promise<unknown> | undefined;
      expect(() => { result = a.exec(command as string, args as string[]); }).not.toThrow();
      await expect(result).rejects.toMatchObject({ code });
      expect(() => a.spawn(command as string, args as string[])).toThrow(expect.objectContaining({ code }));
    });
  });

  test('a closed handle: exec rejects (no synchronous throw), spawn throws', async () => {
    const ns = await Namespace.create();
    ns.close();
    let result: Promise<unknown> | undefined;
    expect(() => { result = ns.exec('sh', touch()); }).not.toThrow();
    await expect(result).rejects.toMatchObject({ code: 'ERR_NETNS_CLOSED' });
    expect(() => ns.spawn('sh', touch())).toThrow(expect.objectContaining({ code: 'ERR_NETNS_CLOSED' }));
    expect(fs.existsSync(marker)).toBe(false);
  });

  test('a handle closed right after exec: the command still runs in that namespace', async () => {
    const ns = await Namespace.create();
    const inode = ns.inode;
    const result = ns.exec('readlink', ['/proc/self/ns/net']);
    ns.close();
    expect(await result).toMatchObject({ stdout: `net:[${inode}]\n`, code: 0 });
  });
});

describe('in a child process', () => {
  test('fd exhaustion (EMFILE): exec rejects, spawn emits error, the process survives and works after (item 5)', async () => {
    const script = `
      const fs = require('fs');
      (async () => {
        const ns = await lib.Namespace.create();
        const filler = [];
        try { for (;;) filler.push(fs.openSync('/dev/null', 'r')); } catch (e) { if (e.code !== 'EMFILE') throw e; }
        const result = {};
        result.exec = await ns.exec('true').then(() => 'resolved', (e) => e.code);
        result.execInput = await ns.exec('cat', [], { input: 'x' }).then(() => 'resolved', (e) => e.code);
        const child = ns.spawn('true');
        result.spawn = await new Promise((resolve) => child.on('error', (e) => resolve(e.code)));
        for (const fd of filler) fs.closeSync(fd);
        result.after = (await ns.exec('readlink', ['/proc/self/ns/net'])).stdout.trim() === 'net:[' + ns.inode + ']';
        await ns.delete();
        await new Promise((r) => setTimeout(r, 50));  // a late unhandled 'error' would crash here
        console.log(JSON.stringify(result));
      })();`;
    const r = await runChild(script, ['prlimit', '--nofile=128:128']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.result).toEqual({ exec: 'EMFILE', execInput: 'EMFILE', spawn: 'EMFILE', after: true });
  });

  test('without root: exec rejects and spawn emits EPERM naming setns and the capability', async () => {
    const script = `
      const ns = lib.Namespace.current();
      const result = {};
      const exec = ns.exec('sh', ['-c', 'echo ran']).then(() => { result.exec = 'resolved'; }, (e) => { result.exec = { code: e.code, syscall: e.syscall, message: e.message }; });
      const child = ns.spawn('sh', ['-c', 'echo ran']);
      child.on('error', (e) => { result.spawn = { code: e.code, syscall: e.syscall }; });
      child.stdout.on('data', (d) => { result.output = String(d); });
      const closed = new Promise((resolve) => child.on('close', (code, signal) => { result.close = [code, signal]; resolve(); }));
      Promise.all([exec, closed]).then(() => console.log(JSON.stringify(result)));`;
    const r = await runChild(script, ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all']);
    expect(r.code).toBe(0);
    expect(r.result).toEqual({
      exec: { code: 'EPERM', syscall: 'setns', message: expect.stringMatching(/namespace fd \d+.*CAP_SYS_ADMIN/) },
      spawn: { code: 'EPERM', syscall: 'setns' },
      close: [-1, null],
    });
  });

  test('a polluted Object.prototype changes nothing that is run', async () => {
    const script = `
      (async () => {
        const ns = await lib.Namespace.create();
        const pollution = { uid: 65534, gid: 65534, argv0: 'evil', env: { EVIL: '1' }, cwd: '/nonexistent', input: 'evil input',
          maxBuffer: 1, encoding: 'hex', shell: true, stdio: 'ignore', timeout: 1, killSignal: 'SIGKILL', detached: true,
          name: 'evil-netns', POLLUTED: 'yes' };
        Object.assign(Object.prototype, pollution);
        const script = 'echo "$0"; id -u; id -g; pwd; echo "\${POLLUTED-unset} \${EVIL-unset}"; cat; sleep 0.1; readlink /proc/self/ns/net; '
          + 'awk \\'$5 == "/sys" { print $(NF - 1) }\\' /proc/self/mountinfo';  // the sysfs source: netns unless named
        let result;
        try {
          const r = await ns.exec('sh', ['-c', script]);
          const child = ns.spawn('sh', ['-c', script]);
          let spawned = '';
          // Node's own streams take a polluted 'encoding' (as for any spawn): undo that, not our part.
          child.stdout.on('data', (d) => { spawned += Buffer.from(d, child.stdout.readableEncoding || 'utf8'); });
          child.stdin.end();
          await new Promise((resolve) => child.on('close', resolve));
          result = { exec: r, spawned, pipes: child.stdio.slice(0, 3).map((s) => s !== null) };
        } finally {
          for (const key of Object.keys(pollution)) delete Object.prototype[key];
        }
        result.inode = ns.inode;
        await ns.delete();
        console.log(JSON.stringify(result));
      })();`;
    const r = await runChild(script);
    expect(r.code).toBe(0);
    const expected = `sh\n0\n0\n${fs.realpathSync(os.tmpdir())}\nunset unset\nnet:[${r.result.inode}]\nnetns\n`;
    expect(r.result.exec).toEqual({ stdout: expected, stderr: '', code: 0, signal: null });
    expect(r.result.spawned).toBe(expected);
    expect(r.result.pipes).toEqual([true, true, true]);
  });
});
