// After each test file: no fd opened by its tests is still open, every thread of the process is
// still in the namespace it started in, and no thread it started is still running.
import fs from 'node:fs';

function openFds(): Map<string, string> {
  const fds = new Map<string, string>();
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try { fds.set(fd, fs.readlinkSync(`/proc/self/fd/${fd}`)); } catch { /* closed meanwhile */ }
  }
  return fds;
}

/** The addon's namespace thread (comm "netns-ns") and file thread ("netns-file") are started on first use and live until exit, like libuv's pool. */
function isNamespaceThread(tid: string): boolean {
  try { return ['netns-ns', 'netns-file'].includes(fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim()); } catch { return false; }
}
const threadCount = (): number => fs.readdirSync('/proc/self/task').filter((tid) => !isNamespaceThread(tid)).length;

export function threadNamespaces(): Set<string> {
  const seen = new Set<string>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try { seen.add(fs.readlinkSync(`/proc/self/task/${tid}/ns/net`)); } catch { /* thread ended */ }
  }
  return seen;
}

let before: Map<string, string>;
let threadsBefore: number;
const initialNs = fs.readlinkSync('/proc/thread-self/ns/net');

beforeAll(async () => {
  // libuv starts its whole thread pool on first use: start it now, so that it counts as there before.
  await fs.promises.stat('/');
  before = openFds();
  threadsBefore = threadCount();
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
  const threads = threadCount();
  if (threads > threadsBefore) throw new Error(`the test file left ${threads - threadsBefore} thread(s) running (${threadsBefore} before, ${threads} after)`);
});
