#!/usr/bin/env node
// @ts-check
'use strict';
/*
 * capture-golden-tc-filters.js — the golden `tc filter` requests (test/fixtures/golden/tc-filters.json):
 * what tc (iproute2 6.1) sends for u32, matchall and bpf filters with mirred, police and gact
 * actions. The same fixture format as scripts/capture-golden.js, for tc instead of ip/bridge.
 *
 * Usage (root, strace, iproute2, llc for the bpf object): node scripts/capture-golden-tc-filters.js
 *
 * Safety: everything runs as `tc -n golden-<pid>-tcf ...` / `ip -n ...` in a namespace this script
 * creates and deletes at the end (also on error and on SIGINT/SIGTERM). The kernel may lack
 * matchall, police or gact: tc sends the request all the same, and that request is what is kept.
 */

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'test', 'fixtures', 'golden', 'tc-filters.json');
const NS = `golden-${process.pid}-tcf`;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'capture-tc-'));
const BPF_OBJ = path.join(TMP, 'cls.o');

/** @type {Record<number, string>} */
const TYPES = { 44: 'RTM_NEWTFILTER', 45: 'RTM_DELTFILTER', 46: 'RTM_GETTFILTER' };

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {string} [input]
 */
function run(cmd, args, input) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15000, input });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout || '', stderr: (r.stderr || '').trim() };
}
/** @param {string[]} args */
function must(...args) {
  const r = run(args[0], args.slice(1));
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r;
}

