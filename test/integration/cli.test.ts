// npx netns: the command-line front end, run as a separate process (dist/bin/netns.js).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { uniqueName } from '../helpers';

const execFileP = promisify(execFile);
const cli = path.resolve(__dirname, '..', '..', 'dist', 'bin', 'netns.js');
// A host with thousands of names (a benchmark running beside the tests) lists more than execFile's default 1 MiB.
const run = (args: string[]) => execFileP(process.execPath, [cli, ...args], { maxBuffer: 64 * 1024 * 1024 }).then(
  (r) => ({ ...r, code: 0 }),
  (e: { stdout: string; stderr: string; code: number }) => ({ stdout: e.stdout, stderr: e.stderr, code: e.code }),
);

describe('cli', () => {
  test('add, list, links, exec and delete a namespace, with --json output', async () => {
    const name = uniqueName('cli');
    try {
      expect((await run(['add', name])).code).toBe(0);
      const listed = JSON.parse((await run(['--json', 'list'])).stdout);
      expect(listed.map((n: { name: string }) => n.name)).toContain(name);
      expect((await run(['exec', name, 'ip', 'link', 'add', 'c0', 'type', 'veth', 'peer', 'name', 'c1'])).code).toBe(0);
      const links = JSON.parse((await run(['--json', 'links', name])).stdout);
      expect(links.map((l: { name: string }) => l.name).sort()).toEqual(['c0', 'c1', 'lo']);
      expect((await run(['links', name])).stdout).toMatch(/c0 \(veth\) mtu 1500 DOWN/);
      expect((await run(['exec', name, 'ip', 'link', 'set', 'lo', 'up'])).code).toBe(0);
      // Tables by name or by number, as ip takes them.
      const local = JSON.parse((await run(['--json', 'routes', name, 'local'])).stdout);
      expect(local.map((r: { dst: string }) => r.dst)).toContain('127.0.0.1/32');
      expect(JSON.parse((await run(['--json', 'routes', name, '255'])).stdout)).toEqual(local);
      expect((await run(['exec', name, 'sh', '-c', 'exit 4'])).code).toBe(4);
      expect((await run(['exec', name, 'echo', 'a', '--json', 'b'])).stdout).toBe('a --json b\n');
      expect((await run(['delete', name])).code).toBe(0);
      expect(fs.existsSync(`/run/netns/${name}`)).toBe(false);
    } finally {
      if (fs.existsSync(`/run/netns/${name}`)) await execFileP('ip', ['netns', 'delete', name]);
    }
  });

  test('exec exits as a shell would: the status, 128+N for signal N, 127/126 when the command cannot run', async () => {
    const name = uniqueName('cli');
    const dir = fs.mkdtempSync('/tmp/nstest-cli-');
    const notExecutable = path.join(dir, 'script');
    fs.writeFileSync(notExecutable, '#!/bin/sh\necho ran\n', { mode: 0o644 });
    try {
      expect((await run(['add', name])).code).toBe(0);
      const inode = fs.statSync(`/run/netns/${name}`).ino;
      expect(await run(['exec', name, 'readlink', '/proc/self/ns/net'])).toMatchObject({ code: 0, stdout: `net:[${inode}]\n` });
      expect((await run(['exec', name, 'sh', '-c', 'kill -TERM $$'])).code).toBe(128 + os.constants.signals.SIGTERM);
      expect((await run(['exec', name, 'sh', '-c', 'kill -KILL $$'])).code).toBe(128 + os.constants.signals.SIGKILL);
      expect((await run(['exec', name, 'sh', '-c', 'kill -USR1 $$'])).code).toBe(128 + os.constants.signals.SIGUSR1);
      const missing = await run(['exec', name, 'no-such-command-xyz']);
      expect(missing).toMatchObject({ code: 127, stdout: '' });
      expect(missing.stderr).toMatch(/spawn no-such-command-xyz ENOENT/);
      const denied = await run(['exec', name, notExecutable]);
      expect(denied).toMatchObject({ code: 126, stdout: '' });
      expect(denied.stderr).toMatch(/EACCES/);
      // A command's own 127, with a line shaped like a helper error, is its status and its output.
      const own = await run(['exec', name, 'sh', '-c', "echo \"netns-exec: execvp 'x': No such file or directory (errno 2)\" >&2; exit 127"]);
      expect(own).toEqual({ code: 127, stdout: '', stderr: "netns-exec: execvp 'x': No such file or directory (errno 2)\n" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      if (fs.existsSync(`/run/netns/${name}`)) await execFileP('ip', ['netns', 'delete', name]);
    }
  });

  test('usage errors exit 2, failures exit 1 with the reason', async () => {
    const bad = await run(['bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown command "bogus"/);
    const missing = await run(['links', uniqueName('cli-missing')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/ENOENT/);
  });
});
