// The generated API reference is complete: typedoc (typedoc.json) finds no type that the public API
// uses but does not export, lists no member inherited from Error or EventEmitter, and every public
// class, interface, type, method and field has a doc comment. Not checked: the entries of the
// LinkSpecByKind/LinkInfoByKind tables (a kind name -> its type says it all) and the members of
// inline object types, which typedoc cannot carry a comment for.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const typedoc = path.join(root, 'node_modules', '.bin', 'typedoc');
const EXEMPT = [/^LinkSpecByKind\./, /^LinkInfoByKind\./, /\.__type\./, /^\w+Spec\.kind$/];

let out = '';
let api = '';

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-apidoc-'));
  try {
    const r = spawnSync(typedoc, ['--out', dir, '--validation.notDocumented', '--logLevel', 'Warn'], {
      cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    out = `${r.stdout}${r.stderr}`;
    api = fs.readFileSync(path.join(dir, 'api.md'), 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

const warnings = (): string[] => out.split('\n').filter((l) => l.includes('[warning]'));

test('no public type refers to one the reference leaves out', () => {
  expect(warnings().filter((l) => l.includes('not included in the documentation'))).toEqual([]);
});

test('every public declaration has a doc comment', () => {
  // The exempt table entries are reported too: proof that typedoc's warnings were read.
  expect(warnings().some((l) => l.includes('LinkSpecByKind.veth'))).toBe(true);
  const undocumented = warnings()
    .map((l) => /\[warning\] (\S+) \(/.exec(l)?.[1])
    .filter((name): name is string => name !== undefined && !EXEMPT.some((re) => re.test(name)));
  expect(undocumented).toEqual([]);
});

test('members inherited from Error and EventEmitter are not listed', () => {
  expect(api).toContain('### Monitor');
  expect(api).not.toMatch(/##### (captureStackTrace|prepareStackTrace|setMaxListeners|addListener|errorMonitor)\b/);
});
