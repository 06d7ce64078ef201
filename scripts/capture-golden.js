#!/usr/bin/env node
// @ts-check
'use strict';
/*
 * capture-golden.js — regenerate the golden rtnetlink request fixtures in
 * test/fixtures/golden/*.json from iproute2 (`ip`, `bridge`) under strace.
 *
 * Usage (as root, Linux, node >= 18, strace and iproute2 installed):
 *   node scripts/capture-golden.js [--out DIR] [--verbose]
 *
 * Plain CommonJS, no npm dependencies.
 *
 * Safety: every command that changes state runs inside network namespaces
 * this script creates itself (golden-<pid>-a/-b/-c) via `ip -n NS` /
 * `bridge -n NS`; the only commands without -n are `ip netns add/delete` of
 * those names and read-only queries (`ip -V`, `ip netns list`).  The
 * namespaces are deleted at the end, on error and on SIGINT/SIGTERM/SIGHUP.
 *
 * How the bytes are obtained: strace is run with
 *   -f -qq -e trace=sendmsg,sendto,openat -e write=all -xx -o LOG
 * `-e write=all` makes strace print a raw hex dump ("| 00000  38 00 ...")
 * of every buffer a traced syscall writes, which for sendmsg/sendto is the
 * exact netlink payload handed to the kernel (strace's structured netlink
 * decoding is ignored).  Each dump is checked against the syscall's return
 * value and against the nlmsg_len fields it contains.  openat is traced only
 * to learn which fd number a namespace file (/run/netns/NAME) got, because
 * IFLA_NET_NS_FD / NETNSA_FD carry that fd.
 */

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { commandGroups } = require('./golden-commands');

/** @typedef {import('./golden-commands').CaptureStep} CaptureStep */
/** @typedef {import('./golden-commands').Step} Step */

// --------------------------------------------------------------------------
// configuration

const ROOT = path.resolve(__dirname, '..');
const argvFlags = process.argv.slice(2);
/**
 * @param {string} name
 * @param {string} def
 */
function flagValue(name, def) {
  const i = argvFlags.indexOf(name);
  return i >= 0 && argvFlags[i + 1] ? argvFlags[i + 1] : def;
}
const OUT_DIR = path.resolve(flagValue('--out', path.join(ROOT, 'test', 'fixtures', 'golden')));
const VERBOSE = argvFlags.includes('--verbose') || argvFlags.includes('-v');

/**
 * The first candidate that exists (searched on PATH when it has no slash), or the bare name of the
 * last one: spawning that fails with ENOENT, and main() refuses to start without an absolute path.
 * @param {string[]} cands
 * @returns {string}
 */
function which(cands) {
  for (const c of cands) {
    if (c.includes('/')) {
      if (fs.existsSync(c)) return c;
      continue;
    }
    for (const dir of (process.env.PATH || '').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin', '/bin'])) {
      const p = path.join(dir, c);
      if (dir && fs.existsSync(p)) return p;
    }
  }
  return cands[cands.length - 1];
}

const IP = which(['/usr/sbin/ip', '/sbin/ip', 'ip']);
const BRIDGE = which(['/usr/sbin/bridge', '/sbin/bridge', 'bridge']);
const TC = which(['/usr/sbin/tc', '/sbin/tc', 'tc']);
/** @param {string | undefined} tool */
const binOf = (tool) => (tool === 'bridge' ? BRIDGE : tool === 'tc' ? TC : IP);
const STRACE = which(['/usr/bin/strace', 'strace']);

const PID = process.pid;
const NS = {
  A: `golden-${PID}-a`, // capture namespace
  B: `golden-${PID}-b`, // move / veth-peer / nsid target
  C: `golden-${PID}-c`, // second nsid target (`netns set C auto`)
};
// In fixtures the namespace names are written as these placeholders so the
// files do not depend on the pid of the run that produced them.
const PLACEHOLDER = { [NS.A]: '<A>', [NS.B]: '<B>', [NS.C]: '<C>' };

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'capture-golden-'));

