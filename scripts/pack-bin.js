#!/usr/bin/env node
// Packs a compiled bin (dist/bin/NAME.js) and every dist module it requires by relative path into
// that one file, run after tsc. A CNI runtime starts the plugin once per command, and Node's module
// loader spends more on resolving, stat-ing and reading some 130 small files than on running them:
// one file halves the library's load time. Each module keeps its own module object, exports,
// __filename and __dirname (those of its file in dist/, which the addon loader reads); other
// requires (node:*, packages, the addon by absolute path) stay Node's. Unpacked, the bin works too.
// Usage: node scripts/pack-bin.js dist/bin/netns-cni.js
'use strict';
const fs = require('fs');
const path = require('path');

const RELATIVE_REQUIRE = /\brequire\((["'])(\.{1,2}\/[^"']+)\1\)/g;

/** @param {string} from @param {string} rel */
function resolveJs(from, rel) {
  const base = path.resolve(path.dirname(from), rel);
  for (const candidate of [base, `${base}.js`, path.join(base, 'index.js')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${from}: cannot resolve require('${rel}')`);
}

/** @param {string} entry @returns {number} how many modules, 0 when the file was packed already */
function pack(entry) {
  if (fs.readFileSync(entry, 'utf8').includes('__packedModules')) return 0;
  const outDir = path.dirname(entry);
  /** @type {Map<string, { id: number, code: string }>} */
  const modules = new Map();
  /** @param {string} file @returns {number} */
  const add = (file) => {
    const known = modules.get(file);
    if (known) return known.id;
    const mod = { id: modules.size, code: '' };
    modules.set(file, mod);
    const source = fs.readFileSync(file, 'utf8');
    mod.code = source.replace(/^#!.*\n/, '').replace(/\/\/# sourceMappingURL=.*$/m, '').replace(RELATIVE_REQUIRE, (call, _q, rel) => {
      const target = resolveJs(file, rel);
      return target.endsWith('.js') ? `__packedRequire(${add(target)})` : call;
    });
    return mod.id;
  };
  const shebang = /^#!.*\n/.exec(fs.readFileSync(entry, 'utf8'))?.[0] ?? '';
  add(path.resolve(entry));
  const parts = [
    shebang,
    '"use strict";\n// Packed by scripts/pack-bin.js: the modules below are dist/ files, each run as Node would run it.\n',
    'const __packedModules = [];\nconst __packedCache = [];\n',
    'function __packedRequire(id) {\n',
    '  const cached = __packedCache[id];\n  if (cached) return cached.exports;\n',
    '  const [rel, fn] = __packedModules[id];\n  const file = require("path").join(__dirname, rel);\n',
    '  const mod = __packedCache[id] = { exports: {}, filename: file, loaded: false };\n',
    '  fn.call(mod.exports, mod.exports, require, mod, file, require("path").dirname(file));\n',
    '  mod.loaded = true;\n  return mod.exports;\n}\n',
  ];
  for (const [file, mod] of modules) {
    parts.push(`__packedModules[${mod.id}] = [${JSON.stringify(path.relative(outDir, file))}, function (exports, require, module, __filename, __dirname) {\n${mod.code}\n}];\n`);
  }
  parts.push('__packedRequire(0);\n');
  fs.writeFileSync(entry, parts.join(''));
  return modules.size;
}

for (const entry of process.argv.slice(2)) {
  const n = pack(entry);
  console.log(n ? `pack-bin: ${entry}: ${n} modules in one file` : `pack-bin: ${entry}: packed already`);
}
