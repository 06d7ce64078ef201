// Unpinned named handles (pin: false): no fd while idle; the name is opened again when the handle
// is used, and only if it still holds the same namespace (device, inode and the kernel's
// namespace cookie, which is never reused). Checked through /proc/self/fd and ip.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { Namespace } from '../../lib';
import { native } from '../../lib/native';
import { IDLE_MS } from '../../lib/transport/idle-list';
import { ipJson, uniqueName } from '../helpers';
import { runChild } from '../ts-child';

/** fds of this process open on the namespace of ns (its nsfs file's device and inode; sockets do not count). */
const fdsOf = (ns: Namespace): number => fs.readdirSync('/proc/self/fd').filter((fd) => {
  try {
    const st = fs.statSync(`/proc/self/fd/${fd}`);
    return st.ino === ns.inode && st.dev === ns.device;
  } catch { return false; }
}).length;
const sleepPastIdle = (): Promise<void> => new Promise((r) => setTimeout(r, IDLE_MS * 1.5 + 300));
const listed = (): string[] => execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').map((l) => l.split(' ')[0]);
const removeName = (name: string): void => { try { execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' }); } catch { /* gone */ } };

describe('after the idle time', () => {
  const names = { used: uniqueName('unpin'), gone: uniqueName('unpin'), replaced: uniqueName('unpin'), pinned: uniqueName('unpin') };
  const handles: Record<keyof typeof names, Namespace> = {} as never;
  beforeAll(async () => {
    for (const key of Object.keys(names) as Array<keyof typeof names>) handles[key] = await Namespace.create(names[key], { pin: false });
    await handles.used.links.add({ kind: 'veth', name: 'up0', peer: { name: 'up1' } });
    void handles.pinned.fd;  // reading fd pins the handle again
    await sleepPastIdle();
  });
  afterAll(() => {
    for (const ns of Object.values(handles)) ns.close();
    for (const name of Object.values(names)) removeName(name);
  });

  test('an unpinned handle holds no fd, and works when used: the name is opened again', async () => {
    const ns = handles.used;
    expect(fdsOf(ns)).toBe(0);
    expect(ns.closed).toBe(false);
    await ns.addresses.add('up0', '10.9.0.1/24');
    expect((await ns.links.list()).map((l) => l.name).sort()).toEqual(['lo', 'up0', 'up1']);
    const viaIp = await ipJson<Array<{ addr_info: Array<{ local: string }> }>>(['-n', names.used, 'addr', 'show', 'dev', 'up0']);
    expect(viaIp[0].addr_info.map((a) => a.local)).toContain('10.9.0.1');
    expect(fdsOf(ns)).toBe(1);  // held again, for IDLE_MS after this use
    await ns.delete();
    expect(listed()).not.toContain(names.used);
    expect(fdsOf(ns)).toBe(0);
  });

  test('a pinned handle (its fd was read) keeps its fd', () => {
    expect(fdsOf(handles.pinned)).toBe(1);
    expect(fs.statSync(`/proc/self/fd/${handles.pinned.fd}`).ino).toBe(handles.pinned.inode);
  });

  test('a name deleted by someone else: calls reject with ENOENT, delete() resolves', async () => {
    const ns = handles.gone;
    execFileSync('ip', ['netns', 'del', names.gone]);
    await expect(ns.links.list()).rejects.toMatchObject({ code: 'ENOENT', path: `/run/netns/${names.gone}` });
    // A batch fails as a whole, as on a closed handle, not operation by operation.
    await expect(ns.batch((b) => { b.links.delete('up0'); })).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(ns.delete()).resolves.toBeUndefined();
    expect(ns.closed).toBe(true);
  });

  test('a name made again with another namespace: calls reject with ESTALE, delete() removes nothing', async () => {
    const ns = handles.replaced;
    execFileSync('ip', ['netns', 'del', names.replaced]);
    execFileSync('ip', ['netns', 'add', names.replaced]);
    await expect(ns.links.list()).rejects.toMatchObject({ code: 'ESTALE', path: `/run/netns/${names.replaced}` });
    await expect(ns.exec('true')).rejects.toMatchObject({ code: 'ESTALE' });
    await expect(ns.delete()).rejects.toMatchObject({ code: 'ESTALE' });
    // And every later one (asyncDispose after a caught delete(), say): another namespace is there.
    await expect(ns[Symbol.asyncDispose]()).rejects.toMatchObject({ code: 'ESTALE' });
    expect(listed()).toContain(names.replaced);
  });
});

test('reopening checks the cookie, not only device and inode: a namespace given the same inode is refused', async () => {
  const name = uniqueName('cookie');
  const ns = await Namespace.create(name);
  try {
    const path = `/run/netns/${name}`;
    const cookie = native.namespaceCookie(ns.fd);
    expect(cookie).toBeGreaterThan(0n);
    // What a namespace made after this one was freed could look like: the same device and inode.
    expect(() => native.reopenNamespace(path, ns.device, ns.inode, cookie + 1n)).toThrow(expect.objectContaining({ code: 'ESTALE' }) as Error);
    expect(() => native.reopenNamespace(path, ns.device, ns.inode + 1, cookie)).toThrow(expect.objectContaining({ code: 'ESTALE' }) as Error);
    const same = native.reopenNamespace(path, ns.device, ns.inode, cookie);
    expect(same.ino).toBe(ns.inode);
    native.closeFd(same.fd);
    // Another namespace's cookie differs.
    const other = await Namespace.create();
    try { expect(native.namespaceCookie(other.fd)).not.toBe(cookie); } finally { other.close(); }
  } finally {
    await ns.delete();
  }
});

test('pin: false needs a name: refused before anything is made; a bad value is a TypeError', async () => {
  const created = jest.spyOn(native, 'createAnonymous');
  await expect(Namespace.create(undefined, { pin: false })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  expect(created).not.toHaveBeenCalled();
  created.mockRestore();
  const name = uniqueName('unpin');
  await expect(Namespace.create(name, { pin: 'no' as never })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
  await expect(Namespace.open(name, { pin: 0 as never })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
  expect(listed()).not.toContain(name);
});

test('a closed unpinned handle still checks its cookie: delete() never removes a namespace made since under the name with its inode', async () => {
  const name = uniqueName('unpin');
  try {
    const ns = await Namespace.create(name, { pin: false });
    ns.close();
    execFileSync('ip', ['netns', 'del', name]);
    // The kernel hands a freed namespace's inode number to the next namespace, often soon: make
    // the name again until it has it (device and inode alone would then take it for this one).
    let reused = false;
    for (let i = 0; i < 40 && !reused; i++) {
      await new Promise((r) => setTimeout(r, 50));  // time for the kernel to free it (cleanup_net)
      execFileSync('ip', ['netns', 'add', name]);
      reused = fs.statSync(`/run/netns/${name}`).ino === ns.inode;
      if (!reused) execFileSync('ip', ['netns', 'del', name]);
    }
    console.log(`the name made again got the old inode: ${reused}`);
    if (!reused) execFileSync('ip', ['netns', 'add', name]);
    await expect(ns.delete()).rejects.toMatchObject({ code: 'ESTALE' });
    await expect(ns.delete()).rejects.toMatchObject({ code: 'ESTALE' });
    expect(listed()).toContain(name);
  } finally {
    removeName(name);
  }
});

test('delete() at EMFILE leaves an unpinned handle as it was; a later delete() removes its own name', async () => {
  const name = uniqueName('unpin');
  try {
    const r = await runChild(`
      const fs = require('fs');
      const ns = await lib.Namespace.create(${JSON.stringify(name)}, { pin: false });
      await new Promise((r) => setTimeout(r, ${IDLE_MS * 1.5 + 300}));
      const fillers = [];
      try { for (;;) fillers.push(fs.openSync('/dev/null', 'r')); } catch (e) { if (e.code !== 'EMFILE') throw e; }
      const first = await ns.delete().then(() => 'resolved', (e) => e.code);
      const closedAfter = ns.closed;
      for (const fd of fillers) fs.closeSync(fd);
      const exists = fs.existsSync('/run/netns/' + ${JSON.stringify(name)});
      await ns.delete();
      console.log(JSON.stringify({ first, closedAfter, exists, after: fs.existsSync('/run/netns/' + ${JSON.stringify(name)}) }));
    `, { prefix: ['prlimit', '--nofile=300:300'] });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ first: 'EMFILE', closedAfter: false, exists: true, after: false });
  } finally {
    removeName(name);
  }
});
