// The design and API documents stay in step with the tree: comments point at docs/ (not at
// documents the repository does not have), docs/design.md names every folder of lib/ and only
// paths that exist, and docs/api.md documents every public export.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.join(__dirname, '..', '..');
const design = fs.readFileSync(path.join(root, 'docs', 'design.md'), 'utf8');

// Built from parts, so that this file does not match itself.
const MISSING_DOCS = ['DESIGN', 'API'].map((name) => `${name}.md`);
const SCANNED = ['lib', 'native', 'scripts', 'bin', 'test'];
// Generated or installed trees (a bench-only addon builds inside scripts/).
const SKIPPED = new Set(['node_modules', 'build', 'dist', 'prebuilds']);

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) { if (!SKIPPED.has(entry.name)) out.push(...filesUnder(full)); }
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

function foldersUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    out.push(path.join(dir, entry.name), ...foldersUnder(path.join(dir, entry.name)));
  }
  return out;
}

/** Files of the scanned folders that mention a document the repository does not have. */
function pointersToMissingDocs(): string[] {
  const found: string[] = [];
  for (const file of SCANNED.flatMap((d) => filesUnder(path.join(root, d)))) {
    const text = fs.readFileSync(file);
    for (const doc of MISSING_DOCS) {
      if (text.includes(doc)) found.push(`${path.relative(root, file)} mentions ${doc}`);
    }
  }
  return found;
}

/** Whether a repository path named in the docs exists; `*` stands for any part of a file name. */
function pathExists(rel: string): boolean {
  if (!rel.includes('*')) return fs.existsSync(path.join(root, rel));
  const dir = path.join(root, path.dirname(rel));
  const pattern = new RegExp(`^${path.basename(rel).split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return fs.existsSync(dir) && fs.readdirSync(dir).some((name) => pattern.test(name));
}

/** Every name a module exports, values and types, following `export *` into the modules it names. */
function exportsOf(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (clause && ts.isNamedExports(clause)) names.push(...clause.elements.map((e) => e.name.text));
      else if (clause) names.push(clause.name.text);  // export * as name
      else if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        const target = path.resolve(path.dirname(file), statement.moduleSpecifier.text);
        names.push(...exportsOf(fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts')));
      }
    } else if (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
      } else if ((ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement) || ts.isInterfaceDeclaration(statement)
        || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
        names.push(statement.name.text);
      }
    }
  }
  return names;
}

describe('docs', () => {
  test('no file under lib/, native/, scripts/, bin/ or test/ points at a document the repository lacks', () => {
    expect(pointersToMissingDocs()).toEqual([]);
  });

  test('docs/design.md names every folder of lib/ (a new layer is documented where it is added)', () => {
    const folders = foldersUnder(path.join(root, 'lib')).map((f) => `${path.relative(root, f)}/`);
    expect(folders.length).toBeGreaterThan(0);
    expect(folders.filter((f) => !design.includes(`\`${f}\``))).toEqual([]);
  });

  test('every repository path docs/design.md names exists', () => {
    const named = [...design.matchAll(/`((?:lib|native|scripts|test|bin|docs)\/[\w.*/-]*)`/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(10);
    expect([...new Set(named)].filter((p) => !pathExists(p))).toEqual([]);
  });

  test('every source file docs/design.md names by its bare name (connection.ts, ns_handle.*) exists', () => {
    const names = new Set(SCANNED.flatMap((d) => filesUnder(path.join(root, d))).map((f) => path.basename(f)));
    const named = [...design.matchAll(/`([\w-]+\.(?:ts|cc|js|\*))`/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(5);
    const exists = (n: string): boolean => (n.endsWith('.*') ? [...names].some((f) => f.startsWith(n.slice(0, -1))) : names.has(n));
    expect([...new Set(named)].filter((n) => !exists(n))).toEqual([]);
  });

  test('docs/api.md documents every export of lib/index.ts (regenerate it with npm run docs:api)', () => {
    const api = fs.readFileSync(path.join(root, 'docs', 'api.md'), 'utf8');
    // Headings as typedoc-plugin-markdown writes them: `NETNS\_RUN\_DIR`, `knownKinds()`.
    const headings = new Set([...api.matchAll(/^#{2,4} (\S+)$/gm)].map((m) => m[1].replace(/\\/g, '').replace(/\(\)$/, '')));
    const names = exportsOf(path.join(root, 'lib', 'index.ts'));
    expect(names).toContain('Namespace');
    const undocumented = names.filter((n) => !headings.has(n));
    if (undocumented.length) throw new Error(`docs/api.md lacks ${undocumented.join(', ')}: regenerate it with npm run docs:api`);
  });
});
