// Processes inside a namespace, checked against what the process itself sees (/proc, its output)
// and against what Node's own child_process does.
import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { types } from 'node:util';
import { Namespace } from '../../lib';
import { ip, withNamespaces } from '../helpers';
import { preloadShim } from '../preload-shim';
import { execIn } from '../../lib/process';

/** Every lifecycle event of a child, in order, with what it carried. */
function recordEvents(child: ChildProcess): Promise<unknown[]> {
  const seen: unknown[] = [];
  for (const event of ['spawn', 'error', 'exit', 'close']) {
    child.on(event, (...args: unknown[]) => seen.push([event, ...args.map((a) => (types.isNativeError(a)  // Node's errors come from another realm than jest's
      ? { ...a, message: a.message } : a))]));
  }
  return new Promise((resolve) => child.on('close', () => resolve([...seen, ['exitCode', child.exitCode]])));
}

/** What fn reads right in the child's 'spawn' listener (synchronously); then the child is killed and reaped. */
async function atSpawn<T>(child: ChildProcess, fn: (pid: number) => T): Promise<T> {
  try {
    return await new Promise<T>((resolve, reject) => child.on('spawn', () => {
      try { resolve(fn(child.pid!)); } catch (err) { reject(err); }
    }));
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
  }
}

const statusField = (text: string, field: string) => new RegExp(`^${field}:[ \\t]*(.*)$`, 'm').exec(text)?.[1].trim();

describe('exec and spawn', () => {
  test('exec runs inside a named namespace and sees only its devices, in /sys too', async () => {
    await withNamespaces(1, async (a) => {
      await ip(a, ['link', 'add', 'vexec0', 'type', 'veth', 'peer', 'name', 'vexec1']);
      const r = await a.exec('ip', ['-j', 'link', 'show']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).map((l: { ifname: string }) => l.ifname).sort()).toEqual(['lo', 'vexec0', 'vexec1']);
      const sys = await a.exec('ls', ['/sys/class/net']);
      expect(sys.stdout.split('\n').filter(Boolean).sort()).toEqual(['lo', 'vexec0', 'vexec1']);
      // The remount of /sys stayed inside the child's mount namespace.
      expect(fs.readdirSync('/sys/class/net')).not.toContain('vexec0');
      const ns = await a.exec('readlink', ['/proc/self/ns/net']);
      expect(ns.stdout.trim()).toBe(`net:[${a.inode}]`);
    });
  });

  test('exec works for an anonymous namespace through this process fd', async () => {
    const anon = await Namespace.create();
    try {
      const r = await anon.exec('readlink', ['/proc/self/ns/net']);
      expect(r.stdout.trim()).toBe(`net:[${anon.inode}]`);
    } finally {
      await anon.delete();
    }
  });

  test('a child joins the namespace its handle held at spawn, even if the handle closes at once', async () => {
    const first = await Namespace.create();
    const other = await Namespace.create();
    let reuse: Namespace | undefined;
    try {
      const expected = `net:[${first.inode}]`;
      const child = first.spawn('readlink', ['/proc/self/ns/net'], { stdio: ['ignore', 'pipe', 'inherit'] });
      first.close();
      reuse = Namespace.fromPath(`/proc/self/fd/${other.fd}`);  // likely takes the freed fd number
      let out = '';
      child.stdout!.on('data', (d) => { out += d; });
      await new Promise((r) => child.on('close', r));
      expect(out.trim()).toBe(expected);
    } finally {
      reuse?.close();
      await first.delete();
      await other.delete();
    }
  });

  test('a failing setup names the call that failed', async () => {
    const notANamespace = fs.openSync('/etc/hostname', 'r');
    try {
      await expect(execIn({ fd: notANamespace }, 'true')).rejects.toMatchObject({ code: 'EINVAL', errno: -22, syscall: 'setns' });
    } finally {
      fs.closeSync(notANamespace);
    }
  });

  test('exec reports status, output and stdin; a missing command is ENOENT as Node reports it', async () => {
    await withNamespaces(1, async (a) => {
      expect(await a.exec('sh', ['-c', 'read x; echo "got $x"; echo oops >&2; exit 3'], { input: 'hello\n' }))
        .toEqual({ stdout: 'got hello\n', stderr: 'oops\n', code: 3, signal: null });
      await expect(a.exec('definitely-not-a-command-xyz', ['a'])).rejects.toMatchObject({
        message: 'spawn definitely-not-a-command-xyz ENOENT', code: 'ENOENT', errno: -2,
        syscall: 'spawn definitely-not-a-command-xyz', path: 'definitely-not-a-command-xyz', spawnargs: ['a'],
      });
    });
  });

  test('spawn returns a real ChildProcess that can be killed', async () => {
    await withNamespaces(1, async (a) => {
      const child = a.spawn('sleep', ['30']);
      await new Promise((resolve) => child.on('spawn', resolve));
      expect(fs.readlinkSync(`/proc/${child.pid}/ns/net`)).toBe(`net:[${a.inode}]`);
      const exited = new Promise<[number | null, string | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
      child.kill('SIGTERM');
      expect(await exited).toEqual([null, 'SIGTERM']);
    });
  });

  test('files under /etc/netns/NAME are bind-mounted over /etc, like ip netns exec', async () => {
    await withNamespaces(1, async (a) => {
      const hadEtcNetns = fs.existsSync('/etc/netns');
      const dir = path.join('/etc/netns', a.name!);
      fs.mkdirSync(dir, { recursive: true });
      try {
        fs.writeFileSync(path.join(dir, 'hostname'), 'inside-the-namespace\n');
        const r = await a.exec('cat', ['/etc/hostname']);
        expect(r.stdout).toBe('inside-the-namespace\n');
        expect(fs.readFileSync('/etc/hostname', 'utf8')).not.toBe('inside-the-namespace\n');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        if (!hadEtcNetns) fs.rmSync('/etc/netns', { recursive: true, force: true });
      }
    });
  });
});

