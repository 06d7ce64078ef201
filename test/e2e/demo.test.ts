// npm run demo as a user runs it (dist/scripts/demo.js in its own process): it passes its own
// checks and removes its namespaces, after a full run and after Ctrl-C (SIGINT) at any point.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const demo = path.resolve(__dirname, '..', '..', 'dist', 'scripts', 'demo.js');
const ROLES = ['provider', 'tenant-a', 'router-a', 'tenant-b', 'router-b'];

/** The demo's namespaces that are still there (its names end in -PID). */
const leftOf = (pid: number): string[] => {
  const names = new Set(ROLES.map((r) => `${r}-${pid}`));
  return fs.existsSync('/run/netns') ? fs.readdirSync('/run/netns').filter((n) => names.has(n)) : [];
};

interface Run { code: number | null; signal: NodeJS.Signals | null; out: string; left: string[] }

/** Runs the demo; `interrupt` says after which output to send SIGINT. Removes leftovers (reported). */
function runDemo(interrupt?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [demo], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let sent = false;
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (interrupt && !sent && interrupt.test(out)) { sent = true; child.kill('SIGINT'); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(kill);
      const left = leftOf(child.pid!);
      for (const n of left) { try { execFileSync('ip', ['netns', 'delete', n]); } catch { /* reported */ } }
      resolve({ code, signal, out, left });
    });
  });
}

test('a full run passes its checks, prints the topology, and leaves nothing', async () => {
  const r = await runDemo();
  expect(r.left).toEqual([]);
  expect(r.out).toContain('all checks passed');
  expect(r.out).not.toContain('FAILED');
  expect(r.out).toMatch(/namespace tenant-a-\d+[\s\S]*link eth0[\s\S]*10\.0\.0\.10\/24/);
  expect(r.out).toMatch(/removed 5 namespaces/);
  expect(r.code).toBe(0);
}, 90_000);

test.each([
  ['while the namespaces are being made', /netns demo:/],
  ['once the topology is up', /created namespaces:/],
  ['during the checks', /verification/],
])('Ctrl-C %s: exit 130 and every namespace it made is removed', async (_when, point) => {
  const r = await runDemo(point);
  expect(r.left).toEqual([]);
  expect(r.out).toContain('SIGINT: cleaning up');
  expect(r.code).toBe(130);
}, 90_000);
