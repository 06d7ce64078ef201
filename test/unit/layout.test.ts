// The shape of lib/ that its folders promise: kernel constants by uapi header, public types
// without runtime code, one LinkRef, one reader of a link message's ifi_index.
import fs from 'node:fs';
import path from 'node:path';
import { MalformedMessageError } from '../../lib/codecs/reader';
import { readIfIndex, writeIfInfo } from '../../lib/codecs/link-codec';
import { MessageWriter } from '../../lib/codecs/writer';
import { RTM } from '../../lib/uapi/rtnetlink';

const LIB = path.join(__dirname, '..', '..', 'lib');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

const read = (p: string): string => fs.readFileSync(p, 'utf8');
const rel = (p: string): string => path.relative(LIB, p);

test('LinkRef is declared once', () => {
  const declaring = sources(LIB).filter((p) => /\btype LinkRef\s*=/.test(read(p))).map(rel);
  expect(declaring).toEqual([path.join('types', 'link.ts')]);
});

test('only the link codec reads ifi_index out of a link message', () => {
  const readers = sources(LIB).filter((p) => /readInt32LE\(\s*off \+ 20\s*\)/.test(read(p))).map(rel);
  expect(readers).toEqual([]);
});

test('readIfIndex reads ifi_index and refuses a message too short for an ifinfomsg', () => {
  const w = new MessageWriter();
  const start = w.begin(RTM.NEWLINK, 0);
  writeIfInfo(w, { index: 4242 });
  w.end(start);
  const msg = w.toBuffer();
  expect(readIfIndex(msg, 0, msg.length)).toBe(4242);
  expect(() => readIfIndex(msg, 0, 20)).toThrow(MalformedMessageError);
});

test('each uapi/ file is named after the header its first line names', () => {
  const files = fs.readdirSync(path.join(LIB, 'uapi'));
  expect(files.length).toBeGreaterThan(5);
  for (const f of files) {
    const first = read(path.join(LIB, 'uapi', f)).split('\n')[0];
    expect(`${f}: ${first}`).toMatch(new RegExp(`^${f}: // linux/${f.replace(/\.ts$/, '')}\\.h: `));
  }
});

test('types/ holds types only (no runtime code)', () => {
  for (const p of sources(path.join(LIB, 'types'))) {
    const code = read(p).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    const runtime = code.split('\n').filter((l) => /^(export\s+)?(const|let|var|function|class|enum|default)\b/.test(l.trim())
      || (/^import\s/.test(l.trim()) && !/^import\s+type\s/.test(l.trim()))
      || (/^export\s*\{/.test(l.trim())));
    expect(`${rel(p)}: ${runtime.join(' | ')}`).toBe(`${rel(p)}: `);
  }
});
