#!/usr/bin/env node
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

// --------------------------------------------------------------------------
// configuration

const ROOT = path.resolve(__dirname, '..');
const argvFlags = process.argv.slice(2);
function flagValue(name, def) {
  const i = argvFlags.indexOf(name);
  return i >= 0 && argvFlags[i + 1] ? argvFlags[i + 1] : def;
}
const OUT_DIR = path.resolve(flagValue('--out', path.join(ROOT, 'test', 'fixtures', 'golden')));
const VERBOSE = argvFlags.includes('--verbose') || argvFlags.includes('-v');

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
  return null;
}

const IP = which(['/usr/sbin/ip', '/sbin/ip', 'ip']);
const BRIDGE = which(['/usr/sbin/bridge', '/sbin/bridge', 'bridge']);
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

const MSG_TYPES = {
  1: 'NLMSG_NOOP', 2: 'NLMSG_ERROR', 3: 'NLMSG_DONE', 4: 'NLMSG_OVERRUN',
  16: 'RTM_NEWLINK', 17: 'RTM_DELLINK', 18: 'RTM_GETLINK', 19: 'RTM_SETLINK',
  20: 'RTM_NEWADDR', 21: 'RTM_DELADDR', 22: 'RTM_GETADDR',
  24: 'RTM_NEWROUTE', 25: 'RTM_DELROUTE', 26: 'RTM_GETROUTE',
  28: 'RTM_NEWNEIGH', 29: 'RTM_DELNEIGH', 30: 'RTM_GETNEIGH',
  32: 'RTM_NEWRULE', 33: 'RTM_DELRULE', 34: 'RTM_GETRULE',
  36: 'RTM_NEWQDISC', 37: 'RTM_DELQDISC', 38: 'RTM_GETQDISC',
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

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: opts.timeout || 15000, env: opts.env || process.env });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  return { status: r.status, signal: r.signal, stdout: r.stdout || '', stderr: r.stderr || '' };
}

function mustRun(cmd, args) {
  const r = run(cmd, args);
  if (r.status !== 0) {
    throw new Error(`command failed (${r.status}): ${cmd} ${args.join(' ')}\n${r.stderr}`);
  }
  return r;
}

function assertOwnNs(name) {
  if (!Object.values(NS).includes(name)) throw new Error(`refusing to touch namespace ${name}`);
}

// Every state-changing ip/bridge invocation goes through here: always -n NS.
function nsArgs(ns, args) {
  assertOwnNs(ns);
  return ['-n', ns, ...args];
}
function ipIn(ns, args) {
  return run(IP, nsArgs(ns, args));
}
function mustIpIn(ns, args) {
  return mustRun(IP, nsArgs(ns, args));
}

function linksOf(ns) {
  const r = mustRun(IP, nsArgs(ns, ['-j', 'link', 'show']));
  const list = JSON.parse(r.stdout || '[]');
  const out = {};
  for (const l of list) out[l.ifname] = l.ifindex;
  return out;
}

// --------------------------------------------------------------------------
// namespace lifecycle

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
      process.stderr.write(`warning: could not delete namespace ${name}: ${e.message}\n`);
    }
  }
  try {
    fs.rmSync(TMP, { recursive: true, force: true });
  } catch (_) {
    /* ignore */
  }
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
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
function unescapeStrace(s) {
  return s.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (m, e) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return { n: '\n', t: '\t', r: '\r', v: '\v', f: '\f', '\\': '\\', '"': '"' }[e] ?? e;
  });
}

/*
 * Parse an strace -o log.  Returns { sends: [{syscall, fd, ret, hex}], opens: [{path, fd}] },
 * each in syscall order.  Hex dump lines look like
 *   " | 00000  38 00 00 00 10 00 05 06  77 05 04 6b 00 00 00 00  8.......w..k.... |"
 * i.e. offset, then a fixed 49-column hex area (16 bytes, extra space after
 * the 8th), then the ASCII column.  sendmsg dumps are preceded by
 * " * N bytes in buffer K" per iovec.
 */
