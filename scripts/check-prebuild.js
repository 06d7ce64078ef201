#!/usr/bin/env node
// After `npm run prebuild`: proves that the prebuilt binary loads and works on its own, the way
// an installed package without build/ loads it (node-gyp-build prefers build/ when present).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-prebuild-'));
(async () => {
  for (const entry of ['package.json', 'dist', 'prebuilds']) {
    fs.cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'));
  const resolved = require(path.join(root, 'node_modules', 'node-gyp-build')).resolve(stage);
  if (!resolved.startsWith(path.join(stage, 'prebuilds'))) throw new Error(`loaded ${resolved}, not a prebuild`);
  const { Namespace } = require(path.join(stage, 'dist', 'lib'));
  const { execHelperPath } = require(path.join(stage, 'dist', 'lib', 'process'));
  const helper = execHelperPath();
  if (!helper.startsWith(path.join(stage, 'prebuilds'))) throw new Error(`netns-exec came from ${helper}, not the prebuild`);
  const here = Namespace.current();
  const r = await here.exec('true');
  if (r.code !== 0) throw new Error(`netns-exec from the prebuild failed: ${r.stderr}`);
  console.log(`prebuild ok: ${path.relative(stage, resolved)} loads and ${path.relative(stage, helper)} runs; current namespace inode ${here.inode}`);
  here.close();
})().catch((err) => {
  console.error(`prebuild check failed: ${err.message}`);
  process.exitCode = 1;
}).finally(() => fs.rmSync(stage, { recursive: true, force: true }));
