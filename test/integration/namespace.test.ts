// Namespace lifecycle against the real kernel, checked through iproute2 and /proc.
import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Namespace, NetlinkError } from '../../lib';
import { ip, ipJson, nameOf, uniqueName, withNamespaces } from '../helpers';
import { runChild } from '../ts-child';
import { threadNamespaces } from '../leak-check';

const execFileP = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');

function mountsAt(target: string): number {
  return fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.split(' ')[4] === target).length;
}

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

function propagation(target: string): string {
  const out = JSON.parse(execFileSync('findmnt', ['-J', '-o', 'TARGET,PROPAGATION', target], { encoding: 'utf8' }));
  return out.filesystems[0].propagation;
}

describe('named namespaces interoperate with ip netns', () => {
  test('a namespace created here is listed by ip and usable by ip netns exec', async () => {
    const name = uniqueName();
    const ns = await Namespace.create(name);
    try {
      expect(ns.name).toBe(name);
      expect(ns.path).toBe(`/run/netns/${name}`);
      const listed: Array<{ name: string }> = await ipJson(['netns', 'list']);
      expect(listed.map((n) => n.name)).toContain(name);
      const { stdout } = await execFileP('ip', ['netns', 'exec', name, 'ip', '-j', 'link', 'show']);
      expect(JSON.parse(stdout).map((l: { ifname: string }) => l.ifname)).toEqual(['lo']);
      // The handle and the name are the same nsfs inode.
      expect(fs.statSync(ns.path).ino).toBe(ns.inode);
      expect(ns.equals(Namespace.current())).toBe(false);
    } finally {
      await ns.delete();
    }
    expect(fs.existsSync(`/run/netns/${name}`)).toBe(false);
    expect(mountsAt(`/run/netns/${name}`)).toBe(0);
    const after: Array<{ name: string }> = await ipJson(['netns', 'list']);
    expect(after.map((n) => n.name)).not.toContain(name);
  });

  test('a namespace made by ip netns add opens here and delete() removes it for ip too', async () => {
    const name = uniqueName();
    execFileSync('ip', ['netns', 'add', name]);
    let ns: Namespace | undefined;
    try {
      ns = await Namespace.open(name);
      expect(ns.name).toBe(name);
      expect(ns.owned).toBe(false);
      const byPath = Namespace.fromPath(`/run/netns/${name}`);
      expect(byPath.equals(ns)).toBe(true);
      byPath.close();
      // Made by ip, changed here, seen by ip.
      execFileSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
      const lo = await ns.links.get('lo');
      expect(lo.up).toBe(true);
      expect(lo.index).toBe(1);
      await ns.delete();
      expect((await ipJson<Array<{ name: string }>>(['netns', 'list'])).map((n) => n.name)).not.toContain(name);
    } finally {
      if (fs.existsSync(`/run/netns/${name}`)) execFileSync('ip', ['netns', 'delete', name]);
      ns?.close();
    }
  });

  test('/run/netns is a shared mount point after a create, as iproute2 leaves it', async () => {
    await withNamespaces(1, () => {
      expect(mountsAt('/run/netns')).toBeGreaterThanOrEqual(1);
      expect(propagation('/run/netns')).toContain('shared');
    });
  });

  test('a run directory that is missing, then not a mount point, is made one like iproute2 does', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-rundir-'));
    const runDir = path.join(base, 'netns');  // does not exist yet
    try {
      const ns = await Namespace.create(uniqueName(), { runDir });
      try {
        expect(fs.statSync(runDir).isDirectory()).toBe(true);
        expect(mountsAt(runDir)).toBe(1);
        expect(propagation(runDir)).toContain('shared');
        expect(fs.statSync(ns.path).ino).toBe(ns.inode);
        // A second create finds the mount point ready and stacks nothing.
        const ns2 = await Namespace.create(uniqueName(), { runDir });
        expect(mountsAt(runDir)).toBe(1);
        await ns2.delete();
      } finally {
        await ns.delete();
      }
      expect(fs.readdirSync(runDir)).toEqual([]);
    } finally {
      try { execFileSync('umount', [runDir]); } catch { /* not mounted */ }
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  test('parallel creates all succeed without stacking mounts', async () => {
    const before = mountsAt('/run/netns');
    const made = await Promise.all(Array.from({ length: 12 }, () => Namespace.create(uniqueName())));
    try {
      const inodes = new Set(made.map((n) => n.inode));
      expect(inodes.size).toBe(12);
      const listed = (await Namespace.list()).map((n) => n.name);
      for (const ns of made) expect(listed).toContain(ns.name);
      expect(mountsAt('/run/netns')).toBe(Math.max(before, 1));
    } finally {
      await Promise.all(made.map((n) => n.delete()));
    }
  });
});

describe('delete() removes only its own namespace', () => {
  const listed = async (): Promise<string[]> => (await ipJson<Array<{ name: string }>>(['netns', 'list'])).map((n) => n.name);

  test('after ip netns delete + add behind the handle, delete() is ESTALE and the new namespace stays', async () => {
    const name = uniqueName();
    const ns = await Namespace.create(name);
    try {
      execFileSync('ip', ['netns', 'delete', name]);
      execFileSync('ip', ['netns', 'add', name]);
      const fresh = fs.statSync(`/run/netns/${name}`).ino;
      expect(fresh).not.toBe(ns.inode);
      const err = await ns.delete().then(() => undefined, (e) => e);
      expect(err).toMatchObject({ code: 'ESTALE', syscall: 'stat', path: `/run/netns/${name}` });
      expect(err.message).toMatch(/another namespace/);
      expect(ns.closed).toBe(true);
      // Untouched: still listed, still mounted, still the namespace ip made.
      expect(await listed()).toContain(name);
      expect(mountsAt(`/run/netns/${name}`)).toBe(1);
      expect(fs.statSync(`/run/netns/${name}`).ino).toBe(fresh);
      execFileSync('ip', ['-n', name, 'link', 'show', 'lo']);
    } finally {
      if (fs.existsSync(`/run/netns/${name}`)) execFileSync('ip', ['netns', 'delete', name]);
    }
  });

  test('a second delete() on the same handle does not remove a namespace made since under the name', async () => {
    const name = uniqueName();
    const ns = await Namespace.create(name);
    try {
      await ns.delete();
      expect(await listed()).not.toContain(name);
      await ns.delete();  // the name is gone: nothing to do, no error
      execFileSync('ip', ['netns', 'add', name]);
      await expect(ns.delete()).rejects.toMatchObject({ code: 'ESTALE' });
      expect(await listed()).toContain(name);
      expect(mountsAt(`/run/netns/${name}`)).toBe(1);
    } finally {
      if (fs.existsSync(`/run/netns/${name}`)) execFileSync('ip', ['netns', 'delete', name]);
    }
  });

  test('delete() through a second handle of the same namespace removes it; the first then just closes', async () => {
    const name = uniqueName();
    const a = await Namespace.create(name);
    const b = await Namespace.open(name);
    await b.delete();
    expect(await listed()).not.toContain(name);
    await a.delete();
    expect(a.closed).toBe(true);
    expect(fs.existsSync(`/run/netns/${name}`)).toBe(false);
  });
});

describe('create and attach options', () => {
  const entries = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);

  test.each([['null', null], ['5', 5], ["'x'", 'x'], ['[]', []], ['a Date', new Date()]])('options %s is ERR_INVALID_ARG_TYPE, through the promise', async (_, options) => {
    const name = uniqueName();
    const anon = await Namespace.create();
    try {
      for (const call of [() => Namespace.create(name, options as never), () => Namespace.create(undefined, options as never),
        () => anon.attach(name, options as never)]) {
        const p = call();
        expect(p).toBeInstanceOf(Promise);
        await expect(p).rejects.toMatchObject({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
      }
      expect(entries('/run/netns')).not.toContain(name);
    } finally {
      await anon.delete();
    }
  });

  test('an unknown option is refused; a polluted Object.prototype is not read', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-opts-'));
    const name = uniqueName();
    const anon = await Namespace.create();
    try {
      await expect(Namespace.create(name, { rundir: base } as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
      await expect(anon.attach(name, { rundir: base } as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
      expect(entries('/run/netns')).not.toContain(name);
      const proto = Object.prototype as { runDir?: string };
      proto.runDir = base;
      let made: Promise<Namespace>;
      try {
        made = Namespace.create(name);  // options are read before the first await
      } finally {
        delete proto.runDir;
      }
      const ns = await made;
      expect(ns.path).toBe(`/run/netns/${name}`);
      expect(entries(base)).toEqual([]);
      await ns.delete();
    } finally {
      await anon.delete();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  test('a NUL in runDir is ERR_INVALID_ARG_VALUE before any system call', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-nul-'));
    const anon = await Namespace.create();
    try {
      for (const runDir of [`${base}/a\0b`, '']) {
        await expect(Namespace.create(uniqueName(), { runDir })).rejects.toMatchObject({ name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });
        await expect(anon.attach(uniqueName(), { runDir })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
      }
      expect(fs.readdirSync(base)).toEqual([]);  // not even `${base}/a` was made
    } finally {
      await anon.delete();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('run directory mounts, as iproute2 makes them', () => {
  // Faults the kernel cannot be asked for, injected into a child's flock() and mount().
  let shim: string;
  beforeAll(() => {
    shim = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netns-shim-')), 'mount-faults.so');
    execFileSync('cc', ['-shared', '-fPIC', '-o', shim, path.join(__dirname, '..', 'fixtures', 'mount-faults.c'), '-ldl']);
  });
  afterAll(() => fs.rmSync(path.dirname(shim), { recursive: true, force: true }));

  const inRunDir = async (fn: (runDir: string, name: string) => Promise<void>): Promise<void> => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-fault-'));
    const runDir = path.join(base, 'netns');
    const name = uniqueName('fault');
    try {
      await fn(runDir, name);
    } finally {
      if (fs.existsSync(path.join(runDir, name))) execFileSync('umount', ['--lazy', path.join(runDir, name)]);
      while (mountsAt(runDir) > 0) execFileSync('umount', [runDir]);
      fs.rmSync(base, { recursive: true, force: true });
    }
  };

  test('a failed flock is a process warning (as ip warns), and they go on; the prepared directory is not locked again until it stops being that mount', () => inRunDir(async (runDir, name) => {
    // The warning reaches JS (process.emitWarning, which a program can listen to or silence),
    // not a pool thread's fprintf to stderr. The process remembers the run directory it made a
    // shared mount point: the attach does not flock or mount again (the code before did, and
    // warned twice); once the directory is unmounted and removed behind its back, the next create
    // does every step again.
    const r = await runChild(`
      const fs = require('fs');
      const { execFileSync } = require('child_process');
      const runDir = ${JSON.stringify(runDir)};
      const isMount = () => fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\\n').some((l) => l.split(' ')[4] === runDir);
      const warnings = [];
      process.on('warning', (w) => warnings.push({ message: w.message, code: w.code }));
      const ns = await lib.Namespace.create(${JSON.stringify(name)}, { runDir });
      const attached = await ns.attach(${JSON.stringify(`${name}-a`)}, { runDir });
      await new Promise((r) => setImmediate(r));  // warnings are emitted on the next tick
      const early = warnings.length;
      const out = { path: ns.path, inode: ns.inode, attachedInode: attached.inode };
      await attached.delete();
      await ns.delete();
      execFileSync('umount', [runDir]);
      fs.rmdirSync(runDir);
      const again = await lib.Namespace.create(${JSON.stringify(`${name}-b`)}, { runDir });
      await new Promise((r) => setImmediate(r));
      console.log(JSON.stringify({ ...out, early, warnings, remounted: isMount(), againInDir: fs.readdirSync(runDir) }));
      await again.delete();
    `, { prefix: ['env', `LD_PRELOAD=${shim}`, 'FAULT_FLOCK=1'] });
    expect(r.code).toBe(0);
    const made = JSON.parse(r.stdout);
    const warning = { message: expect.stringMatching(new RegExp(`^could not flock netns runtime directory "${runDir}": `)), code: 'NETNS_RUNDIR_FLOCK' };
    expect(made.early).toBe(1);
    expect(made.warnings).toEqual([warning, warning]);
    expect(made.attachedInode).toBe(made.inode);
    expect(made.path).toBe(path.join(runDir, name));
    expect(made.inode).toBeGreaterThan(0);
    expect(made.remounted).toBe(true);
    expect(made.againInDir).toEqual([`${name}-b`]);
    expect(fs.readdirSync(runDir)).toEqual([]);  // and its delete removed it
  }));

  test('a bind that cannot be made shared is undone: no stacked mount, no run directory', () => inRunDir(async (runDir, name) => {
    const r = await runChild(`
      const e = await lib.Namespace.create(${JSON.stringify(name)}, { runDir: ${JSON.stringify(runDir)} }).then(() => undefined, (e) => e);
      console.log(JSON.stringify(e && { code: e.code, syscall: e.syscall, path: e.path }));
    `, { prefix: ['env', `LD_PRELOAD=${shim}`, `FAULT_SHARED_AFTER_BIND=${runDir}`] });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ code: 'ENOMEM', syscall: 'mount', path: runDir });
    expect(mountsAt(runDir)).toBe(0);
    expect(fs.existsSync(runDir)).toBe(false);
  }));

  test('a mount namespace made before the run directory became a mount point sees later names', async () => {
    // base: a shared mount, as / is on systemd hosts; runDir below it does not exist yet.
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-peer-'));
    const runDir = path.join(base, 'netns');
    execFileSync('mount', ['--bind', base, base]);
    execFileSync('mount', ['--make-shared', base]);
    // A process in a mount namespace copied now: its copy of base is a peer of ours.
    const other = spawn('unshare', ['--mount', '--propagation', 'unchanged', 'sleep', '60'], { stdio: 'ignore' });
    let ns: Namespace | undefined;
    try {
      await waitFor(() => fs.readlinkSync(`/proc/${other.pid}/ns/mnt`) !== fs.readlinkSync('/proc/self/ns/mnt'));
      ns = await Namespace.create(uniqueName(), { runDir });
      expect(propagation(runDir)).toContain('shared');
      // Through the run directory's peer group the name's bind mount reached the other mount
      // namespace (an extra MS_PRIVATE step took the directory out of that group).
      const { stdout } = await execFileP('nsenter', [`--mount=/proc/${other.pid}/ns/mnt`, 'stat', '-L', '-c', '%i', ns.path]);
      expect(Number(stdout.trim())).toBe(ns.inode);
    } finally {
      other.kill('SIGKILL');
      await ns?.delete();
      try { execFileSync('umount', [runDir]); } catch { /* not mounted */ }
      execFileSync('umount', [base]);
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('anonymous namespaces and other handles', () => {
  test('create() without a name makes a fresh, unnamed namespace with only lo', async () => {
    const ns = await Namespace.create();
    try {
      expect(ns.name).toBeUndefined();
      expect(ns.equals(Namespace.current())).toBe(false);
      expect(fs.readlinkSync(`/proc/self/fd/${ns.fd}`)).toBe(`net:[${ns.inode}]`);
      const links = await ns.links.list();
      expect(links.map((l) => l.name)).toEqual(['lo']);
      // Its path opens the same namespace for other tools (nsenter, ip netns exec via a path).
      const { stdout } = await execFileP('nsenter', [`--net=${ns.path}`, 'ip', '-j', 'link']);
      expect(JSON.parse(stdout)).toHaveLength(1);
    } finally {
      await ns.delete();
    }
    expect(ns.closed).toBe(true);
  });

  test('attach() names an anonymous namespace, like ip netns attach', async () => {
    const anon = await Namespace.create();
    const name = uniqueName();
    try {
      const named = await anon.attach(name);
      expect(named.equals(anon)).toBe(true);
      expect((await ipJson<Array<{ name: string }>>(['netns', 'list'])).map((n) => n.name)).toContain(name);
      const { stdout } = await execFileP('ip', ['netns', 'exec', name, 'readlink', '/proc/self/ns/net']);
      expect(stdout.trim()).toBe(`net:[${anon.inode}]`);
      await expect(anon.attach(name)).rejects.toMatchObject({ code: 'EEXIST' });
      await named.delete();
      expect(fs.existsSync(`/run/netns/${name}`)).toBe(false);
    } finally {
      await anon.delete();
    }
  });

  test('await using deletes what it created', async () => {
    const name = uniqueName();
    {
      await using ns = await Namespace.create(name);
      expect(fs.existsSync(ns.path)).toBe(true);
    }
    expect(fs.existsSync(`/run/netns/${name}`)).toBe(false);
  });

  test('current(), fromPid() and fromPath() agree on this process', () => {
    const cur = Namespace.current();
    const byPid = Namespace.fromPid(process.pid);
    const byPath = Namespace.fromPath('/proc/thread-self/ns/net');
    try {
      expect(cur.equals(byPid)).toBe(true);
      expect(cur.equals(byPath)).toBe(true);
      expect(`net:[${cur.inode}]`).toBe(fs.readlinkSync('/proc/thread-self/ns/net'));
    } finally {
      cur.close(); byPid.close(); byPath.close();
    }
  });

  test('fromPath() refuses a file that is not a network namespace', () => {
    expect(() => Namespace.fromPath('/proc/self/ns/uts')).toThrow(expect.objectContaining({ code: 'EINVAL' }));
    expect(() => Namespace.fromPath('/etc/hostname')).toThrow(expect.objectContaining({ code: 'EINVAL' }));
  });
});

describe('NSIDs', () => {
  test('id(other) assigns an NSID like ip netns set, and veth peers report it', async () => {
    await withNamespaces(2, async (a, b) => {
      await ip(a, ['link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb', 'netns', nameOf(b)]);
      const nsid = await a.id(b);
      expect(await a.id(b)).toBe(nsid);  // stable
      const ids: Array<{ nsid: number; name?: string }> = await ipJson(['-n', nameOf(a), 'netns', 'list-id']);
      expect(ids).toContainEqual(expect.objectContaining({ nsid, name: nameOf(b) }));
      const va = await a.links.get('va');
      expect(va.namespaceId).toBe(nsid);
      expect(va.peerIndex).toBe((await b.links.get('vb')).index);
    });
  });

  test('id() without other is the NSID ip netns list shows; list() reports it', async () => {
    await withNamespaces(1, async (a) => {
      const nsid = await a.id();
      const listed: Array<{ name: string; id?: number }> = await ipJson(['netns', 'list']);
      expect(listed).toContainEqual({ name: nameOf(a), id: nsid });
      expect((await Namespace.list()).find((n) => n.name === a.name)).toEqual({ name: a.name, path: a.path, id: nsid });
    });
  });

  test('setId() sets a chosen NSID', async () => {
    await withNamespaces(2, async (a, b) => {
      await a.setId(b, 77);
      expect(await a.id(b)).toBe(77);
      const ids: Array<{ nsid: number; name?: string }> = await ipJson(['-n', nameOf(a), 'netns', 'list-id']);
      expect(ids).toContainEqual(expect.objectContaining({ nsid: 77, name: nameOf(b) }));
      await expect(a.setId(b, 78)).rejects.toMatchObject({ name: 'NetlinkError', code: 'EEXIST', operation: 'RTM_NEWNSID' });
    });
  });
});

describe('errors', () => {
  // Without the nstest- names: test files in other workers add and remove theirs meanwhile, and no
  // invalid name below could make one.
  const runDirEntries = (): string[] => (fs.existsSync('/run/netns') ? fs.readdirSync('/run/netns') : [])
    .filter((n) => !n.startsWith('nstest-'));

  test.each([
    ['', TypeError, 'ERR_INVALID_ARG_VALUE'],
    ['.', TypeError, 'ERR_INVALID_ARG_VALUE'],
    ['..', TypeError, 'ERR_INVALID_ARG_VALUE'],
    ['a/b', TypeError, 'ERR_INVALID_ARG_VALUE'],
    ['a\0b', TypeError, 'ERR_INVALID_ARG_VALUE'],
    ['x'.repeat(256), RangeError, 'ERR_OUT_OF_RANGE'],
    [42, TypeError, 'ERR_INVALID_ARG_TYPE'],
  ])('invalid name %j is rejected before any system call', async (name, Ctor, code) => {
    const before = runDirEntries();
    const err = await Namespace.create(name as string).then(() => undefined, (e) => e);
    expect(err).toBeInstanceOf(Ctor);
    expect(err.code).toBe(code);
    await expect(Namespace.open(name as string)).rejects.toBeInstanceOf(Ctor);
    expect(runDirEntries()).toEqual(before);
  });

  test('a 255-byte name is fine', async () => {
    const name = uniqueName().padEnd(255, 'x');
    const ns = await Namespace.create(name);
    await ns.delete();
  });

  test('an existing name is EEXIST and leaves the original intact, with no extra mount or fd', async () => {
    await withNamespaces(1, async (a) => {
      const fdsBefore = fs.readdirSync('/proc/self/fd').length;
      const err = await Namespace.create(nameOf(a)).then(() => undefined, (e) => e);
      expect(err).toMatchObject({ code: 'EEXIST', syscall: 'open', path: a.path });
      expect(fs.readdirSync('/proc/self/fd').length).toBe(fdsBefore);
      expect(mountsAt(a.path)).toBe(1);
      expect(fs.statSync(a.path).ino).toBe(a.inode);
    });
  });

  test('opening a missing name is ENOENT', async () => {
    await expect(Namespace.open(uniqueName())).rejects.toMatchObject({ code: 'ENOENT', syscall: 'open' });
  });

  test('a closed handle says so', async () => {
    const ns = await Namespace.create();
    await ns.delete();
    expect(() => ns.fd).toThrow(expect.objectContaining({ code: 'ERR_NETNS_CLOSED' }));
    await expect(ns.links.list()).rejects.toMatchObject({ code: 'ERR_NETNS_CLOSED' });
  });

  test('a link that does not exist is a NetlinkError ENODEV', async () => {
    await withNamespaces(1, async (a) => {
      const err = await a.links.get('nothere0').then(() => undefined, (e) => e);
      expect(err).toBeInstanceOf(NetlinkError);
      expect(err).toMatchObject({ code: 'ENODEV', errno: 19, operation: 'RTM_GETLINK' });
    });
  });

  test('without root: EPERM that names the missing capability, and nothing left behind', async () => {
    const name = uniqueName('eperm');
    const script = `
      const { Namespace } = require(${JSON.stringify(path.join(root, 'dist/lib'))});
      Namespace.create(${JSON.stringify(name)}).then(() => console.log('created'), (e) =>
        console.log(JSON.stringify({ code: e.code, syscall: e.syscall, message: e.message })));
      Namespace.create().then(() => console.log('created'), (e) =>
        console.log(JSON.stringify({ code: e.code, syscall: e.syscall, message: e.message })));`;
    const { stdout } = await execFileP('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all',
      process.execPath, '-e', script]);
    const results = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(['EPERM', 'EACCES']).toContain(r.code);
      expect(r.message).toMatch(/CAP_SYS_ADMIN|root/);
    }
    expect(results.map((r) => r.message).join(' ')).toContain('CAP_SYS_ADMIN');
    expect(fs.existsSync(`/run/netns/${name}`)).toBe(false);
  });
});

describe('threads', () => {
  test('after many operations, every thread is still in the initial namespace', async () => {
    const initial = fs.readlinkSync('/proc/thread-self/ns/net');
    for (let round = 0; round < 5; round++) {
      const made = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? Namespace.create() : Namespace.create(uniqueName()))));
      await Promise.all(made.map((ns) => ns.links.list()));
      await Promise.all(made.map((ns) => ns.id()));
      await Promise.all(made.map((ns) => ns.delete()));
    }
    expect([...threadNamespaces()]).toEqual([initial]);
  });
});

describe('module loading', () => {
  test('works from require and from import', async () => {
    const cjs = await execFileP(process.execPath, ['-e', "const m = require('netns'); console.log(typeof m.Namespace, typeof m.NetlinkError)"], { cwd: root });
    expect(cjs.stdout.trim()).toBe('function function');
    const esm = await execFileP(process.execPath, ['--input-type=module', '-e',
      "import { Namespace, NetlinkError } from 'netns'; import netns from 'netns'; console.log(typeof Namespace, typeof NetlinkError, typeof netns.Namespace)"], { cwd: root });
    expect(esm.stdout.trim()).toBe('function function function');
  });
});