function parseStraceLog(text) {
  const events = [];
  let cur = null; // current send event collecting dump lines
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^\[pid\s+\d+\]\s/, '').replace(/^\d+\s+(?=[a-z_]+\(| \||\s\*)/, '');
    if (!line) continue;
    let m;
    if ((m = /^ \| ([0-9a-f]+)  (.*)$/.exec(line))) {
      if (!cur) throw new Error(`hex dump line without a send syscall: ${raw}`);
      const off = parseInt(m[1], 16);
      const hexArea = m[2].slice(0, 49);
      const bytes = hexArea.match(/[0-9a-f]{2}/g) || [];
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
  const sends = [];
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
function attrs(buf) {
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
function requestNsFds(msgHex) {
  const buf = Buffer.from(msgHex, 'hex');
  const type = buf.readUInt16LE(4);
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

function placeholderize(s) {
  let out = s;
  for (const [real, ph] of Object.entries(PLACEHOLDER)) out = out.split(real).join(ph);
  return out;
}

let seqNo = 0;
function capture(spec) {
  const tool = spec.tool || 'ip';
  const bin = tool === 'bridge' ? BRIDGE : IP;
  if (!bin) throw new Error(`${tool} not found`);
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

  const result = {
    id: spec.id,
    tool,
    argv: spec.args.map(placeholderize),
    links,
    exitCode: r.status,
    stderr: placeholderize(r.stderr.trim()),
    messages,
    messageTypes: allMsgs.map((m) => MSG_TYPES[m.type] || `0x${m.type.toString(16)}`),
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
// what to capture

const A = NS.A;
const B = NS.B;
const C = NS.C;

// Each step is either a capture ({id, args, type}) or an uncaptured setup
// step ({setup: [...args], ns?, tool?, mayFail?}).
function setup(args, opts = {}) {
  return { setup: args, ...opts };
}

const GROUPS = [
  {
    name: 'nsid',
    file: 'nsid.json',
    steps: [
      { id: 'nsid-set-7', args: ['netns', 'set', B, '7'], type: 'RTM_NEWNSID' },
      { id: 'nsid-set-auto', args: ['netns', 'set', C, 'auto'], type: 'RTM_NEWNSID' },
    ],
  },
  {
    name: 'links',
    file: 'links.json',
    steps: [
      // veth
      { id: 'link-add-veth', args: ['link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb'], type: 'RTM_NEWLINK' },
      { id: 'link-add-veth-peer-netns', args: ['link', 'add', 'vd', 'type', 'veth', 'peer', 'name', 'vc', 'netns', B], type: 'RTM_NEWLINK' },
      {
        id: 'link-add-veth-peer-opts',
        args: ['link', 'add', 've', 'type', 'veth', 'peer', 'name', 'vf', 'mtu', '1400', 'address', '02:00:00:00:00:bb'],
        type: 'RTM_NEWLINK',
      },
      // bridge
      { id: 'link-add-bridge-stp0', args: ['link', 'add', 'br1', 'type', 'bridge', 'stp_state', '0'], type: 'RTM_NEWLINK' },
      { id: 'link-add-bridge-fwd-delay', args: ['link', 'add', 'br2', 'type', 'bridge', 'forward_delay', '400'], type: 'RTM_NEWLINK' },
      { id: 'link-add-bridge-vlan-filtering', args: ['link', 'add', 'br3', 'type', 'bridge', 'vlan_filtering', '1'], type: 'RTM_NEWLINK' },
      // vxlan
      {
        id: 'link-add-vxlan-local',
        args: ['link', 'add', 'vx42', 'type', 'vxlan', 'id', '42', 'dstport', '4789', 'local', '10.0.0.1', 'dev', 'v0', 'ttl', '64', 'nolearning'],
        type: 'RTM_NEWLINK',
      },
      {
        id: 'link-add-vxlan-group',
        args: ['link', 'add', 'vx43', 'type', 'vxlan', 'id', '43', 'group', '239.1.1.1', 'dev', 'v0', 'dstport', '4789'],
        type: 'RTM_NEWLINK',
      },
      { id: 'link-add-vxlan-remote', args: ['link', 'add', 'vx44', 'type', 'vxlan', 'id', '44', 'remote', '10.0.0.2', 'dstport', '4789'], type: 'RTM_NEWLINK' },
      // macvlan (each removed again: passthru needs the lower device to itself)
      { id: 'link-add-macvlan-bridge', args: ['link', 'add', 'link', 'v0', 'name', 'mvb', 'type', 'macvlan', 'mode', 'bridge'], type: 'RTM_NEWLINK' },
      setup(['link', 'del', 'mvb'], { mayFail: true }),
      { id: 'link-add-macvlan-private', args: ['link', 'add', 'link', 'v0', 'name', 'mvp', 'type', 'macvlan', 'mode', 'private'], type: 'RTM_NEWLINK' },
      setup(['link', 'del', 'mvp'], { mayFail: true }),
      { id: 'link-add-macvlan-vepa', args: ['link', 'add', 'link', 'v0', 'name', 'mvv', 'type', 'macvlan', 'mode', 'vepa'], type: 'RTM_NEWLINK' },
      setup(['link', 'del', 'mvv'], { mayFail: true }),
      { id: 'link-add-macvlan-passthru', args: ['link', 'add', 'link', 'v0', 'name', 'mvt', 'type', 'macvlan', 'mode', 'passthru'], type: 'RTM_NEWLINK' },
      setup(['link', 'del', 'mvt'], { mayFail: true }),
      // misc kinds
      { id: 'link-add-ifb', args: ['link', 'add', 'ifb0', 'type', 'ifb'], type: 'RTM_NEWLINK' },
      { id: 'link-add-vrf', args: ['link', 'add', 'vrf-blue', 'type', 'vrf', 'table', '10'], type: 'RTM_NEWLINK' },
      { id: 'link-add-dummy', args: ['link', 'add', 'dum0', 'type', 'dummy'], type: 'RTM_NEWLINK' },
      { id: 'link-add-vlan', args: ['link', 'add', 'link', 'v0', 'name', 'v0.10', 'type', 'vlan', 'id', '10'], type: 'RTM_NEWLINK' },
      {
        id: 'link-add-vlan-8021ad',
        args: ['link', 'add', 'link', 'v0', 'name', 'v0.20', 'type', 'vlan', 'protocol', '802.1ad', 'id', '20'],
        type: 'RTM_NEWLINK',
      },
      { id: 'link-add-bond-active-backup', args: ['link', 'add', 'bond0', 'type', 'bond', 'mode', 'active-backup', 'miimon', '100'], type: 'RTM_NEWLINK' },
      { id: 'link-add-bond-8023ad', args: ['link', 'add', 'bond1', 'type', 'bond', 'mode', '802.3ad'], type: 'RTM_NEWLINK' },
      { id: 'link-add-ipvlan-l2', args: ['link', 'add', 'link', 'v0', 'name', 'ipvl2', 'type', 'ipvlan', 'mode', 'l2'], type: 'RTM_NEWLINK' },
      { id: 'link-add-ipvlan-l3', args: ['link', 'add', 'link', 'v0', 'name', 'ipvl3', 'type', 'ipvlan', 'mode', 'l3'], type: 'RTM_NEWLINK' },
      { id: 'link-add-ipvlan-l3s', args: ['link', 'add', 'link', 'v0', 'name', 'ipvl3s', 'type', 'ipvlan', 'mode', 'l3s'], type: 'RTM_NEWLINK' },
      {
        id: 'link-add-gre',
        args: ['link', 'add', 'gre1', 'type', 'gre', 'remote', '10.0.0.2', 'local', '10.0.0.1', 'ttl', '64'],
        type: 'RTM_NEWLINK',
      },
      {
        id: 'link-add-gretap',
        args: ['link', 'add', 'gretap1', 'type', 'gretap', 'remote', '10.0.0.2', 'local', '10.0.0.1', 'ttl', '64'],
        type: 'RTM_NEWLINK',
      },
      { id: 'link-add-geneve', args: ['link', 'add', 'gnv5', 'type', 'geneve', 'id', '5', 'remote', '10.0.0.2'], type: 'RTM_NEWLINK' },
      { id: 'link-add-wireguard', args: ['link', 'add', 'wg0', 'type', 'wireguard'], type: 'RTM_NEWLINK' },
      // link set on v0 (rename and MAC change while down)
      { id: 'link-set-up', args: ['link', 'set', 'v0', 'up'], type: 'RTM_NEWLINK' },
      { id: 'link-set-down', args: ['link', 'set', 'v0', 'down'], type: 'RTM_NEWLINK' },
      { id: 'link-set-name', args: ['link', 'set', 'v0', 'name', 'v0x'], type: 'RTM_NEWLINK' },
      { id: 'link-set-name-back', args: ['link', 'set', 'v0x', 'name', 'v0'], type: 'RTM_NEWLINK' },
      setup(['link', 'set', 'v0x', 'name', 'v0'], { mayFail: true }),
      { id: 'link-set-address', args: ['link', 'set', 'v0', 'address', '02:00:00:00:00:aa'], type: 'RTM_NEWLINK' },
      { id: 'link-set-mtu', args: ['link', 'set', 'v0', 'mtu', '1400'], type: 'RTM_NEWLINK' },
      { id: 'link-set-alias', args: ['link', 'set', 'v0', 'alias', 'foo'], type: 'RTM_NEWLINK' },
      { id: 'link-set-txqueuelen', args: ['link', 'set', 'v0', 'txqueuelen', '500'], type: 'RTM_NEWLINK' },
      { id: 'link-set-master', args: ['link', 'set', 'v0', 'master', 'br0'], type: 'RTM_NEWLINK' },
      { id: 'link-set-nomaster', args: ['link', 'set', 'v0', 'nomaster'], type: 'RTM_NEWLINK' },
      { id: 'link-set-netns', args: ['link', 'set', 'v0', 'netns', B], type: 'RTM_NEWLINK' },
      setup(['link', 'set', 'v0', 'netns', A], { ns: B }),
      setup(['link', 'set', 'v0', 'mtu', '1500', 'up']),
      { id: 'link-del', args: ['link', 'del', 'va'], type: 'RTM_DELLINK' },
      // Added later, so they come last: captures above keep their ifindex maps. Each link made
      // here is deleted again, so later groups see the same links as before.
      // veth peer options: iproute2 writes them in argv order (this one: TXQLEN before MTU) ...
      {
        id: 'link-add-veth-peer-txqueuelen',
        args: ['link', 'add', 'vg', 'type', 'veth', 'peer', 'name', 'vh', 'txqueuelen', '500', 'mtu', '1400'],
        type: 'RTM_NEWLINK',
      },
      setup(['link', 'del', 'vg'], { mayFail: true }),
      // ... and every peer option the library has, in the order it writes them
      {
        id: 'link-add-veth-peer-all',
        args: ['link', 'add', 'vi', 'type', 'veth', 'peer', 'name', 'vj', 'netns', B, 'mtu', '1400', 'address', '02:00:00:00:00:cc', 'txqueuelen', '500'],
        type: 'RTM_NEWLINK',
      },
      setup(['link', 'del', 'vi'], { mayFail: true }),
      // a kind without a typed spec in the library (raw { kind, parent, data } path)
      { id: 'link-add-macvtap-raw', args: ['link', 'add', 'mt0', 'link', 'v0', 'type', 'macvtap', 'mode', 'bridge'], type: 'RTM_NEWLINK' },
      setup(['link', 'del', 'mt0'], { mayFail: true }),
      // tunnel options beyond the ones above (kinds this kernel may lack: the request is exact anyway)
      {
        id: 'link-add-gre-key',
        args: ['link', 'add', 'gre2', 'type', 'gre', 'remote', '10.0.0.2', 'local', '10.0.0.1', 'ttl', '64', 'key', '42'],
        type: 'RTM_NEWLINK',
      },
      setup(['link', 'del', 'gre2'], { mayFail: true }),
      {
        id: 'link-add-gretap-ikey-okey',
        args: ['link', 'add', 'gretap2', 'type', 'gretap', 'remote', '10.0.0.2', 'ikey', '1', 'okey', '2', 'tos', '0x10'],
        type: 'RTM_NEWLINK',
      },
      setup(['link', 'del', 'gretap2'], { mayFail: true }),
      {
        id: 'link-add-geneve-opts',
        args: ['link', 'add', 'gnv6', 'type', 'geneve', 'id', '6', 'remote', '10.0.0.2', 'ttl', '10', 'tos', '0x10', 'dstport', '6082', 'label', '0x12345'],
        type: 'RTM_NEWLINK',
      },
      setup(['link', 'del', 'gnv6'], { mayFail: true }),
    ],
  },
  {
    name: 'addresses',
    file: 'addresses.json',
    steps: [
      // v1 up gives v0 carrier (nexthops refuse a device without carrier);
      // addrgenmode none keeps IPv6 from generating link-local addresses and
      // sending DAD/RS packets on the pair (moving v0 to <B> and back reset it)
      setup(['link', 'set', 'v0', 'addrgenmode', 'none']),
      setup(['link', 'set', 'v1', 'addrgenmode', 'none']),
      setup(['link', 'set', 'v1', 'up']),
      { id: 'addr-add-v4', args: ['addr', 'add', '10.0.0.1/24', 'dev', 'v0'], type: 'RTM_NEWADDR' },
      {
        id: 'addr-add-v4-brd-label-scope',
        // own subnet: kernels >= 6.3 reject a secondary address whose scope
        // differs from the primary's in the same subnet ("Invalid scope value")
        args: ['addr', 'add', '10.0.1.11/24', 'broadcast', '10.0.1.255', 'label', 'v0:1', 'scope', 'link', 'dev', 'v0'],
        type: 'RTM_NEWADDR',
      },
      { id: 'addr-add-v4-brd-plus', args: ['addr', 'add', '10.0.0.12/24', 'broadcast', '+', 'dev', 'v0'], type: 'RTM_NEWADDR' },
      {
        id: 'addr-add-v6-nodad-noprefixroute',
        args: ['addr', 'add', '2001:db8::1/64', 'dev', 'v0', 'nodad', 'noprefixroute'],
        type: 'RTM_NEWADDR',
      },
      {
        id: 'addr-add-v6-lifetimes',
        args: ['addr', 'add', '2001:db8::5/64', 'dev', 'v0', 'nodad', 'valid_lft', '100', 'preferred_lft', '50'],
        type: 'RTM_NEWADDR',
      },
      {
        id: 'addr-add-v4-lifetimes',
        args: ['addr', 'add', '10.0.0.13/24', 'dev', 'v0', 'valid_lft', '100', 'preferred_lft', '50'],
        type: 'RTM_NEWADDR',
      },
      { id: 'addr-replace-v4', args: ['addr', 'replace', '10.0.0.1/24', 'dev', 'v0'], type: 'RTM_NEWADDR' },
      { id: 'addr-del-v4', args: ['addr', 'del', '10.0.0.1/24', 'dev', 'v0'], type: 'RTM_DELADDR' },
      { id: 'addr-del-v6', args: ['addr', 'del', '2001:db8::5/64', 'dev', 'v0'], type: 'RTM_DELADDR' },
      // state for later groups
      setup(['addr', 'add', '10.0.0.1/24', 'dev', 'v0']),
      setup(['addr', 'replace', '2001:db8::1/64', 'dev', 'v0', 'nodad']),
    ],
  },
  {
    name: 'nexthops',
    file: 'nexthops.json',
    steps: [
      { id: 'nexthop-add-via', args: ['nexthop', 'add', 'id', '1', 'via', '10.0.0.2', 'dev', 'v0'], type: 'RTM_NEWNEXTHOP' },
      { id: 'nexthop-add-via-2', args: ['nexthop', 'add', 'id', '2', 'via', '10.0.0.3', 'dev', 'v0'], type: 'RTM_NEWNEXTHOP' },
      { id: 'nexthop-add-blackhole', args: ['nexthop', 'add', 'id', '3', 'blackhole'], type: 'RTM_NEWNEXTHOP' },
      { id: 'nexthop-add-v6', args: ['nexthop', 'add', 'id', '4', 'via', '2001:db8::2', 'dev', 'v0'], type: 'RTM_NEWNEXTHOP' },
      { id: 'nexthop-add-group', args: ['nexthop', 'add', 'id', '10', 'group', '1/2,2'], type: 'RTM_NEWNEXTHOP' },
      { id: 'nexthop-del', args: ['nexthop', 'del', 'id', '10'], type: 'RTM_DELNEXTHOP' },
    ],
  },
  {
    name: 'routes',
    file: 'routes.json',
    steps: [
      { id: 'route-add-via', args: ['route', 'add', '10.1.0.0/16', 'via', '10.0.0.2', 'dev', 'v0'], type: 'RTM_NEWROUTE' },
      {
        id: 'route-add-table-metric-proto-src',
        args: ['route', 'add', '10.1.0.0/16', 'via', '10.0.0.2', 'dev', 'v0', 'table', '100', 'metric', '5', 'proto', 'static', 'src', '10.0.0.1'],
        type: 'RTM_NEWROUTE',
      },
      { id: 'route-add-table-main', args: ['route', 'add', '10.3.0.0/16', 'via', '10.0.0.2', 'dev', 'v0', 'table', 'main'], type: 'RTM_NEWROUTE' },
      { id: 'route-add-table-local', args: ['route', 'add', '10.3.0.0/16', 'via', '10.0.0.2', 'dev', 'v0', 'table', 'local'], type: 'RTM_NEWROUTE' },
      { id: 'route-add-table-default', args: ['route', 'add', '10.3.0.0/16', 'via', '10.0.0.2', 'dev', 'v0', 'table', 'default'], type: 'RTM_NEWROUTE' },
      { id: 'route-add-table-1000', args: ['route', 'add', '10.3.0.0/16', 'via', '10.0.0.2', 'dev', 'v0', 'table', '1000'], type: 'RTM_NEWROUTE' },
      { id: 'route-add-blackhole', args: ['route', 'add', 'blackhole', '10.4.0.0/16'], type: 'RTM_NEWROUTE' },
      { id: 'route-add-unreachable', args: ['route', 'add', 'unreachable', '10.5.0.0/16'], type: 'RTM_NEWROUTE' },
      { id: 'route-add-prohibit', args: ['route', 'add', 'prohibit', '10.6.0.0/16'], type: 'RTM_NEWROUTE' },
      { id: 'route-add-throw', args: ['route', 'add', 'throw', '10.7.0.0/16', 'table', '100'], type: 'RTM_NEWROUTE' },
      { id: 'route-add-local', args: ['route', 'add', 'local', '10.0.0.77', 'dev', 'v0', 'table', 'local'], type: 'RTM_NEWROUTE' },
      { id: 'route-add-broadcast', args: ['route', 'add', 'broadcast', '10.0.0.254', 'dev', 'v0', 'table', 'local'], type: 'RTM_NEWROUTE' },
      { id: 'route-add-scope-link', args: ['route', 'add', '10.8.0.0/16', 'dev', 'v0', 'scope', 'link'], type: 'RTM_NEWROUTE' },
      {
        id: 'route-add-metrics',
        args: ['route', 'add', '10.9.0.0/16', 'via', '10.0.0.2', 'dev', 'v0', 'mtu', '1400', 'advmss', '1360', 'window', '65535'],
        type: 'RTM_NEWROUTE',
      },
      { id: 'route-add-onlink', args: ['route', 'add', '10.10.0.0/16', 'via', '10.99.0.1', 'dev', 'v0', 'onlink'], type: 'RTM_NEWROUTE' },
      {
        id: 'route-add-multipath',
        args: ['route', 'add', '10.11.0.0/16', 'nexthop', 'via', '10.0.0.2', 'weight', '2', 'nexthop', 'via', '10.0.0.3', 'weight', '1'],
        type: 'RTM_NEWROUTE',
      },
      {
        id: 'route-add-multipath-dev',
        args: ['route', 'add', '10.13.0.0/16', 'nexthop', 'via', '10.0.0.2', 'dev', 'v0', 'weight', '2', 'nexthop', 'via', '10.0.0.3', 'dev', 'v0', 'weight', '1'],
        type: 'RTM_NEWROUTE',
      },
      { id: 'route-add-nhid', args: ['route', 'add', '10.12.0.0/16', 'nhid', '1'], type: 'RTM_NEWROUTE' },
      { id: 'route-replace', args: ['route', 'replace', '10.1.0.0/16', 'via', '10.0.0.3', 'dev', 'v0'], type: 'RTM_NEWROUTE' },
      { id: 'route-get', args: ['route', 'get', '10.1.2.3'], type: 'RTM_GETROUTE' },
      { id: 'route-get-from-iif-mark', args: ['route', 'get', '10.1.2.3', 'from', '10.0.0.1', 'iif', 'v0', 'mark', '5'], type: 'RTM_GETROUTE' },
      { id: 'route-del', args: ['route', 'del', '10.1.0.0/16'], type: 'RTM_DELROUTE' },
      { id: 'route-del-full', args: ['route', 'del', '10.3.0.0/16', 'via', '10.0.0.2', 'dev', 'v0', 'table', 'main'], type: 'RTM_DELROUTE' },
      // IPv6
      { id: 'route6-add-via', args: ['route', 'add', '2001:db8:1::/64', 'via', '2001:db8::2', 'dev', 'v0'], type: 'RTM_NEWROUTE' },
      {
        id: 'route6-add-table-metric',
        args: ['route', 'add', '2001:db8:3::/64', 'via', '2001:db8::2', 'dev', 'v0', 'table', '100', 'metric', '5', 'proto', 'static'],
        type: 'RTM_NEWROUTE',
      },
      { id: 'route6-add-blackhole', args: ['-6', 'route', 'add', 'blackhole', '2001:db8:2::/64'], type: 'RTM_NEWROUTE' },
      { id: 'route6-add-unreachable', args: ['-6', 'route', 'add', 'unreachable', '2001:db8:4::/64'], type: 'RTM_NEWROUTE' },
      { id: 'route6-add-prohibit', args: ['-6', 'route', 'add', 'prohibit', '2001:db8:6::/64'], type: 'RTM_NEWROUTE' },
      { id: 'route6-add-dev', args: ['route', 'add', '2001:db8:5::/64', 'dev', 'v0'], type: 'RTM_NEWROUTE' },
      {
        id: 'route6-add-metrics',
        args: ['route', 'add', '2001:db8:7::/64', 'via', '2001:db8::2', 'dev', 'v0', 'mtu', '1400', 'advmss', '1360'],
        type: 'RTM_NEWROUTE',
      },
      { id: 'route6-add-nhid', args: ['route', 'add', '2001:db8:8::/64', 'nhid', '4'], type: 'RTM_NEWROUTE' },
      { id: 'route6-replace', args: ['route', 'replace', '2001:db8:1::/64', 'via', '2001:db8::3', 'dev', 'v0'], type: 'RTM_NEWROUTE' },
      { id: 'route6-get', args: ['route', 'get', '2001:db8:1::5'], type: 'RTM_GETROUTE' },
      { id: 'route6-del', args: ['route', 'del', '2001:db8:1::/64'], type: 'RTM_DELROUTE' },
      // added later (last, so the captures above see the same state as before)
      { id: 'route6-add-pref-high', args: ['route', 'add', '2001:db8:9::/64', 'via', '2001:db8::2', 'dev', 'v0', 'pref', 'high'], type: 'RTM_NEWROUTE' },
      { id: 'route6-add-pref-low', args: ['route', 'add', '2001:db8:a::/64', 'dev', 'v0', 'pref', 'low'], type: 'RTM_NEWROUTE' },
      { id: 'route-add-mtu-lock', args: ['route', 'add', '10.14.0.0/16', 'via', '10.0.0.2', 'dev', 'v0', 'mtu', 'lock', '1400'], type: 'RTM_NEWROUTE' },
      {
        id: 'route-add-metrics-lock-mixed',
        args: ['route', 'add', '10.15.0.0/16', 'via', '10.0.0.2', 'dev', 'v0', 'mtu', 'lock', '1400', 'advmss', '1360', 'window', 'lock', '65535'],
        type: 'RTM_NEWROUTE',
      },
      {
        id: 'route-add-initcwnd-initrwnd',
        args: ['route', 'add', '10.16.0.0/16', 'via', '10.0.0.2', 'dev', 'v0', 'initcwnd', '10', 'initrwnd', '20'],
        type: 'RTM_NEWROUTE',
      },
      { id: 'route-add-proto-number', args: ['route', 'add', '10.17.0.0/16', 'via', '10.0.0.2', 'dev', 'v0', 'proto', '99'], type: 'RTM_NEWROUTE' },
      { id: 'route6-add-mtu-lock', args: ['route', 'add', '2001:db8:b::/64', 'via', '2001:db8::2', 'dev', 'v0', 'mtu', 'lock', '1400'], type: 'RTM_NEWROUTE' },
    ],
  },
  {
    name: 'rules',
    file: 'rules.json',
    steps: [
      { id: 'rule-add-from', args: ['rule', 'add', 'priority', '100', 'from', '10.0.0.0/24', 'table', '100'], type: 'RTM_NEWRULE' },
      { id: 'rule-add-to', args: ['rule', 'add', 'priority', '101', 'to', '10.2.0.0/16', 'table', '100'], type: 'RTM_NEWRULE' },
      { id: 'rule-add-fwmark', args: ['rule', 'add', 'priority', '102', 'fwmark', '0x10/0xff', 'table', '100'], type: 'RTM_NEWRULE' },
      { id: 'rule-add-iif', args: ['rule', 'add', 'priority', '103', 'iif', 'v0', 'table', '100'], type: 'RTM_NEWRULE' },
      { id: 'rule-add-oif', args: ['rule', 'add', 'priority', '104', 'oif', 'v0', 'table', '100'], type: 'RTM_NEWRULE' },
      { id: 'rule-add-tos', args: ['rule', 'add', 'priority', '105', 'tos', '0x10', 'table', '100'], type: 'RTM_NEWRULE' },
      { id: 'rule-add-blackhole', args: ['rule', 'add', 'priority', '106', 'blackhole'], type: 'RTM_NEWRULE' },
      { id: 'rule-add-unreachable', args: ['rule', 'add', 'priority', '107', 'unreachable'], type: 'RTM_NEWRULE' },
      { id: 'rule-add-prohibit', args: ['rule', 'add', 'priority', '108', 'prohibit'], type: 'RTM_NEWRULE' },
      { id: 'rule-add-goto', args: ['rule', 'add', 'priority', '109', 'goto', '200'], type: 'RTM_NEWRULE' },
      {
        id: 'rule-add-suppress-prefixlength',
        args: ['rule', 'add', 'priority', '110', 'table', 'main', 'suppress_prefixlength', '0'],
        type: 'RTM_NEWRULE',
      },
      { id: 'rule-add-uidrange', args: ['rule', 'add', 'priority', '111', 'uidrange', '1000-2000', 'table', '100'], type: 'RTM_NEWRULE' },
      { id: 'rule-add-l3mdev', args: ['rule', 'add', 'priority', '112', 'l3mdev'], type: 'RTM_NEWRULE' },
      { id: 'rule-add-no-priority', args: ['rule', 'add', 'from', '10.0.1.0/24', 'table', '100'], type: 'RTM_NEWRULE' },
      { id: 'rule-del', args: ['rule', 'del', 'priority', '100'], type: 'RTM_DELRULE' },
      // IPv6
      { id: 'rule6-add-from', args: ['-6', 'rule', 'add', 'priority', '100', 'from', '2001:db8::/64', 'table', '100'], type: 'RTM_NEWRULE' },
      { id: 'rule6-add-to', args: ['-6', 'rule', 'add', 'priority', '101', 'to', '2001:db8:5::/48', 'table', '100'], type: 'RTM_NEWRULE' },
      { id: 'rule6-add-fwmark', args: ['-6', 'rule', 'add', 'priority', '102', 'fwmark', '0x10/0xff', 'table', '100'], type: 'RTM_NEWRULE' },
      { id: 'rule6-add-iif', args: ['-6', 'rule', 'add', 'priority', '103', 'iif', 'v0', 'table', '100'], type: 'RTM_NEWRULE' },
      { id: 'rule6-add-unreachable', args: ['-6', 'rule', 'add', 'priority', '107', 'unreachable'], type: 'RTM_NEWRULE' },
      { id: 'rule6-del', args: ['-6', 'rule', 'del', 'priority', '100'], type: 'RTM_DELRULE' },
      // added later; arguments in the order the library writes the attributes (ip follows argv)
      { id: 'rule-add-not-from', args: ['rule', 'add', 'not', 'priority', '120', 'from', '10.0.0.0/24', 'table', '100'], type: 'RTM_NEWRULE' },
      { id: 'rule-add-ipproto-dport', args: ['rule', 'add', 'priority', '121', 'table', '100', 'ipproto', 'tcp', 'dport', '22'], type: 'RTM_NEWRULE' },
      {
        id: 'rule-add-ipproto-sport-dport-range',
        args: ['rule', 'add', 'priority', '122', 'table', '100', 'ipproto', 'udp', 'sport', '1000-2000', 'dport', '53'],
        type: 'RTM_NEWRULE',
      },
      { id: 'rule-add-protocol', args: ['rule', 'add', 'priority', '123', 'table', '100', 'protocol', 'static'], type: 'RTM_NEWRULE' },
      { id: 'rule6-add-not-from', args: ['-6', 'rule', 'add', 'not', 'priority', '120', 'from', '2001:db8::/64', 'table', '100'], type: 'RTM_NEWRULE' },
      { id: 'rule6-add-ipproto-dport', args: ['-6', 'rule', 'add', 'priority', '121', 'table', '100', 'ipproto', 'tcp', 'dport', '22'], type: 'RTM_NEWRULE' },
      {
        id: 'rule6-add-ipproto-sport',
        args: ['-6', 'rule', 'add', 'priority', '122', 'table', '100', 'ipproto', 'udp', 'sport', '5000'],
        type: 'RTM_NEWRULE',
      },
    ],
  },
  {
    name: 'neighbors',
    file: 'neighbors.json',
    steps: [
      {
        id: 'neigh-add-permanent',
        args: ['neigh', 'add', '10.0.0.9', 'lladdr', '02:00:00:00:00:09', 'dev', 'v0', 'nud', 'permanent'],
        type: 'RTM_NEWNEIGH',
      },
      {
        id: 'neigh-add-reachable',
        args: ['neigh', 'add', '10.0.0.20', 'lladdr', '02:00:00:00:00:20', 'dev', 'v0', 'nud', 'reachable'],
        type: 'RTM_NEWNEIGH',
      },
      { id: 'neigh-add-stale', args: ['neigh', 'add', '10.0.0.21', 'lladdr', '02:00:00:00:00:21', 'dev', 'v0', 'nud', 'stale'], type: 'RTM_NEWNEIGH' },
      { id: 'neigh-add-noarp', args: ['neigh', 'add', '10.0.0.22', 'lladdr', '02:00:00:00:00:22', 'dev', 'v0', 'nud', 'noarp'], type: 'RTM_NEWNEIGH' },
      {
        id: 'neigh-replace',
        args: ['neigh', 'replace', '10.0.0.9', 'lladdr', '02:00:00:00:00:19', 'dev', 'v0', 'nud', 'permanent'],
        type: 'RTM_NEWNEIGH',
      },
      { id: 'neigh-add-proxy', args: ['neigh', 'add', 'proxy', '10.0.0.50', 'dev', 'v0'], type: 'RTM_NEWNEIGH' },
      { id: 'neigh-del', args: ['neigh', 'del', '10.0.0.9', 'dev', 'v0'], type: 'RTM_DELNEIGH' },
      { id: 'neigh-del-proxy', args: ['neigh', 'del', 'proxy', '10.0.0.50', 'dev', 'v0'], type: 'RTM_DELNEIGH' },
      {
        id: 'neigh6-add-permanent',
        args: ['neigh', 'add', '2001:db8::9', 'lladdr', '02:00:00:00:00:99', 'dev', 'v0', 'nud', 'permanent'],
        type: 'RTM_NEWNEIGH',
      },
      { id: 'neigh6-del', args: ['neigh', 'del', '2001:db8::9', 'dev', 'v0'], type: 'RTM_DELNEIGH' },
    ],
  },
  {
    name: 'fdb',
    file: 'fdb.json',
    steps: [
      setup(['link', 'set', 'v1', 'master', 'br0']),
      { id: 'fdb-add-master', tool: 'bridge', args: ['fdb', 'add', '02:00:00:00:00:10', 'dev', 'v1', 'master'], type: 'RTM_NEWNEIGH' },
      { id: 'fdb-add-master-static', tool: 'bridge', args: ['fdb', 'add', '02:00:00:00:00:11', 'dev', 'v1', 'master', 'static'], type: 'RTM_NEWNEIGH' },
      {
        // the kernel refuses this (no VLAN filtering on br0) but the request is still sent
        id: 'fdb-add-master-vlan',
        tool: 'bridge',
        args: ['fdb', 'add', '02:00:00:00:00:12', 'dev', 'v1', 'master', 'static', 'vlan', '1'],
        type: 'RTM_NEWNEIGH',
      },
      { id: 'fdb-replace-master', tool: 'bridge', args: ['fdb', 'replace', '02:00:00:00:00:10', 'dev', 'v1', 'master'], type: 'RTM_NEWNEIGH' },
      { id: 'fdb-del-master', tool: 'bridge', args: ['fdb', 'del', '02:00:00:00:00:10', 'dev', 'v1', 'master'], type: 'RTM_DELNEIGH' },
    ],
  },
];

// --------------------------------------------------------------------------
// output

// JSON.stringify with 2-space indent, but arrays of primitives and small flat
// objects on one line (argv, messageTypes, links) to keep the files readable.
function toJson(v, indent = '') {
  const inner = indent + '  ';
  const flat = (x) => x === null || typeof x !== 'object';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every(flat) && v.every((x) => typeof x !== 'string' || x.length < 40)) return '[' + v.map((x) => JSON.stringify(x)).join(', ') + ']';
    return '[\n' + v.map((x) => inner + toJson(x, inner)).join(',\n') + '\n' + indent + ']';
  }
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined);
    if (keys.length === 0) return '{}';
    if (keys.every((k) => flat(v[k]) && (typeof v[k] !== 'string' || v[k].length < 40)) && keys.length <= 40) {
      return '{ ' + keys.map((k) => JSON.stringify(k) + ': ' + JSON.stringify(v[k])).join(', ') + ' }';
    }
    return '{\n' + keys.map((k) => inner + JSON.stringify(k) + ': ' + toJson(v[k], inner)).join(',\n') + '\n' + indent + '}';
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
  for (const [n, p] of [['ip', IP], ['bridge', BRIDGE], ['strace', STRACE]]) if (!p) throw new Error(`${n} not found`);

  const ipVersion = run(IP, ['-V']).stdout.trim();
  const bridgeVersion = run(BRIDGE, ['-V']).stdout.trim();
  const straceVersion = run(STRACE, ['-V']).stdout.split('\n')[0].trim();
  const kernel = os.release();

  const t0 = Date.now();
  createNamespaces();
  baseSetup();

  fs.mkdirSync(OUT_DIR, { recursive: true });
  const empty = [];
  for (const group of GROUPS) {
    const captures = [];
    for (const step of group.steps) {
      await tick();
      if (step.setup) {
        const r = run(step.tool === 'bridge' ? BRIDGE : IP, nsArgs(step.ns || A, step.setup));
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
    process.stderr.write(`error: ${e && e.stack ? e.stack : e}\n`);
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
