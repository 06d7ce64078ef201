// The addon loads wherever Node does: it imports no glibc extension newer than the glibcs Node
// supports (strerrorname_np needs glibc 2.32 and musl has none), and it still names every errno.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');

function linuxErrnoNames(): string[] {
  const headers = ['/usr/include/asm-generic/errno-base.h', '/usr/include/asm-generic/errno.h'];
  return headers.flatMap((h) => [...fs.readFileSync(h, 'utf8').matchAll(/^#define\s+(E[A-Z0-9]+)\s+\d+/gm)].map((m) => m[1]));
}

test('the addon does not import strerrorname_np', () => {
  const imports = execFileSync('nm', ['-D', '--undefined-only', path.join(root, 'build/Release/netns.node')], {
    encoding: 'utf8',
  });
  expect(imports).toContain('socket'); // the listing is real
  expect(imports).not.toMatch(/strerrorname_np|strerrordesc_np/);
});

test('the errno name table names every Linux errno', () => {
  const source = fs.readFileSync(path.join(root, 'native/errno_name.cc'), 'utf8');
  const tabled = new Set([...source.matchAll(/NETNS_ERRNO\((E[A-Z0-9]+)\)/g)].map((m) => m[1]));
  const names = linuxErrnoNames();
  expect(names).toContain('ESTALE');
  expect(names.filter((n) => !tabled.has(n))).toEqual([]);
});
