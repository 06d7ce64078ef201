// What `npm pack` puts in the tarball: the library (compiled JS and typings), the CLI, the addon's
// sources with binding.gyp (to build on install), prebuilds, the README. No benchmarks, demo,
// tests, dev configs or the bench-only C++ codec.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');

// --ignore-scripts: packs the dist/ that pretest compiled instead of rebuilding it under other tests.
function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', maxBuffer: 16 << 20 });
  const [pack] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
  return pack.files.map((f) => f.path).sort();
}

const SHIPPED = [
  /^dist\/lib\/.+\.(js|d\.ts)$/,
  /^dist\/bin\/[^/]+\.js$/,
  /^native\/[^/]+\.(cc|c|h)$/,
  /^prebuilds\//,
  /^(binding\.gyp|README\.md|package\.json|LICENSE)$/,
];

let files: string[];
beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'dist', 'lib', 'index.js'))) throw new Error('dist/ is not built: run npm test (its pretest compiles) or npx tsc -p tsconfig.json');
  files = packedFiles();
});

test('holds only the library, the CLI, the addon sources, binding.gyp and the README', () => {
  expect(files.filter((f) => !SHIPPED.some((re) => re.test(f)))).toEqual([]);
  expect(files.filter((f) => /(^|\/)(scripts|test)\/|bench|demo|route_codec_alt|tsconfig|\.map$/.test(f))).toEqual([]);
});

test('holds what package.json points at and what binding.gyp compiles', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; types: string; bin: Record<string, string> };
  const gyp = JSON.parse(fs.readFileSync(path.join(root, 'binding.gyp'), 'utf8')) as { targets: Array<{ sources: string[] }> };
  const needed = [pkg.main, pkg.types, ...Object.values(pkg.bin), ...gyp.targets.flatMap((t) => t.sources), 'binding.gyp', 'README.md'];
  expect(needed.filter((f) => !files.includes(path.normalize(f)))).toEqual([]);
  expect(Object.values(pkg.bin)).toEqual(['dist/bin/netns.js', 'dist/bin/netns-cni.js']);
});
