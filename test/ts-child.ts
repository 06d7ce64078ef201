// Runs a JavaScript snippet in a child Node process that loads the library from its TypeScript
// sources (compiled on require, so the child tests the same code as jest, not a stale dist/). For
// what must not run inside jest: a low fd limit, another user, uncaught exceptions, --expose-gc.
import { execFile } from 'node:child_process';
import path from 'node:path';

export const LIB = path.resolve(__dirname, '..', 'lib');

/** Makes require() compile .ts files (transpiled, not type-checked); a child's script starts with it. */
export const HOOK = `
const ts = require(${JSON.stringify(require.resolve('typescript'))});
const fs = require('fs');
require.extensions['.ts'] = (m, file) => m._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'), {
  fileName: file, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
}).outputText, file);
`;

export interface ChildResult { code: number | null; signal: string | null; stdout: string; stderr: string }

/**
 * body runs inside an async function, with `lib` the library; the child exits when it is done
 * (or on its first uncaught exception). prefix: a command to run node under (prlimit, setpriv).
 */
export function runChild(body: string, options: { prefix?: string[]; nodeArgs?: string[] } = {}): Promise<ChildResult> {
  const script = `${HOOK}\nconst lib = require(${JSON.stringify(LIB)});\n(async () => {\n${body}\n})().catch((e) => { console.error(e); process.exitCode = 70; });`;
  const argv = [...(options.prefix ?? []), process.execPath, ...(options.nodeArgs ?? []), '-e', script];
  return new Promise((resolve) => {
    execFile(argv[0], argv.slice(1), { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string; signal?: string }) | null;
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, signal: e?.signal ?? null, stdout, stderr });
    });
  });
}
