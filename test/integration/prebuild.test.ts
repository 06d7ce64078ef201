// `npm run prebuild`: prebuildify makes prebuilds/ and the result loads and runs on its own. Done
// in a copy of the package, so the build/ the other tests load from is left alone.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');

test('npm run prebuild builds prebuilds/ whose addon and netns-exec work without build/', async () => {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-prebuild-test-'));
  try {
    for (const entry of ['package.json', 'binding.gyp', 'native', 'dist', path.join('scripts', 'check-prebuild.js')]) {
      fs.cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'));
    const run = await execFileP('npm', ['run', 'prebuild'], { cwd: stage, maxBuffer: 64 << 20 });
    const arch = `${os.platform()}-${os.arch()}`;
    for (const file of ['netns.node', 'netns-exec']) {
      expect(fs.statSync(path.join(stage, 'prebuilds', arch, file)).isFile()).toBe(true);
    }
    // check-prebuild.js loads the addon from a copy without build/, and runs netns-exec from it.
    expect(run.stdout).toContain(`prebuild ok: prebuilds/${arch}/netns.node loads and prebuilds/${arch}/netns-exec runs`);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}, 300_000);
