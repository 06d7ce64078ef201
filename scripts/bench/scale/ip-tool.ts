// iproute2's side of `npm run bench -- scale`, the way a shell script at this scale does it: one
// `ip -batch` for all creates, one for all veth pairs (made directly inside each namespace with
// `netns NAME`), one for all deletes; what ip -batch cannot do (it has no per-line namespace) is
// one `ip -n NAME ...` per namespace, os.cpus().length of them at a time: the addresses and the
// listing (`-j link show`, parsed). Each figure includes the spawns of ip.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { now, openFilesLimit } from '../util';
import type { PhaseTimes, ToolReport } from './types';

/** GNU time reports a process's max RSS (%M, KiB); without it, ip's peak RSS is not reported. */
const GNU_TIME = '/usr/bin/time';

interface IpRun { stdout: string; peakKiB?: number }

/** `ip ARGS`, under GNU time (for its peak RSS) when measure is set and time is installed. */
function ip(args: string[], tmp: string, measure = false): Promise<IpRun> {
  const rssFile = path.join(tmp, `rss-${Math.random().toString(36).slice(2)}`);
  const timed = measure && fs.existsSync(GNU_TIME);
  const argv = timed ? [GNU_TIME, '-f', '%M', '-o', rssFile, 'ip', ...args] : ['ip', ...args];
  return new Promise((resolve, reject) => {
    execFile(argv[0], argv.slice(1), { maxBuffer: 1 << 28 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`ip ${args.join(' ').slice(0, 200)}: ${stderr.trim().slice(0, 500) || err.message}`));
      let peakKiB: number | undefined;
      if (timed) {
        peakKiB = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop());
        fs.rmSync(rssFile, { force: true });
      }
      resolve({ stdout, peakKiB });
    });
  });
}

/**
 * iproute2 (6.1) keeps the fd of every `netns NAME` of a batch line open until it exits: a veth
 * line holds two, so one ip -batch takes at most this many such lines before EMFILE.
 */
const vethLinesPerBatch = (): number => Math.max(1, Math.floor((openFilesLimit() - 64) / 2));

/** One `ip -batch FILE` with these lines (measured under GNU time where installed). */
function batch(lines: string[], tmp: string): Promise<IpRun> {
  const file = path.join(tmp, 'lines.batch');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return ip(['-batch', file], tmp, true).finally(() => fs.rmSync(file, { force: true }));
}

/** job(0) .. job(count - 1), `width` at a time. */
async function pool(count: number, width: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = now();
  const value = await fn();
  return [value, now() - t0];
}

/** The four phases with ip on `prefix-0` .. `prefix-(count-1)`. */
export async function runIp(prefix: string, count: number): Promise<ToolReport> {
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const width = os.cpus().length;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-scale-ip-'));
  try {
    const [created, create] = await timed(() => batch(names.map((n) => `netns add ${n}`), tmp));
    const veths = names.map((n) => `link add vethA netns ${n} type veth peer name vethB netns ${n}`);
    const chunk = vethLinesPerBatch();
    const [linked, links] = await timed(async () => {
      const runs: IpRun[] = [];
      for (let i = 0; i < veths.length; i += chunk) runs.push(await batch(veths.slice(i, i + chunk), tmp));
      return runs;
    });
    const [, addresses] = await timed(() => pool(count, width, async (i) => {
      await ip(['-n', names[i], 'addr', 'add', '10.0.0.1/24', 'dev', 'vethA'], tmp);
    }));
    const linksPerNamespace: Record<string, number> = {};
    const [, list] = await timed(() => pool(count, width, async (i) => {
      const n = (JSON.parse((await ip(['-n', names[i], '-j', 'link', 'show'], tmp)).stdout) as unknown[]).length;
      linksPerNamespace[n] = (linksPerNamespace[n] ?? 0) + 1;
    }));
    // The spawned ips are alike: one more, untimed, under GNU time stands for their peak RSS.
    const spawned = await ip(['-n', names[0], '-j', 'link', 'show'], tmp, true);
    const [deleted, del] = await timed(() => batch(names.map((n) => `netns del ${n}`), tmp));
    const known = [created, ...linked, spawned, deleted].map((r) => r.peakKiB).filter((p): p is number => p !== undefined);
    const ms: PhaseTimes = { create, populate: links + addresses, list, delete: del };
    return {
      tool: 'ip -batch',
      ms,
      parts: { [`populate: links (${linked.length} ip -batch)`]: links, [`populate: addresses (${count} ip -n spawns, ${width} at a time)`]: addresses },
      peakRssKiB: known.length ? Math.max(...known) : undefined,
      linksPerNamespace,
      notes: [
        ...(linked.length > 1 ? [`the veth lines went in ${linked.length} ip -batch processes of at most ${chunk} lines: ip keeps both \`netns NAME\` fds of each line open until it exits, and one batch of all would run out of fds (limit ${openFilesLimit()})`] : []),
        known.length ? 'peak RSS: the largest of the ip -batch processes and one ip -n … -j link show, by GNU time'
          : `peak RSS not measured: no GNU time at ${GNU_TIME}`,
      ],
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
