// After each test file: no namespace fd or socket made by the tests is still open, and every thread
// of the process is still in the namespace it started in.
import fs from 'node:fs';

function openFds(): Map<string, string> {
  const fds = new Map<string, string>();
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try { fds.set(fd, fs.readlinkSync(`/proc/self/fd/${fd}`)); } catch { /* closed meanwhile */ }
  }
  return fds;
}

export function threadNamespaces(): Set<string> {
  const seen = new Set<string>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try { seen.add(fs.readlinkSync(`/proc/self/task/${tid}/ns/net`)); } catch { /* thread ended */ }
  }
  return seen;
}

let before: Map<string, string>;
const initialNs = fs.readlinkSync('/proc/thread-self/ns/net');

beforeAll(() => {
  before = openFds();
});

afterAll(async () => {
  // Give finalizers and closing handles a moment.
  await new Promise((r) => setTimeout(r, 50));
  const leaked: string[] = [];
  for (const [fd, target] of openFds()) {
    if (before.get(fd) === target) continue;
    if (target.startsWith('net:[') || target.startsWith('socket:[')) leaked.push(`${fd} -> ${target}`);
  }
  const namespaces = threadNamespaces();
  const foreign = [...namespaces].filter((n) => n !== initialNs);
  if (leaked.length) throw new Error(`test file leaked fds: ${leaked.join(', ')}`);
  if (foreign.length) throw new Error(`a thread of the process is in a foreign namespace: ${foreign.join(', ')}`);
});
