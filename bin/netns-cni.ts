#!/usr/bin/env node
// netns-cni: a CNI plugin (network type netns-bridge) on this library. The runtime runs it with
// CNI_* in the environment and the network configuration on stdin (see README, "CNI plugin").
import { main } from '../lib/cni/main';

// Exit at once: stdout is written synchronously (a pipe or a file), and nothing else is pending.
main().then((status) => process.exit(status), (err: unknown) => {
  process.stderr.write(`netns-cni: ${String(err)}\n`);
  process.exit(1);
});
