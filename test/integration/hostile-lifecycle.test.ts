// Namespace lifecycle under hostile use: close() and delete() racing work in flight, no file
// descriptors left (EMFILE), no privileges. Every case is checked against the kernel's state
// (ip netns list, mountinfo, /proc/self/fd), not only against the error.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Namespace } from '../../lib';
import { ipJson, uniqueName } from '../helpers';
import { runChild } from '../ts-child';

const listed = async (): Promise<string[]> => (await ipJson<Array<{ name: string }>>(['netns', 'list'])).map((n) => n.name);
/** This process's namespace and socket fds; a test may leave none it did not find (jest may close some). */
const heldFds = (): string[] => fs.readdirSync('/proc/self/fd').flatMap((fd) => {
  try {
    const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
    return /^(net|socket):/.test(target) ? [`${fd} -> ${target}`] : [];
  } catch { return []; }
}).sort();
const mountedAt = (target: string): boolean =>
  fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').some((l) => l.split(' ')[4] === target);

/** Runs fn with a fresh name; afterwards the name is removed whatever happened, and no fd is left. */
async function withName(fn: (name: string) => Promise<void>): Promise<void> {
  const name = uniqueName('race');
  const before = heldFds();
  try {
    await fn(name);
    expect(heldFds().filter((fd) => !before.includes(fd))).toEqual([]);
  } finally {
    if (fs.existsSync(`/run/netns/${name}`)) execFileSync('ip', ['netns', 'delete', name]);
  }
}

describe('close() and delete() racing work in flight', () => {
  test('delete() right after create, while a list is queued: both settle, the name is gone', () => withName(async (name) => {
    const ns = await Namespace.create(name);
    const list = ns.links.list();
    const del = ns.delete();
    const [l, d] = await Promise.allSettled([list, del]);
    expect(d.status).toBe('fulfilled');
    // The list either got its answer before the socket closed or was told the handle closed.
    if (l.status === 'rejected') expect(l.reason).toMatchObject({ code: 'ERR_NETNS_CLOSED' });
    else expect(l.value.map((x) => x.name)).toEqual(['lo']);
    expect(await listed()).not.toContain(name);
    expect(mountedAt(`/run/netns/${name}`)).toBe(false);
  }));

  test('two delete() calls at once both resolve; a later one finds a new namespace and leaves it', () => withName(async (name) => {
    const ns = await Namespace.create(name);
    await Promise.all([ns.delete(), ns.delete()]);
    expect(await listed()).not.toContain(name);
    execFileSync('ip', ['netns', 'add', name]);
    await expect(ns.delete()).rejects.toMatchObject({ code: 'ESTALE', path: `/run/netns/${name}` });
    expect(await listed()).toContain(name);
    expect(mountedAt(`/run/netns/${name}`)).toBe(true);
  }));

  test('after its own delete(), a handle never removes a namespace made since under the name, even one given its inode', async () => {
    // The kernel hands a freed namespace's inode number to the next namespace, often at once: an
    // inode comparison alone would take the new namespace for the handle's own and remove it.
    let reused = 0;
    for (let i = 0; i < 30; i++) {
      await withName(async (name) => {
        const ns = await Namespace.create(name);
        await ns.delete();
        await new Promise((r) => setTimeout(r, 100));  // time for the kernel to free it (cleanup_net)
        execFileSync('ip', ['netns', 'add', name]);
        if (fs.statSync(`/run/netns/${name}`).ino === ns.inode) reused++;
        await expect(ns.delete()).rejects.toMatchObject({ code: 'ESTALE', path: `/run/netns/${name}` });
        expect(mountedAt(`/run/netns/${name}`)).toBe(true);
      });
    }
    console.log(`inode reused by the namespace made after delete(): ${reused} of 30`);
  });

  test('close() during links.list(): the list settles, the name stays', () => withName(async (name) => {
    const ns = await Namespace.create(name);
    const list = ns.links.list();
    ns.close();
    const r = (await Promise.allSettled([list]))[0];
    if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'ERR_NETNS_CLOSED' });
    expect(await listed()).toContain(name);  // close() only lets go of the handle
    const again = await Namespace.open(name);
    expect(again.inode).toBe(ns.inode);
    await again.delete();
    expect(await listed()).not.toContain(name);
  }));
});

