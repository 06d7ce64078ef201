// Smoke test of `npm run bench -- cni` (no timing asserted): one round of each configuration runs
// every plugin's ADD and DEL (netns-cni also through its client and server) and every floor process to success, with a wall time (and, where
// Debian's python3 is there, a CPU time) for each; every namespace made is removed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Namespace } from '../../lib';
import { CONFIGS, FLOORS, HAS_CPU, measure, PLUGINS, REFERENCE } from '../../scripts/bench/cni';
import { TEST_PREFIX, uniqueName } from '../helpers';

const tag = `cnib${process.pid}`;

test('one round of the cni benchmark measures every plugin and every floor, and leaves no namespace, no server and no cgroup', async () => {
  if (!fs.existsSync(REFERENCE.file)) throw new Error(`${REFERENCE.file} missing: apt-get install containernetworking-plugins`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nstest-cni-bench-'));
  const made: Namespace[] = [];
  try {
    for (const { options } of CONFIGS) {
      const samples = await measure(options, tmp, made, 1, (what) => uniqueName(`${tag}-${what}`));
      const keys = [...PLUGINS.flatMap((p) => [`${p.label} ADD`, `${p.label} DEL`]), ...FLOORS.map((f) => f.label)];
      expect([...samples.keys()].sort()).toEqual(keys.sort());
      for (const key of keys) {
        const s = samples.get(key)!;
        expect(s.wall).toHaveLength(1);
        expect(s.wall[0]).toBeGreaterThan(0);
        expect(s.cpu).toHaveLength(HAS_CPU ? 1 : 0);
        for (const ms of s.cpu) expect(ms).toBeGreaterThan(0);
        if (!FLOORS.some((f) => f.label === key)) expect(s.first).toBeGreaterThan(0);
      }
    }
  } finally {
    for (const ns of made) await ns.delete().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  expect(fs.readdirSync('/run/netns').filter((n) => n.startsWith(`${TEST_PREFIX}${tag}-`))).toEqual([]);
  if (fs.existsSync('/sys/fs/cgroup/cpuacct')) expect(fs.readdirSync('/sys/fs/cgroup/cpuacct').filter((n) => n.startsWith('nsbench-cni-'))).toEqual([]);
}, 120_000);