// --------------------------------------------------------------------------
// netlink constants (linux/netlink.h, linux/rtnetlink.h)

/** @type {Record<number, string>} */
const MSG_TYPES = {
  1: 'NLMSG_NOOP', 2: 'NLMSG_ERROR', 3: 'NLMSG_DONE', 4: 'NLMSG_OVERRUN',
  16: 'RTM_NEWLINK', 17: 'RTM_DELLINK', 18: 'RTM_GETLINK', 19: 'RTM_SETLINK',
  20: 'RTM_NEWADDR', 21: 'RTM_DELADDR', 22: 'RTM_GETADDR',
  24: 'RTM_NEWROUTE', 25: 'RTM_DELROUTE', 26: 'RTM_GETROUTE',
  28: 'RTM_NEWNEIGH', 29: 'RTM_DELNEIGH', 30: 'RTM_GETNEIGH',
  32: 'RTM_NEWRULE', 33: 'RTM_DELRULE', 34: 'RTM_GETRULE',
  36: 'RTM_NEWQDISC', 37: 'RTM_DELQDISC', 38: 'RTM_GETQDISC',
  40: 'RTM_NEWTCLASS', 41: 'RTM_DELTCLASS', 42: 'RTM_GETTCLASS',
  64: 'RTM_NEWNEIGHTBL', 66: 'RTM_GETNEIGHTBL', 67: 'RTM_SETNEIGHTBL',
  80: 'RTM_NEWNETCONF', 81: 'RTM_DELNETCONF', 82: 'RTM_GETNETCONF',
  88: 'RTM_NEWNSID', 89: 'RTM_DELNSID', 90: 'RTM_GETNSID',
  92: 'RTM_NEWSTATS', 94: 'RTM_GETSTATS',
  104: 'RTM_NEWNEXTHOP', 105: 'RTM_DELNEXTHOP', 106: 'RTM_GETNEXTHOP',
  112: 'RTM_NEWVLAN', 113: 'RTM_DELVLAN', 114: 'RTM_GETVLAN',
};
const TYPE_BY_NAME = Object.fromEntries(Object.entries(MSG_TYPES).map(([k, v]) => [v, Number(k)]));

// --------------------------------------------------------------------------
// process helpers

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ timeout?: number, env?: NodeJS.ProcessEnv }} [opts]
 */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: opts.timeout || 15000, env: opts.env || process.env });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  return { status: r.status, signal: r.signal, stdout: r.stdout || '', stderr: r.stderr || '' };
}

/**
 * @param {string} cmd
 * @param {string[]} args
 */
function mustRun(cmd, args) {
  const r = run(cmd, args);
  if (r.status !== 0) {
    throw new Error(`command failed (${r.status}): ${cmd} ${args.join(' ')}\n${r.stderr}`);
  }
  return r;
}

/** @param {string} name */
function assertOwnNs(name) {
  if (!Object.values(NS).includes(name)) throw new Error(`refusing to touch namespace ${name}`);
}

// Every state-changing ip/bridge invocation goes through here: always -n NS.
/**
 * @param {string} ns
 * @param {string[]} args
 */
function nsArgs(ns, args) {
  assertOwnNs(ns);
  return ['-n', ns, ...args];
}
/**
 * @param {string} ns
 * @param {string[]} args
 */
function mustIpIn(ns, args) {
  return mustRun(IP, nsArgs(ns, args));
}

/**
 * Link name -> ifindex in the namespace, recorded with each capture.
 * @param {string} ns
 */
function linksOf(ns) {
  const r = mustRun(IP, nsArgs(ns, ['-j', 'link', 'show']));
  const list = /** @type {Array<{ ifname: string, ifindex: number }>} */ (JSON.parse(r.stdout || '[]'));
  /** @type {Record<string, number>} */
  const out = {};
  for (const l of list) out[l.ifname] = l.ifindex;
  return out;
}

