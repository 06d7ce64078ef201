// ns.spawn/ns.exec with vrf, where the command cannot run: typed errors, and nothing left in the
// cgroup tree. The command running in a VRF is tested live in test/e2e/vrf.test.ts (it needs the
// vrf kind, which this machine's kernel lacks; user-mode Linux 6.1 has it).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { withNamespaces } from '../helpers';
import { runChild } from '../ts-child';

/** The netns-vrf.* directories under this process's cgroup v2 (where a VRF cgroup would go). */
function vrfCgroups(): string[] {
  const mount = execFileSync('findmnt', ['-n', '-t', 'cgroup2', '-o', 'TARGET'], { encoding: 'utf8' }).split('\n')[0];
  const own = fs.readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => l.startsWith('0::'))!.slice(3);
  return fs.readdirSync(`${mount}${own}`).filter((name) => name.startsWith('netns-vrf.'));
}

describe('spawn and exec with vrf', () => {
  test('a device that is no VRF: ERR_NETNS_NOT_VRF naming its kind; a missing one: ENODEV; the command never runs', async () => {
    await withNamespaces(1, async (ns) => {
      await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
      const before = vrfCgroups();
      await expect(ns.exec('sh', ['-c', 'echo ran'], { vrf: 'v0' })).rejects.toMatchObject({
        code: 'ERR_NETNS_NOT_VRF', message: "options.vrf: 'v0' is a veth device, not a VRF",
      });
      await expect(ns.exec('true', [], { vrf: 'lo' })).rejects.toMatchObject({ code: 'ERR_NETNS_NOT_VRF', message: expect.stringContaining('no kind') });
      await expect(ns.exec('true', [], { vrf: 'blue' })).rejects.toMatchObject({ code: 'ENODEV', syscall: 'RTM_GETLINK', path: 'blue' });
      // spawn: 'error' then 'close' with the negative errno, never 'spawn', as for a command Node cannot run.
      const child = ns.spawn('true', [], { vrf: 'v0' });
      const events: string[] = [];
      child.on('spawn', () => events.push('spawn'));
      const err = await new Promise<NodeJS.ErrnoException>((resolve) => child.once('error', resolve));
      await new Promise((resolve) => child.once('close', resolve));
      expect(err.code).toBe('ERR_NETNS_NOT_VRF');
      expect(events).toEqual([]);
      expect(vrfCgroups()).toEqual(before);
    });
  });

  test('checked before the helper starts: a vrf that is no link name is a TypeError or RangeError', async () => {
    await withNamespaces(1, async (ns) => {
      expect(() => ns.spawn('true', [], { vrf: 5 as unknown as string })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
      await expect(ns.exec('true', [], { vrf: 'x'.repeat(16) })).rejects.toMatchObject({ code: 'ERR_OUT_OF_RANGE' });
    });
  });

  test('no cgroup2 mount: ERR_NETNS_VRF_EXEC_UNSUPPORTED with the reason; one at a path with a blank is found', async () => {
    // unshare makes a mount namespace of its own, private, so the umount and mount stay in it.
    const hide = 'for m in $(findmnt -n -t cgroup2 -o TARGET); do umount "$m" || exit 1; done; exec "$0" "$@"';
    const r = await runChild(`
      const { execFileSync } = require('node:child_process');
      const fs = require('node:fs');
      const ns = await lib.Namespace.create();
      await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
      const err = await ns.exec('true', [], { vrf: 'v0' }).catch((e) => e);
      console.log(JSON.stringify({ code: err.code, reason: err.reason, message: err.message }));
      // mountinfo writes the blank as \\040: read back, the helper gets past the cgroup to the device's kind.
      const dir = fs.mkdtempSync('/tmp/netns vrf ');
      execFileSync('mount', ['-t', 'cgroup2', 'none', dir]);
      try {
        console.log((await ns.exec('true', [], { vrf: 'v0' }).catch((e) => e)).code);
      } finally {
        execFileSync('umount', [dir]);
        fs.rmdirSync(dir);
        ns.close();
      }
    `, { prefix: ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', hide] });
    expect(r.stderr).toBe('');
    const [unsupported, found] = r.stdout.trim().split('\n');
    expect(JSON.parse(unsupported)).toEqual({
      code: 'ERR_NETNS_VRF_EXEC_UNSUPPORTED',
      reason: 'no cgroup2 file system is mounted where this process can see its cgroup',
      message: 'options.vrf: the command cannot be run in a VRF here (what ip vrf exec does): no cgroup2 file system is mounted where this process can see its cgroup',
    });
    expect(found).toBe('ERR_NETNS_NOT_VRF');
  }, 180_000);  // the child compiles the library from its sources: slow beside a full test run
});