let made = false;
function cleanup() {
  if (made) run('ip', ['netns', 'delete', NS]);
  made = false;
  fs.rmSync(TMP, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(sig, () => process.exit(130));

/**
 * The bytes of every sendmsg/sendto, from strace's `-e write=all` hex dumps (lines " | 00000  2c 00 ...").
 * @param {string} log
 * @returns {Buffer[]}
 */
function sentPayloads(log) {
  /** @type {Buffer[]} */
  const out = [];
  /** @type {string[] | null} */
  let hex = null;
  const flush = () => { if (hex && hex.length) out.push(Buffer.from(hex.join(''), 'hex')); hex = null; };
  for (const line of log.split('\n')) {
    const body = line.replace(/^\d+\s+/, '');
    if (/^(sendmsg|sendto)\(/.test(body)) { flush(); hex = /\)\s+=\s+\d+/.test(body) ? [] : null; continue; }
    const m = /^ \| [0-9a-f]{5} {2}(.{49})/.exec(body);
    if (m && hex) { hex.push(...(m[1].match(/[0-9a-f]{2}/g) || [])); continue; }
    if (!/^ \* \d+ bytes in buffer/.test(body)) flush();
  }
  flush();
  return out;
}

/** @param {string} ns */
function links(ns) {
  /** @type {Record<string, number>} */
  const out = {};
  for (const l of JSON.parse(must('ip', '-n', ns, '-j', 'link', 'show').stdout)) out[l.ifname] = l.ifindex;
  return out;
}

/**
 * One capture: the last netlink message of the request's type among everything tc sent.
 * @param {string} id
 * @param {string[]} argv arguments after `tc -n NS`
 * @param {number} type
 */
function capture(id, argv, type) {
  const log = path.join(TMP, `${id}.log`);
  const before = links(NS);
  const r = run('strace', ['-f', '-qq', '-e', 'trace=sendmsg,sendto', '-e', 'write=all', '-xx', '-o', log, 'tc', '-n', NS, ...argv]);
  let request = null;
  for (const p of sentPayloads(fs.readFileSync(log, 'utf8'))) {
    for (let off = 0; off + 16 <= p.length;) {
      const len = p.readUInt32LE(off);
      if (len < 16 || off + len > p.length) throw new Error(`${id}: bad nlmsg_len ${len}`);
      if (p.readUInt16LE(off + 4) === type) request = p.subarray(off, off + len);
      off += (len + 3) & ~3;
    }
  }
  if (!request) throw new Error(`${id}: tc sent no ${TYPES[type]} (${r.stderr})`);
  return {
    id, tool: 'tc', argv: argv.map((a) => a.split(TMP).join('<TMP>')), links: before, exitCode: r.status,
    stderr: r.stderr, request: request.toString('hex'), requestType: TYPES[type],
    requestFlags: `0x${request.readUInt16LE(6).toString(16).padStart(4, '0')}`,
  };
}

function main() {
  if (run('ip', ['netns', 'list']).stdout.split('\n').some((l) => l.split(' ')[0] === NS)) throw new Error(`${NS} exists`);
  // A classifier that returns TC_ACT_UNSPEC, as an ELF object tc can load.
  fs.writeFileSync(path.join(TMP, 'cls.ll'), 'define i32 @cls(i8* %skb) section "classifier" {\n  ret i32 -1\n}\n' +
    '@_license = global [4 x i8] c"GPL\\00", section "license"\n');
  must('llc', '-march=bpf', '-filetype=obj', path.join(TMP, 'cls.ll'), '-o', BPF_OBJ);
  must('ip', 'netns', 'add', NS);
  made = true;
  const ip = (/** @type {string[]} */ ...a) => must('ip', '-n', NS, ...a);
  const tc = (/** @type {string[]} */ ...a) => must('tc', '-n', NS, ...a);
  ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
  ip('link', 'add', 'ifb0', 'type', 'ifb');
  tc('qdisc', 'add', 'dev', 'v0', 'ingress');
  tc('qdisc', 'add', 'dev', 'v1', 'root', 'handle', '1:', 'htb');
  tc('qdisc', 'add', 'dev', 'v1', 'clsact');
  const NEW = 44, DEL = 45;
  const redirect = ['action', 'mirred', 'egress', 'redirect', 'dev', 'ifb0'];
  const steps = /** @type {Array<[string, string[], number]>} */ ([
    ['matchall-redirect', ['filter', 'add', 'dev', 'v0', 'parent', 'ffff:', 'protocol', 'all', 'matchall', ...redirect], NEW],
    ['matchall-ingress-mirror-prio-classid', ['filter', 'add', 'dev', 'v0', 'parent', 'ffff:', 'protocol', 'ip', 'prio', '2', 'matchall', 'classid', '1:1',
      'action', 'mirred', 'ingress', 'mirror', 'dev', 'ifb0'], NEW],
    ['u32-all-redirect', ['filter', 'add', 'dev', 'v0', 'parent', 'ffff:', 'protocol', 'all', 'prio', '1', 'u32', 'match', 'u32', '0', '0',
      'flowid', '1:1', ...redirect], NEW],
    ['u32-ip-src', ['filter', 'add', 'dev', 'v1', 'parent', '1:', 'protocol', 'ip', 'prio', '1', 'u32', 'match', 'ip', 'src', '10.0.0.0/24', 'flowid', '1:10'], NEW],
    ['u32-ip-dst-dport', ['filter', 'add', 'dev', 'v1', 'parent', '1:', 'protocol', 'ip', 'prio', '2', 'u32', 'match', 'ip', 'dst', '10.0.0.2/32',
      'match', 'ip', 'dport', '80', '0xffff', 'classid', '1:20'], NEW],
    ['u32-ip-sport-u32-at', ['filter', 'add', 'dev', 'v1', 'parent', '1:', 'protocol', 'ip', 'prio', '3', 'u32', 'match', 'ip', 'sport', '5000', '0xffff',
      'match', 'u32', '0x00060000', '0x00ff0000', 'at', '8', 'flowid', '1:30'], NEW],
    ['u32-police-drop', ['filter', 'add', 'dev', 'v0', 'parent', 'ffff:', 'protocol', 'ip', 'prio', '3', 'u32', 'match', 'ip', 'src', '10.0.0.0/24',
      'action', 'police', 'rate', '1mbit', 'burst', '10k', 'drop'], NEW],
    ['u32-police-conform-exceed', ['filter', 'add', 'dev', 'v0', 'parent', 'ffff:', 'protocol', 'ip', 'prio', '4', 'u32', 'match', 'u32', '0', '0',
      'action', 'police', 'rate', '10mbit', 'burst', '64kb', 'mtu', '64kb', 'conform-exceed', 'drop/pipe', ...redirect], NEW],
    ['u32-gact-drop', ['filter', 'add', 'dev', 'v0', 'parent', 'ffff:', 'protocol', 'ip', 'prio', '5', 'u32', 'match', 'ip', 'dport', '22', '0xffff',
      'action', 'drop'], NEW],
    ['u32-gact-pass', ['filter', 'add', 'dev', 'v0', 'parent', 'ffff:', 'protocol', 'ip', 'prio', '6', 'u32', 'match', 'ip', 'dport', '23', '0xffff',
      'action', 'pass'], NEW],
    ['bpf-obj-da', ['filter', 'add', 'dev', 'v1', 'ingress', 'bpf', 'obj', BPF_OBJ, 'sec', 'classifier', 'da'], NEW],
    ['bpf-obj-classid', ['filter', 'add', 'dev', 'v1', 'egress', 'prio', '7', 'bpf', 'obj', BPF_OBJ, 'sec', 'classifier', 'classid', '1:5'], NEW],
    ['u32-replace', ['filter', 'replace', 'dev', 'v1', 'parent', '1:', 'protocol', 'ip', 'prio', '1', 'handle', '800::800', 'u32', 'match', 'ip', 'src',
      '10.0.1.0/24', 'flowid', '1:10'], NEW],
    ['filter-del-prio', ['filter', 'del', 'dev', 'v1', 'parent', '1:', 'protocol', 'ip', 'prio', '2'], DEL],
    ['filter-del-handle', ['filter', 'del', 'dev', 'v1', 'parent', '1:', 'protocol', 'ip', 'prio', '3', 'handle', '802::800', 'u32'], DEL],
  ]);
  const captures = steps.map(([id, argv, type]) => capture(id, argv, type));
  const doc = {
    generatedBy: 'scripts/capture-golden-tc-filters.js',
    tc: must('tc', '-V').stdout.trim(),
    kernel: os.release(),
    namespaces: { '<A>': 'capture namespace (commands run as `tc -n <A> ...`)' },
    captures,
  };
  fs.writeFileSync(OUT, JSON.stringify(doc, null, 2) + '\n');
  for (const c of captures) process.stdout.write(`${c.id.padEnd(40)} exit ${c.exitCode} ${c.stderr.split('\n')[0]}\n`);
}

try {
  main();
} finally {
  cleanup();
}
