// Processes inside a namespace, checked against what the process itself sees.
import fs from 'node:fs';
import path from 'node:path';
import { Namespace } from '../../lib';
import { ip, withNamespaces } from '../helpers';
import { execIn } from '../../lib/process';

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
      await expect(execIn({ fd: notANamespace }, 'true')).rejects.toMatchObject({ code: 'EINVAL', syscall: 'setns' });
    } finally {
      fs.closeSync(notANamespace);
    }
  });

  test('exec reports status, output and stdin; a missing command is ENOENT', async () => {
    await withNamespaces(1, async (a) => {
      expect(await a.exec('sh', ['-c', 'read x; echo "got $x"; echo oops >&2; exit 3'], { input: 'hello\n' }))
        .toEqual({ stdout: 'got hello\n', stderr: 'oops\n', code: 3, signal: null });
      await expect(a.exec('definitely-not-a-command-xyz')).rejects.toMatchObject({ code: 'ENOENT', syscall: 'execvp' });
      expect(() => a.exec('' as string)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
    });
  });

  test('spawn returns a real ChildProcess that can be killed', async () => {
    await withNamespaces(1, async (a) => {
      const child = a.spawn('sleep', ['30']);
      expect(child.pid).toBeGreaterThan(0);
      const nsOfChild = await new Promise<string>((resolve) => setTimeout(() => {
        // The helper has exec'd sleep by now; its namespace is the target one.
        resolve(fs.readlinkSync(`/proc/${child.pid}/ns/net`));
      }, 200));
      expect(nsOfChild).toBe(`net:[${a.inode}]`);
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
