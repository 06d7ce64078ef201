// Loads the bench-only C++ route codec (route_codec_alt.cc beside the sources), building it on first
// use. It is its own gyp project with its own build/ folder so that node-gyp-build and prebuildify,
// which take the first *.node in the package's build/Release, never see it and the package never ships it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface RouteCodecAlt {
  encodeRouteAlt(out: Buffer, offset: number, seq: number, flags: number, spec: { dst: string; via?: string; table?: number | string }): number;
  decodeRoutesAlt(chunk: Buffer, devices: Array<string | undefined>, protocols: string[], scopes: string[]): object[];
}

// The sources sit beside this file under ts-jest, and four levels up from dist/scripts/bench/native/.
const sourceDir = fs.existsSync(path.join(__dirname, 'binding.gyp'))
  ? __dirname
  : path.resolve(__dirname, '../../../../scripts/bench/native');
const addonPath = path.join(sourceDir, 'build', 'Release', 'route_codec_alt.node');

function isStale(): boolean {
  if (!fs.existsSync(addonPath)) return true;
  const built = fs.statSync(addonPath).mtimeMs;
  return ['route_codec_alt.cc', 'binding.gyp'].some((f) => fs.statSync(path.join(sourceDir, f)).mtimeMs > built);
}

function build(): void {
  const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
  const run = spawnSync(process.execPath, [nodeGyp, 'rebuild', `--directory=${sourceDir}`], { encoding: 'utf8' });
  if (run.status !== 0) {
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(
      `the bench-only C++ route codec did not build (node-gyp needs make, g++ and python3): ` +
        `node-gyp rebuild --directory=${sourceDir} ${run.error ? run.error.message : `exited ${run.status}`}\n${output}`,
    );
  }
}

let loaded: RouteCodecAlt | undefined;

/** The C++ codec, built first if its addon is missing or older than its sources. */
export function loadRouteCodecAlt(): RouteCodecAlt {
  if (loaded) return loaded;
  if (isStale()) build();
  const module = { exports: {} };
  process.dlopen(module, addonPath);
  loaded = module.exports as RouteCodecAlt;
  return loaded;
}
