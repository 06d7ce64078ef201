// scripts/test-kernel/tests.txt, the files `npm run test:kernel` runs under Linux 6.1, keeps up
// with the tree: it names only test files that exist, and every test file that asks the running
// kernel what it has (the kind, qdisc and tc probes, kernelHasKind, a VRF probe) is on it, so that
// a live test skipped here runs there.
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const listed = fs.readFileSync(path.join(root, 'scripts', 'test-kernel', 'tests.txt'), 'utf8')
  .split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);

function testFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return testFiles(rel);
    return e.name.endsWith('.test.ts') ? [rel] : [];
  });
}

test('every listed file is a test file of the tree, listed once', () => {
  expect(listed.length).toBeGreaterThan(0);
  expect(listed.filter((f) => !f.endsWith('.test.ts') || !fs.existsSync(path.join(root, f)))).toEqual([]);
  expect(new Set(listed).size).toBe(listed.length);
});

test('every test file that probes the kernel for a feature is listed', () => {
  const probing = testFiles('test').filter((f) => /\b(probeKinds|probeQdiscs|probeTc|kernelHasKind|kernelHasVrf)\(/.test(fs.readFileSync(path.join(root, f), 'utf8')));
  expect(probing.length).toBeGreaterThan(5);
  expect(probing.filter((f) => !listed.includes(f))).toEqual([]);
});
