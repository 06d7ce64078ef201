// After each test file: no fd opened by its tests is still open, every thread of the process is
// still in the namespace it started in, and no thread the addon started for a namespace is left.
import fs from 'node:fs';

function openFds(): Map<string, string> {
  const fds = new Map<string, string>();
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try { fds.set(fd, fs.readlinkSync(`/proc/self/fd/${fd}`)); } catch { /* closed meanwhile */ }
  }
  return fds;
}

/** Threads the addon started to enter a namespace (named netns-thread); each must end with its job. */
function namespaceThreads(): string[] {
  const found: string[] = [];
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      if (fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === 'netns-thread') found.push(tid);
    } catch { /* thread ended */ }
  }
  return found;
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
    // Any fd the file opened and did not close: namespace handles and sockets, and just as well
    // /dev/net/tun, /proc/sys files or pipes to children. (A run shows none from jest itself.)
    if (before.get(fd) !== target) leaked.push(`${fd} -> ${target}`);
  }
  const namespaces = threadNamespaces();
  const foreign = [...namespaces].filter((n) => n !== initialNs);
  if (leaked.length) throw new Error(`test file leaked fds: ${leaked.join(', ')}`);
  if (foreign.length) throw new Error(`a thread of the process is in a foreign namespace: ${foreign.join(', ')}`);
  const lingering = namespaceThreads();
  if (lingering.length) throw new Error(`namespace threads outlived their job: ${lingering.join(', ')}`);
});