// --------------------------------------------------------------------------
// namespace lifecycle

/** @type {string[]} */
const created = [];
let cleanedUp = false;

function listNetns() {
  const r = run(IP, ['netns', 'list']);
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0])
    .filter(Boolean);
}

function createNamespaces() {
  const existing = new Set(listNetns());
  for (const name of Object.values(NS)) {
    if (existing.has(name)) throw new Error(`namespace ${name} already exists; refusing to reuse it`);
  }
  for (const name of Object.values(NS)) {
    assertOwnNs(name);
    mustRun(IP, ['netns', 'add', name]);
    created.push(name);
  }
}

function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const name of created.slice().reverse()) {
    try {
      assertOwnNs(name);
      run(IP, ['netns', 'delete', name]);
    } catch (e) {
      process.stderr.write(`warning: could not delete namespace ${name}: ${/** @type {Error} */ (e).message}\n`);
    }
  }
  try {
    fs.rmSync(TMP, { recursive: true, force: true });
  } catch {
    /* ignore */
  }
}

for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(sig, () => {
    process.stderr.write(`\n${sig}: cleaning up namespaces\n`);
    cleanup();
    process.exit(128 + (os.constants.signals[sig] || 1));
  });
}
process.on('exit', cleanup);

// --------------------------------------------------------------------------
// strace output parsing

// Decode strace's "\x2f\x72..." (with -xx) / C escapes in a quoted string.
/** @param {string} s */
function unescapeStrace(s) {
  /** @type {Record<string, string>} */
  const simple = { n: '\n', t: '\t', r: '\r', v: '\v', f: '\f', '\\': '\\', '"': '"' };
  return s.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (_m, /** @type {string} */ e) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return simple[e] ?? e;
  });
}

/**
 * Parse an strace -o log.  Returns { sends: [{syscall, fd, ret, hex}], opens: [{path, fd}] },
 * each in syscall order.  Hex dump lines look like
 *   " | 00000  38 00 00 00 10 00 05 06  77 05 04 6b 00 00 00 00  8.......w..k.... |"
 * i.e. offset, then a fixed 49-column hex area (16 bytes, extra space after
 * the 8th), then the ASCII column.  sendmsg dumps are preceded by
 * " * N bytes in buffer K" per iovec.
 * @param {string} text
 */
