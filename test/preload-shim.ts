// LD_PRELOAD shims for faults the kernel cannot be asked for: test/fixtures/NAME.c, compiled once
// for the tests of the calling file (or describe block) and removed after them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Registers beforeAll/afterAll; the returned function gives the shared object's path. */
export function preloadShim(name: string): () => string {
  let so = '';
  beforeAll(() => {
    so = path.join(fs.mkdtempSync('/tmp/nstest-shim-'), `${name}.so`);
    execFileSync('cc', ['-shared', '-fPIC', '-o', so, path.join(__dirname, 'fixtures', `${name}.c`), '-ldl']);
  });
  afterAll(() => fs.rmSync(path.dirname(so), { recursive: true, force: true }));
  return () => so;
}