describe("'spawn' and failures as Node reports them (item 14)", () => {
  test("'spawn' fires once the command itself runs in the namespace", async () => {
    await withNamespaces(1, async (a) => {
      for (let i = 0; i < 5; i++) {
        const seen = await atSpawn(a.spawn('sleep', ['30'], { stdio: 'ignore' }), (pid) => {
          const ns = Namespace.fromPid(pid);
          try {
            return { exe: fs.readlinkSync(`/proc/${pid}/exe`), net: fs.readlinkSync(`/proc/${pid}/ns/net`), inode: ns.inode };
          } finally { ns.close(); }
        });
        expect(seen).toEqual({ exe: fs.realpathSync('/usr/bin/sleep'), net: `net:[${a.inode}]`, inode: a.inode });
      }
    });
  });

  test('a missing command: the same events, error and exit code as Node\'s own spawn', async () => {
    await withNamespaces(1, async (a) => {
      const ours = await recordEvents(a.spawn('does-not-exist-xyz', ['one', 'two']));
      const node = await recordEvents(nodeSpawn('does-not-exist-xyz', ['one', 'two']));
      expect(ours).toEqual(node);
      expect(ours[0]).toEqual(['error', expect.objectContaining({ code: 'ENOENT', errno: -2, syscall: 'spawn does-not-exist-xyz' })]);
    });
  });

  test('a file that is not executable is EACCES, as Node reports it', async () => {
    const dir = fs.mkdtempSync('/tmp/nstest-exec-');
    const file = path.join(dir, 'not-executable');
    fs.writeFileSync(file, '#!/bin/sh\necho ran\n', { mode: 0o644 });
    try {
      await withNamespaces(1, async (a) => {
        const ours = await recordEvents(a.spawn(file));
        const node = await recordEvents(nodeSpawn(file));
        expect(ours).toEqual(node);
        expect(ours[0]).toEqual(['error', expect.objectContaining({ code: 'EACCES', syscall: `spawn ${file}` })]);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('the helper killed before the command runs', () => {
    const shim = preloadShim('helper-kill');

    test("during setup: no 'spawn' (the command never ran), 'exit' and 'close' tell the signal", async () => {
      const dir = fs.mkdtempSync('/tmp/nstest-ran-');
      try {
        await withNamespaces(1, async (a) => {
          const env = { ...process.env, LD_PRELOAD: shim(), KILL_IN_MOUNT: '1' };
          const events = await recordEvents(a.spawn('touch', [path.join(dir, 'ran')], { env }));
          // The old gate took EOF without data for a command that runs, and emitted 'spawn'.
          expect(events).toEqual([['exit', null, 'SIGKILL'], ['close', null, 'SIGKILL'], ['exitCode', null]]);
          expect(await a.exec('touch', [path.join(dir, 'ran')], { env })).toMatchObject({ code: null, signal: 'SIGKILL' });
          expect(fs.readdirSync(dir)).toEqual([]);  // indeed it never ran
        });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test("in execvp: 'spawn' only where /proc still showed the helper's own name is it told apart", async () => {
      await withNamespaces(1, async (a) => {
        const env = { ...process.env, LD_PRELOAD: shim(), KILL_IN_EXECVP: '1' };
        const events = await recordEvents(a.spawn('true', [], { env }));
        // Killed after "+": not reaped yet when the pipe closed, /proc/PID/stat still says
        // netns-exec and no 'spawn' comes; reaped first, it cannot be told from a command killed
        // at once (the documented case). Either way it ends by the signal, with no error.
        expect(events.filter((e) => (e as unknown[])[0] !== 'spawn')).toEqual([['exit', null, 'SIGKILL'], ['close', null, 'SIGKILL'], ['exitCode', null]]);
      });
    });
  });

  test('argv0 is the command\'s argv[0], as Node\'s option sets it; spawnfile/spawnargs name the command', async () => {
    await withNamespaces(1, async (a) => {
      expect((await a.exec('sh', ['-c', 'echo "$0"'], { argv0: 'renamed' })).stdout).toBe('renamed\n');
      const child = a.spawn('sleep', ['30'], { argv0: 'renamed', stdio: 'ignore' });
      expect(await atSpawn(child, (pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'))).toBe('renamed\u000030\u0000');
      expect([child.spawnfile, child.spawnargs]).toEqual(['sleep', ['renamed', '30']]);
    });
  });
});

describe('stdio entries of the caller', () => {
  test("an 'ipc' channel reaches the command, which answers from inside the namespace", async () => {
    await withNamespaces(1, async (a) => {
      const child = a.spawn(process.execPath, ['-e', `process.once('message', (m) => {
        process.send({ got: m, net: require('fs').readlinkSync('/proc/self/ns/net') }); process.disconnect(); })`],
      { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      child.once('spawn', () => child.send('hello'));
      const reply = await new Promise((resolve) => child.once('message', resolve));
      await new Promise((r) => child.on('close', r));
      expect(reply).toEqual({ got: 'hello', net: `net:[${a.inode}]` });
    });
  });
});

describe('signals and exit statuses (item 15)', () => {
  test('a command killed by a signal is reported with that signal', async () => {
    await withNamespaces(1, async (a) => {
      expect(await a.exec('sh', ['-c', 'kill -TERM $$'])).toEqual({ stdout: '', stderr: '', code: null, signal: 'SIGTERM' });
      expect(await a.exec('sh', ['-c', 'kill -KILL $$'])).toMatchObject({ code: null, signal: 'SIGKILL' });
      const child = a.spawn('sh', ['-c', 'kill -USR1 $$']);
      expect(await new Promise((r) => child.on('exit', (code, signal) => r([code, signal])))).toEqual([null, 'SIGUSR1']);
    });
  });

  test('a command that itself exits 126/127 and prints what looks like a helper error is just a status', async () => {
    await withNamespaces(1, async (a) => {
      for (const status of [126, 127]) {
        const line = "netns-exec: execvp 'x': No such file or directory (errno 2)";
        expect(await a.exec('sh', ['-c', `echo "${line}" >&2; exit ${status}`]))
          .toEqual({ stdout: '', stderr: `${line}\n`, code: status, signal: null });
      }
    });
  });
});

describe('uid and gid (item 13)', () => {
  test('the command runs in the namespace with the uid and gid asked for and no supplementary groups', async () => {
    await withNamespaces(1, async (a) => {
      const r = await a.exec('sh', ['-c', 'id -u; id -g; grep -E "^(Groups|CapEff):" /proc/self/status; readlink /proc/self/ns/net'],
        { uid: 65534, gid: 65534 });
      expect(r).toMatchObject({ code: 0, stderr: '' });
      const [uid, gid, ...rest] = r.stdout.trim().split('\n');
      expect([uid, gid]).toEqual(['65534', '65534']);
      const status = rest.slice(0, 2).join('\n');
      expect(statusField(status, 'Groups')).toBe('');
      expect(statusField(status, 'CapEff')).toBe('0000000000000000');
      expect(rest[2]).toBe(`net:[${a.inode}]`);
    });
  });

  test('spawn with uid only: /proc shows the uid, root\'s gid, and the namespace at \'spawn\'', async () => {
    await withNamespaces(1, async (a) => {
      const [status, net] = await atSpawn(a.spawn('sleep', ['30'], { uid: 65534, stdio: 'ignore' }),
        (pid) => [fs.readFileSync(`/proc/${pid}/status`, 'utf8'), fs.readlinkSync(`/proc/${pid}/ns/net`)]);
      expect(statusField(status, 'Uid')).toBe('65534\t65534\t65534\t65534');
      expect(statusField(status, 'Gid')).toBe('0\t0\t0\t0');
      expect(statusField(status, 'Groups')).toBe('');
      expect(net).toBe(`net:[${a.inode}]`);
    });
  });
});

describe('maxBuffer, encoding, timeout (item 10)', () => {
  test('output beyond maxBuffer kills the command and rejects as execFile does, with the output so far', async () => {
    await withNamespaces(1, async (a) => {
      // The shell prints its pid, then becomes `yes` (same pid), which never stops by itself.
      const err = await a.exec('sh', ['-c', 'echo $$ >&2; exec yes'], { maxBuffer: 1000 }).then(() => undefined, (e) => e);
      expect(err).toBeInstanceOf(RangeError);
      expect(err).toMatchObject({ code: 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER', message: 'stdout maxBuffer length exceeded' });
      expect(['SIGTERM', 'SIGPIPE']).toContain(err.signal);  // killSignal, or the closed pipe first
      expect(err.stdout).toBe('y\n'.repeat(500));
      const pid = Number(err.stderr.trim());
      expect(pid).toBeGreaterThan(0);
      expect(fs.existsSync(`/proc/${pid}`)).toBe(false);  // killed and reaped
    });
  });

  test('past maxBuffer, a command that ignores killSignal still ends: its pipe is closed, it is not read on', async () => {
    await withNamespaces(1, async (a) => {
      // The old exec kept the pipe open and drained it: this ran (and was read) forever.
      const err = await a.exec('sh', ['-c', 'trap "" TERM; echo $$ >&2; exec yes'], { maxBuffer: 1000 }).then(() => undefined, (e) => e);
      // How it ends depends on when the pipe (a socket pair) closed: SIGPIPE, or ECONNRESET.
      expect(err).toMatchObject({ code: 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER', message: 'stdout maxBuffer length exceeded' });
      expect(err.stdout).toBe('y\n'.repeat(500));
      expect(fs.existsSync(`/proc/${Number(err.stderr.split('\n')[0])}`)).toBe(false);  // ended and reaped
    });
  }, 20000);

  test('the default maxBuffer is 1 MiB, as Node\'s; Infinity lifts it; stderr counts on its own', async () => {
    await withNamespaces(1, async (a) => {
      const exact = await a.exec('head', ['-c', String(1024 * 1024), '/dev/zero']);
      expect(exact).toMatchObject({ code: 0 });
      expect(exact.stdout.length).toBe(1024 * 1024);
      await expect(a.exec('head', ['-c', String(1024 * 1024 + 1), '/dev/zero'])).rejects.toMatchObject({ code: 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER' });
      const big = await a.exec('head', ['-c', String(3 * 1024 * 1024), '/dev/zero'], { maxBuffer: Infinity });
      expect(big.stdout.length).toBe(3 * 1024 * 1024);
      await expect(a.exec('sh', ['-c', 'head -c 20 /dev/zero >&2'], { maxBuffer: 10 }))
        .rejects.toMatchObject({ message: 'stderr maxBuffer length exceeded', stderr: '\0'.repeat(10) });
    });
  });

  test("encoding: 'buffer' gives the bytes as they are; other encodings decode", async () => {
    await withNamespaces(1, async (a) => {
      const raw = await a.exec('printf', ['\\377\\001'], { encoding: 'buffer' });
      expect(Buffer.isBuffer(raw.stdout) && raw.stdout.equals(Buffer.from([0xff, 0x01]))).toBe(true);
      expect((await a.exec('printf', ['\\377\\001'], { encoding: 'hex' })).stdout).toBe('ff01');
    });
  });

  test('timeout and killSignal end the command as Node\'s spawn does', async () => {
    await withNamespaces(1, async (a) => {
      expect(await a.exec('sleep', ['30'], { timeout: 50, killSignal: 'SIGKILL' })).toMatchObject({ code: null, signal: 'SIGKILL' });
    });
  });
});

describe('input (item 4)', () => {
  test('input the command does not read, or a helper that fails before exec, is no crash', async () => {
    await withNamespaces(1, async (a) => {
      const input = Buffer.alloc(4 * 1024 * 1024, 'x');
      const r = await a.exec('sh', ['-c', 'head -c 10 >/dev/null; readlink /proc/self/ns/net'], { input });
      expect(r).toEqual({ stdout: `net:[${a.inode}]\n`, stderr: '', code: 0, signal: null });
      await expect(a.exec('no-such-command-xyz', [], { input })).rejects.toMatchObject({ code: 'ENOENT' });
      const notANamespace = fs.openSync('/etc/hostname', 'r');
      try {
        await expect(execIn({ fd: notANamespace }, 'cat', [], { input })).rejects.toMatchObject({ code: 'EINVAL', syscall: 'setns' });
      } finally {
        fs.closeSync(notANamespace);
      }
    });
  });
});
