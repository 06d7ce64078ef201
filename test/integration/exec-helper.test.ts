// netns-exec run directly, where the library cannot take it: a user namespace whose setgroups is
// "deny" (unshare --map-root-user), in a network namespace unshare makes and drops with it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const helper = path.join(__dirname, '..', '..', 'build', 'Release', 'artifacts', 'netns-exec');

test('uid/gid in a user namespace with setgroups deny: the command runs (EPERM from setgroups is not fatal)', () => {
  // fd 3: the new network namespace; fd 4 (status) is stdout, so a setup failure shows there.
  const script = `exec 3</proc/self/ns/net; cat /proc/self/setgroups; exec "$0" 3 4 '' 0 0 '' sh sh -c 'echo ran; grep -E "^(Uid|Gid):" /proc/self/status' 4>&1`;
  const r = spawnSync('unshare', ['--user', '--map-root-user', '--net', 'sh', '-c', script, helper], {
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  const lines = r.stdout.split('\n');
  expect(lines[0]).toBe('deny'); // the case under test really is the one set up
  // "+": the helper's status (fd 4, here stdout) says setup is done and it execs the command.
  expect(lines.slice(1, 4)).toEqual(['+ran', expect.stringMatching(/^Uid:\s+0\s+0\s+0\s+0$/), expect.stringMatching(/^Gid:\s+0\s+0\s+0\s+0$/)]);
  expect(r.status).toBe(0);
});
