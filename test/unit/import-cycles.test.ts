// lib/ has no runtime import cycle: a cycle makes load order matter (a module sees another's
// exports as undefined while both load) and ties layers together. Walks the require graph that
// the compiled code would have: every import/export-from that is not type-only, relative paths.
import fs from 'node:fs';
import path from 'node:path';

const LIB = path.join(__dirname, '..', '..', 'lib');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The relative modules a file loads at run time. */
export function runtimeImports(code: string): string[] {
  const out: string[] = [];
  // import x from '…', import { a } from '…', import '…', export { a } from '…', export * from '…'
  const re = /^\s*(import|export)\s+(type\s+)?([^;'"]*?\bfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const m of code.matchAll(re)) {
    if (m[2]) continue; // import type / export type: erased
    const clause = m[3] ?? '';
    // import { type A, type B } from '…' is erased too (no default, no value name).
    const braces = /^\{([^}]*)\}\s*from\s+$/.exec(clause.trim() + ' ');
    if (braces) {
      const names = braces[1].split(',').map((s) => s.trim()).filter(Boolean);
      if (names.length > 0 && names.every((n) => n.startsWith('type '))) continue;
    }
    if (m[1] === 'export' && !clause) continue; // export 'x' is no syntax; guard only
    if (m[4].startsWith('.')) out.push(m[4]);
  }
  return out;
}

function resolve(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  for (const p of [`${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(p)) return p;
  throw new Error(`${path.relative(LIB, from)}: cannot resolve ${spec}`);
}

function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === 'done') return undefined;
    if (state.get(n) === 'open') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of [...graph.keys()].sort()) {
    const c = visit(n);
    if (c) return c;
  }
  return undefined;
}

describe('import graph of lib/', () => {
  it('reads value imports and skips type-only ones', () => {
    expect(runtimeImports([
      "import type { A } from './a';",
      "import { type B, type C } from './b';",
      "import { d, type E } from './d';",
      "import './side';",
      "export { f } from './f';",
      "export type { G } from './g';",
      "export * from './h';",
      "import fs from 'node:fs';",
    ].join('\n'))).toEqual(['./d', './side', './f', './h']);
  });

  it('has no cycle', () => {
    const graph = new Map<string, string[]>();
    for (const file of sources(LIB)) {
      graph.set(file, runtimeImports(fs.readFileSync(file, 'utf8')).map((s) => resolve(file, s)));
    }
    expect(graph.size).toBeGreaterThan(20);
    const cycle = findCycle(graph);
    expect(cycle?.map((f) => path.relative(LIB, f)).join(' -> ')).toBeUndefined();
  });
});