function parseStraceLog(text) {
  /** @typedef {{ declared: number | null, hex: string }} DumpBuffer */
  /** @typedef {{ kind: 'send', syscall: string, fd: number | null, ret: number, buffers: DumpBuffer[], raw?: string }} SendEvent */
  /** @type {Array<SendEvent | { kind: 'open', path: string, fd: number }>} */
  const events = [];
  /** @type {SendEvent | null} */
  let cur = null; // current send event collecting dump lines
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^\[pid\s+\d+\]\s/, '').replace(/^\d+\s+(?=[a-z_]+\(| \||\s\*)/, '');
    if (!line) continue;
    let m;
    if ((m = /^ \| ([0-9a-f]+) {2}(.*)$/.exec(line))) {
      if (!cur) throw new Error(`hex dump line without a send syscall: ${raw}`);
      const off = parseInt(m[1], 16);
      const hexArea = m[2].slice(0, 49);
      const bytes = hexArea.match(/[0-9a-f]{2}/g) ?? [];
      const buf = cur.buffers[cur.buffers.length - 1];
      if (off !== buf.hex.length / 2) throw new Error(`hex dump offset mismatch (${off} vs ${buf.hex.length / 2}): ${raw}`);
      buf.hex += bytes.join('');
      continue;
    }
    if ((m = /^ \* (\d+) bytes in buffer (\d+)/.exec(line))) {
      if (!cur) throw new Error(`buffer header without a send syscall: ${raw}`);
      // first " * " header replaces the implicit buffer created for sendto
      if (cur.buffers.length === 1 && cur.buffers[0].hex === '' && cur.buffers[0].declared === null) {
        cur.buffers[0].declared = Number(m[1]);
      } else {
        cur.buffers.push({ declared: Number(m[1]), hex: '' });
      }
      continue;
    }
    if ((m = /^(sendmsg|sendto)\((\d+),.*\)\s+=\s+(-?\d+)/.exec(line))) {
      cur = { kind: 'send', syscall: m[1], fd: Number(m[2]), ret: Number(m[3]), buffers: [{ declared: null, hex: '' }] };
      events.push(cur);
      continue;
    }
    if ((m = /^(sendmsg|sendto)\(/.exec(line))) {
      // failed or unfinished send (e.g. "= -1 EPERM") — record it, no dump follows
      cur = { kind: 'send', syscall: m[1], fd: null, ret: -1, buffers: [{ declared: null, hex: '' }], raw: line };
      events.push(cur);
      continue;
    }
    if ((m = /^openat\([^,]+,\s*"((?:[^"\\]|\\.)*)"(?:\.\.\.)?,.*\)\s+=\s+(-?\d+)/.exec(line))) {
      cur = null;
      const p = unescapeStrace(m[1]);
      events.push({ kind: 'open', path: p, fd: Number(m[2]) });
      continue;
    }
    cur = null;
  }
  /** @type {Array<{ syscall: string, fd: number | null, ret: number, hex: string }>} */
  const sends = [];
  /** @type {Array<{ path: string, fd: number }>} */
  const opens = [];
  for (const ev of events) {
    if (ev.kind === 'open') {
      opens.push({ path: ev.path, fd: ev.fd });
      continue;
    }
    const hex = ev.buffers.map((b) => b.hex).join('');
    for (const b of ev.buffers) {
      if (b.declared !== null && b.declared !== b.hex.length / 2) {
        throw new Error(`strace dump of ${ev.syscall} buffer has ${b.hex.length / 2} bytes, strace says ${b.declared}`);
      }
    }
    if (ev.ret >= 0 && hex.length / 2 !== ev.ret) {
      throw new Error(`strace dump of ${ev.syscall} has ${hex.length / 2} bytes but the syscall returned ${ev.ret}`);
    }
    // a send that failed delivered nothing to the kernel: leave it out
    if (ev.ret >= 0) sends.push({ syscall: ev.syscall, fd: ev.fd, ret: ev.ret, hex });
  }
  return { sends, opens };
}

// Split a payload into netlink messages, verifying nlmsg_len framing.
/** @param {string} hex */
function splitNlmsgs(hex) {
  const buf = Buffer.from(hex, 'hex');
  const msgs = [];
  let off = 0;
  while (off < buf.length) {
    if (buf.length - off < 16) throw new Error(`trailing ${buf.length - off} bytes after netlink messages`);
    const len = buf.readUInt32LE(off);
    if (len < 16 || off + len > buf.length) throw new Error(`bad nlmsg_len ${len} at offset ${off} of ${buf.length}`);
    msgs.push({
      len,
      type: buf.readUInt16LE(off + 4),
      flags: buf.readUInt16LE(off + 6),
      seq: buf.readUInt32LE(off + 8),
      pid: buf.readUInt32LE(off + 12),
      hex: buf.subarray(off, off + len).toString('hex'),
    });
    off += (len + 3) & ~3;
  }
  return msgs;
}

// Walk rtattrs; returns [{type (without NLA_F_* bits), nested, data: Buffer}]
/** @param {Buffer} buf */
function attrs(buf) {
  /** @type {Array<{ type: number, nested: boolean, data: Buffer }>} */
  const out = [];
  let off = 0;
  while (off + 4 <= buf.length) {
    const len = buf.readUInt16LE(off);
    const type = buf.readUInt16LE(off + 2);
    if (len < 4 || off + len > buf.length) break;
    out.push({ type: type & 0x3fff, nested: !!(type & 0x8000), data: buf.subarray(off + 4, off + len) });
    off += (len + 3) & ~3;
  }
  return out;
}