describe('out of file descriptors', () => {
  test('create, attach and open fail with a typed EMFILE that says what to do, leaving nothing', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-emfile-'));
    const runDir = path.join(base, 'netns');
    fs.mkdirSync(runDir);
    const name = uniqueName('emfile');
    try {
      const r = await runChild(`
        const fs = require('fs');
        const fds = () => fs.readdirSync('/proc/self/fd').length;
        const anon = await lib.Namespace.create();
        const before = fds();
        const fillers = [];
        try { for (;;) fillers.push(fs.openSync('/dev/null', 'r')); } catch (e) { if (e.code !== 'EMFILE') throw e; }
        const outcome = (p) => p.then(() => ({ ok: true }), (e) => ({ name: e.name, code: e.code, syscall: e.syscall, message: e.message }));
        const results = {
          named: await outcome(lib.Namespace.create(${JSON.stringify(name)}, { runDir: ${JSON.stringify(runDir)} })),
          anonymous: await outcome(lib.Namespace.create()),
          attach: await outcome(anon.attach(${JSON.stringify(name)}, { runDir: ${JSON.stringify(runDir)} })),
          // The handle's first request opens its socket: that fails the request, not the handle.
          request: await outcome(anon.links.list()),
        };
        for (const fd of fillers) fs.closeSync(fd);
        const after = fds();
        const linksAfter = (await anon.links.list()).map((l) => l.name);
        await anon.delete();
        console.log(JSON.stringify({ results, before, after, linksAfter, left: fs.readdirSync(${JSON.stringify(runDir)}) }));
      `, { prefix: ['prlimit', '--nofile=256:256'] });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      for (const res of Object.values(out.results)) {
        expect(res).toMatchObject({ name: 'Error', code: 'EMFILE' });
        // The limit as it stands (prlimit's 256), and what to do about it.
        expect((res as { message: string }).message).toMatch(/limit of open files, 256 \(RLIMIT_NOFILE, ulimit -n\).*close handles.*raise the limit/);
      }
      expect(out.linksAfter).toEqual(['lo']);
      expect(out.after).toBe(out.before);
      expect(out.left).toEqual([]);
      expect(mountedAt(runDir)).toBe(false);
    } finally {
      try { execFileSync('umount', [runDir]); } catch { /* not mounted: as expected */ }
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('without privileges', () => {
  test('EPERM names CAP_SYS_ADMIN, and a run directory the create made is removed again', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-unpriv-'));
    fs.chmodSync(base, 0o1777);  // the unprivileged child may make its run directory here
    const runDir = path.join(base, 'netns');
    const name = uniqueName('unpriv');
    try {
      const r = await runChild(`
        const outcome = (p) => p.then(() => ({ ok: true }), (e) => ({ code: e.code, syscall: e.syscall, path: e.path, message: e.message }));
        console.log(JSON.stringify({
          named: await outcome(lib.Namespace.create(${JSON.stringify(name)}, { runDir: ${JSON.stringify(runDir)} })),
          anonymous: await outcome(lib.Namespace.create()),
          fromPid: await outcome((async () => lib.Namespace.fromPid(1))()),
        }));
      `, { prefix: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all'] });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.named).toMatchObject({ code: 'EPERM', syscall: 'mount', path: runDir });
      expect(out.anonymous).toMatchObject({ code: 'EPERM', syscall: 'unshare' });
      for (const res of [out.named, out.anonymous]) expect(res.message).toContain('CAP_SYS_ADMIN');
      // Another user's process: the kernel's ptrace check on /proc/1/ns/net, not the run directory.
      expect(out.fromPid).toMatchObject({ code: 'EACCES', path: '/proc/1/ns/net' });
      expect(out.fromPid.message).toMatch(/CAP_SYS_PTRACE/);
      expect(out.fromPid.message).not.toMatch(/run directory/);
      // Nothing made: no run directory, no mount, no name.
      expect(fs.existsSync(runDir)).toBe(false);
      expect(mountedAt(runDir)).toBe(false);
      expect(await listed()).not.toContain(name);
    } finally {
      try { execFileSync('umount', [runDir]); } catch { /* not mounted: as expected */ }
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});
