// delete() checks that the name is still its namespace, then unmounts it. A name deleted and made
// again in between must be left alone: the race is made with an LD_PRELOAD shim
// (test/fixtures/umount-race.c) in a child, right where delete calls umount2.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { preloadShim } from '../preload-shim';
import { runChild } from '../ts-child';
import { nameOf, uniqueName, withNamespaces } from '../helpers';

const shim = preloadShim('umount-race');

test('a name made again between the check and the umount: ESTALE, and the new name is left as it is', async () => {
  const name = uniqueName('race');
  const at = `/run/netns/${name}`;
  await withNamespaces(1, async (other) => {
    try {
      const r = await runChild(`
        const ns = await lib.Namespace.create(${JSON.stringify(name)});
        const err = await ns.delete().then(() => undefined, (e) => e);
        console.log(JSON.stringify(err && { code: err.code, syscall: err.syscall, path: err.path }));
      `, { prefix: ['env', `LD_PRELOAD=${shim()}`, `REMAKE_AT=${at}`, `REMAKE_FROM=/run/netns/${nameOf(other)}`] });
      expect(r.stderr).toBe('');
      // The old delete unmounted and unlinked the name made again, and resolved.
      expect(JSON.parse(r.stdout)).toEqual({ code: 'ESTALE', syscall: 'stat', path: at });
      expect(fs.statSync(at).ino).toBe(other.inode);  // still the other namespace's name
    } finally {
      if (fs.existsSync(at)) execFileSync('ip', ['netns', 'delete', name]);
    }
  });
});