// Namespace fds carried by a request (IFLA_NET_NS_FD at top level or in a
// veth peer's ifinfomsg, NETNSA_FD in RTM_NEWNSID).
/** @param {string} msgHex */
function requestNsFds(msgHex) {
  const buf = Buffer.from(msgHex, 'hex');
  const type = buf.readUInt16LE(4);
  /** @type {Array<{ where: string, fd: number }>} */
  const found = [];
  const IFLA_NET_NS_FD = 28;
  const IFLA_LINKINFO = 18;
  const IFLA_INFO_KIND = 1;
  const IFLA_INFO_DATA = 2;
  const VETH_INFO_PEER = 1;
  if (type === 16 || type === 17 || type === 19) {
    const top = attrs(buf.subarray(32));
    for (const a of top) if (a.type === IFLA_NET_NS_FD && a.data.length >= 4) found.push({ where: 'IFLA_NET_NS_FD', fd: a.data.readInt32LE(0) });
    const li = top.find((a) => a.type === IFLA_LINKINFO);
    if (li) {
      const inner = attrs(li.data);
      const kind = inner.find((a) => a.type === IFLA_INFO_KIND);
      const data = inner.find((a) => a.type === IFLA_INFO_DATA);
      if (kind && data && kind.data.toString('latin1').replace(/\0+$/, '') === 'veth') {
        const peer = attrs(data.data).find((a) => a.type === VETH_INFO_PEER);
        if (peer && peer.data.length >= 16) {
          for (const a of attrs(peer.data.subarray(16))) {
            if (a.type === IFLA_NET_NS_FD && a.data.length >= 4) found.push({ where: 'VETH_INFO_PEER/IFLA_NET_NS_FD', fd: a.data.readInt32LE(0) });
          }
        }
      }
    }
  } else if (type === 88 || type === 89 || type === 90) {
    const NETNSA_FD = 3;
    for (const a of attrs(buf.subarray(20))) if (a.type === NETNSA_FD && a.data.length >= 4) found.push({ where: 'NETNSA_FD', fd: a.data.readInt32LE(0) });
  }
  return found;
}

// --------------------------------------------------------------------------
// capture

const straceArgs = ['-f', '-qq', '-e', 'trace=sendmsg,sendto,openat', '-e', 'write=all', '-xx'];

/** @param {string} s */
function placeholderize(s) {
  let out = s;
  for (const [real, ph] of Object.entries(PLACEHOLDER)) out = out.split(real).join(ph);
  return out;
}

/**
 * One golden capture as written to the fixture (key order is the file's order).
 * @typedef {{ id: string, tool: string, argv: string[], links: Record<string, number>, exitCode: number | null,
 *   stderr: string, messages: string[], messageTypes: string[], request: string | null, requestType: string | null,
 *   requestFlags: string | null, requestIndex: number | null, netnsOpens?: Array<{ path: string, fd: number }>,
 *   nsFds?: Array<{ where: string, fd: number, path: string | null }>, note?: string }} Capture
 */

