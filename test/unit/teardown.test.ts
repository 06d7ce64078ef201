// The run's global teardown fails the run on leftovers of this run only, and removes them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { judgeLeftovers, leftoverNames } from '../global-teardown';

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-teardown-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('names of this run are leftovers; names of other runs and other tools are not', () => {
  for (const n of ['nstest-abc-1', 'nstest-abc-links-2', 'nstest-xyz-1', 'tenant-a']) fs.writeFileSync(path.join(dir, n), '');
  expect(leftoverNames(dir, 'nstest-abc-')).toEqual(['nstest-abc-1', 'nstest-abc-links-2']);
  expect(leftoverNames(path.join(dir, 'missing'), 'nstest-abc-')).toEqual([]);
});

test('a leftover fails the run, is removed, and other names stay', () => {
  for (const n of ['nstest-abc-1', 'nstest-xyz-1']) fs.writeFileSync(path.join(dir, n), '');
  const removed: string[] = [];
  const err = judgeLeftovers(dir, 'nstest-abc-', (n) => { removed.push(n); fs.rmSync(path.join(dir, n)); });
  expect(err?.message).toBe('tests left namespaces behind: nstest-abc-1');
  expect(removed).toEqual(['nstest-abc-1']);
  expect(fs.readdirSync(dir)).toEqual(['nstest-xyz-1']);
  expect(judgeLeftovers(dir, 'nstest-abc-', () => { throw new Error('not called'); })).toBeUndefined();
});

test('a failing removal still fails the run', () => {
  fs.writeFileSync(path.join(dir, 'nstest-abc-1'), '');
  const err = judgeLeftovers(dir, 'nstest-abc-', () => { throw new Error('EBUSY'); });
  expect(err?.message).toContain('nstest-abc-1');
});
