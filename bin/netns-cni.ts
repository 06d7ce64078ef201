#!/usr/bin/env node
// netns-cni: a CNI plugin (network type netns-bridge) on this library. The runtime runs it with
// CNI_* in the environment and the network configuration on stdin (see README, "CNI plugin").
// `netns-cni serve [--socket PATH] [--idle-exit SECONDS]` runs the resident server that the
// native client (netns-cni-client) hands commands to.
import { main } from '../lib/cni/main';

const fatal = (err: unknown) => {
  process.stderr.write(`netns-cni: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
};

if (process.argv[2] === 'serve') {
  const args = process.argv.slice(3);
  const value = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i < 0 ? undefined : args[i + 1];
  };
  const unknown = args.filter((a, i) => a.startsWith('-') ? !['--socket', '--idle-exit'].includes(a) : !['--socket', '--idle-exit'].includes(args[i - 1]));
  const idle = Number(value('--idle-exit') ?? 0);
  // setTimeout takes at most 2^31-1 ms (about 24.8 days); more would fire at once.
  if (unknown.length || !Number.isFinite(idle) || idle < 0 || idle * 1000 > 0x7fffffff) {
    fatal(`usage: netns-cni serve [--socket PATH] [--idle-exit SECONDS] (got ${args.join(' ')})`);
  } else {
    void import('../lib/cni/server').then(({ serve, DEFAULT_SOCKET }) => serve({
      socket: value('--socket') ?? (process.env.NETNS_CNI_SOCKET || DEFAULT_SOCKET),
      idleExit: idle,
      log: (line) => process.stderr.write(`netns-cni serve: ${line}\n`),
    })).then(() => process.exit(0), fatal);
  }
} else {
  // Exit at once: stdout is written synchronously (a pipe or a file), and nothing else is pending.
  main().then((status) => process.exit(status), fatal);
}