let seqNo = 0;
/** @param {CaptureStep} spec */
function capture(spec) {
  const tool = spec.tool || 'ip';
  const bin = binOf(tool);
  const ns = spec.ns || NS.A;
  const links = linksOf(ns);
  const log = path.join(TMP, `trace-${++seqNo}.log`);
  const r = run(STRACE, ['-o', log, ...straceArgs, bin, ...nsArgs(ns, spec.args)]);
  if (r.signal || r.status === null) throw new Error(`${spec.id}: strace/${tool} was killed by ${r.signal || 'a signal'}`);
  const text = fs.readFileSync(log, 'utf8');
  const { sends, opens } = parseStraceLog(text);

  const messages = sends.map((s) => s.hex);
  const allMsgs = [];
  for (const s of sends) if (s.hex) for (const m of splitNlmsgs(s.hex)) allMsgs.push(m);

  const wantType = TYPE_BY_NAME[spec.type];
  if (wantType === undefined) throw new Error(`unknown request type ${spec.type}`);
  const candidates = allMsgs.filter((m) => m.type === wantType);
  const req = candidates.length ? candidates[candidates.length - 1] : null;

  const netnsOpens = opens
    .filter((o) => o.fd >= 0 && (o.path.startsWith('/run/netns/') || o.path.startsWith('/var/run/netns/') || /^\/proc\/[^/]+\/ns\/net$/.test(o.path)))
    .map((o) => ({ path: placeholderize(o.path), fd: o.fd }));

  /** @type {Capture} */
  const result = {
    id: spec.id,
    tool,
    argv: spec.args.map(placeholderize),
    links,
    exitCode: r.status,
    stderr: placeholderize(r.stderr.trim()),
    messages,
    messageTypes: allMsgs.map((m) => MSG_TYPES[m.type] ?? `0x${m.type.toString(16)}`),
    request: req ? req.hex : null,
    requestType: req ? spec.type : null,
    requestFlags: req ? `0x${req.flags.toString(16).padStart(4, '0')}` : null,
    requestIndex: req ? allMsgs.indexOf(req) : null,
  };
  if (netnsOpens.length) result.netnsOpens = netnsOpens;
  if (req) {
    const fds = requestNsFds(req.hex);
    if (fds.length) {
      result.nsFds = fds.map((f) => {
        // the most recent open that returned this fd before the request
        const o = netnsOpens.filter((x) => x.fd === f.fd).pop();
        return { ...f, path: o ? o.path : null };
      });
    }
  }
  if (spec.note) result.note = spec.note;
  if (VERBOSE) {
    process.stdout.write(`  ${spec.id}: exit ${r.status}, ${messages.length} msg(s) [${result.messageTypes.join(',')}]${r.stderr.trim() ? ' — ' + r.stderr.trim().split('\n')[0] : ''}\n`);
  }
  return result;
}

// --------------------------------------------------------------------------
// what to capture (the command table lives in golden-commands.js)

const A = NS.A;
const GROUPS = commandGroups(NS);

// --------------------------------------------------------------------------
// output

// JSON.stringify with 2-space indent, but arrays of primitives and small flat
// objects on one line (argv, messageTypes, links) to keep the files readable.
/**
 * @param {unknown} v
 * @returns {string}
 */
function toJson(v, indent = '') {
  const inner = indent + '  ';
  const flat = (/** @type {unknown} */ x) => x === null || typeof x !== 'object';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every(flat) && v.every((x) => typeof x !== 'string' || x.length < 40)) return '[' + v.map((x) => JSON.stringify(x)).join(', ') + ']';
    return '[\n' + v.map((x) => inner + toJson(x, inner)).join(',\n') + '\n' + indent + ']';
  }
  if (v && typeof v === 'object') {
    const o = /** @type {Record<string, unknown>} */ (v);
    const keys = Object.keys(o).filter((k) => o[k] !== undefined);
    if (keys.length === 0) return '{}';
    if (keys.every((k) => { const x = o[k]; return flat(x) && (typeof x !== 'string' || x.length < 40); }) && keys.length <= 40) {
      return '{ ' + keys.map((k) => JSON.stringify(k) + ': ' + JSON.stringify(o[k])).join(', ') + ' }';
    }
    return '{\n' + keys.map((k) => inner + JSON.stringify(k) + ': ' + toJson(o[k], inner)).join(',\n') + '\n' + indent + '}';
  }
  return JSON.stringify(v);
}

// --------------------------------------------------------------------------
// main

