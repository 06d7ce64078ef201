// The shipped addon exports exactly what the library declares of it (the NativeBinding interface)
// and the library calls each of those: nothing bench-only or dead rides along in the package.
import fs from 'node:fs';
import path from 'node:path';
import nodeGypBuild from 'node-gyp-build';
import ts from 'typescript';

const root = path.join(__dirname, '..', '..');
// Loaded as the library loads it, at import (its per-environment namespace fd is the library's own).
const addon = nodeGypBuild(root) as Record<string, unknown>;

function libFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return libFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

// Type-checked rather than grepped: `ns.sysctl(...)` (the public API) is not `native.sysctl(...)`.
const program = ts.createProgram(libFiles(path.join(root, 'lib')), {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
  types: ['node'],
});
const checker = program.getTypeChecker();
const ownFiles = program.getSourceFiles().filter((f) => f.fileName.startsWith(path.join(root, 'lib') + path.sep));

function bindingInterface(): ts.InterfaceDeclaration {
  for (const file of ownFiles) {
    for (const s of file.statements) if (ts.isInterfaceDeclaration(s) && s.name.text === 'NativeBinding') return s;
  }
  throw new Error('no interface NativeBinding in lib/');
}

function isBinding(node: ts.Node): boolean {
  return checker.getTypeAtLocation(node).getSymbol()?.getName() === 'NativeBinding';
}

/** Names read off a NativeBinding value anywhere in lib/: `native.x` and `const { x } = native`. */
function usedNames(): Set<string> {
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && isBinding(node.expression)) used.add(node.name.text);
    if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer && isBinding(node.initializer)) {
      for (const el of node.name.elements) used.add(((el.propertyName ?? el.name) as ts.Identifier).text);
    }
    ts.forEachChild(node, visit);
  };
  for (const file of ownFiles) visit(file);
  return used;
}

const declared = bindingInterface()
  .members.map((m) => (m.name as ts.Identifier).text)
  .sort();

test('the addon exports exactly the names lib/ declares of it', () => {
  expect(Object.keys(addon).sort()).toEqual(declared);
});

test('lib/ calls every name it declares of the addon', () => {
  const used = usedNames();
  expect(declared.filter((name) => !used.has(name))).toEqual([]);
});