function baseSetup() {
  // capture namespace: lo, veth v0/v1 (v0 up), bridge br0
  mustIpIn(A, ['link', 'set', 'lo', 'up']);
  mustIpIn(A, ['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
  mustIpIn(A, ['link', 'set', 'v0', 'up']);
  mustIpIn(A, ['link', 'add', 'br0', 'type', 'bridge']);
}

// Yield to the event loop so pending SIGINT/SIGTERM handlers can run
// (everything else here is synchronous).
function tick() {
  return new Promise((resolve) => setImmediate(resolve));
}

async function main() {
  if (process.platform !== 'linux') throw new Error('Linux only');
  if (typeof process.getuid === 'function' && process.getuid() !== 0) throw new Error('must run as root (network namespaces)');
  for (const [n, p] of [['ip', IP], ['bridge', BRIDGE], ['tc', TC], ['strace', STRACE]]) if (!p) throw new Error(`${n} not found`);

  const ipVersion = run(IP, ['-V']).stdout.trim();
  const bridgeVersion = run(BRIDGE, ['-V']).stdout.trim();
  const straceVersion = run(STRACE, ['-V']).stdout.split('\n')[0].trim();
  const kernel = os.release();

  const t0 = Date.now();
  createNamespaces();
  baseSetup();

  fs.mkdirSync(OUT_DIR, { recursive: true });
  /** @type {string[]} */
  const empty = [];
  for (const group of GROUPS) {
    /** @type {Capture[]} */
    const captures = [];
    for (const step of group.steps) {
      await tick();
      if ('setup' in step) {
        const r = run(binOf(step.tool), nsArgs(step.ns || A, step.setup));
        if (r.status !== 0 && !step.mayFail) {
          throw new Error(`setup step failed: ${step.setup.join(' ')}: ${r.stderr.trim()}`);
        }
        continue;
      }
      const c = capture(step);
      if (!c.request) empty.push(`${group.name}/${c.id}`);
      captures.push(c);
    }
    const doc = {
      generatedBy: 'scripts/capture-golden.js',
      iproute2: ipVersion,
      bridge: bridgeVersion,
      strace: straceVersion,
      kernel,
      namespaces: { '<A>': 'capture namespace (commands run as `ip -n <A> ...`)', '<B>': 'second namespace (move/peer/nsid target)', '<C>': 'third namespace (nsid auto target)' },
      captures,
    };
    fs.writeFileSync(path.join(OUT_DIR, group.file), toJson(doc) + '\n');
    const ok = captures.filter((c) => c.exitCode === 0).length;
    const withReq = captures.filter((c) => c.request).length;
    const msgs = captures.reduce((n, c) => n + c.messages.length, 0);
    process.stdout.write(
      `${group.name.padEnd(10)} ${String(captures.length).padStart(3)} captures, ${String(withReq).padStart(3)} with request, ` +
        `${String(ok).padStart(3)} exit 0, ${String(msgs).padStart(3)} messages -> ${path.relative(process.cwd(), path.join(OUT_DIR, group.file))}\n`,
    );
  }
  process.stdout.write(`done in ${((Date.now() - t0) / 1000).toFixed(1)}s\n`);
  return empty;
}

(async () => {
  let exitCode = 0;
  try {
    const empty = await main();
    if (empty.length) {
      process.stderr.write(`error: no request bytes captured for: ${empty.join(', ')}\n`);
      exitCode = 1;
    }
  } catch (e) {
    process.stderr.write(`error: ${e instanceof Error && e.stack ? e.stack : String(e)}\n`);
    exitCode = 1;
  } finally {
    cleanup();
    const left = listNetns().filter((n) => n.startsWith(`golden-${PID}-`));
    if (left.length) {
      process.stderr.write(`error: namespaces left behind: ${left.join(', ')}\n`);
      exitCode = 1;
    }
  }
  process.exit(exitCode);
})();
