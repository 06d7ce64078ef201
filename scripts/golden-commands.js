// @ts-check
'use strict';
/*
 * golden-commands.js — the command table of scripts/capture-golden.js: which iproute2 command
 * lines are captured into which golden file (test/fixtures/golden/*.json), with the uncaptured
 * setup steps between them. Adding a golden case is adding a step here.
 */

/**
 * A captured command: `ip -n NS ARGS` (or `bridge`), whose request of `type` is recorded under `id`;
 * a `note` is copied into the fixture.
 * @typedef {{ id: string, args: string[], type: string, tool?: 'ip' | 'bridge' | 'tc', ns?: string, note?: string }} CaptureStep
 */
/**
 * An uncaptured step that prepares the next captures; `mayFail` lets it fail quietly.
 * @typedef {{ setup: string[], tool?: 'ip' | 'bridge' | 'tc', ns?: string, mayFail?: boolean }} SetupStep
 */
/** @typedef {CaptureStep | SetupStep} Step */
/** @typedef {{ name: string, file: string, steps: Step[] }} Group */
/** The three namespaces the capture made: A runs the commands, B and C are move/peer/nsid targets.
 * @typedef {{ A: string, B: string, C: string }} Namespaces */

/**
 * @param {string[]} args
 * @param {{ tool?: 'ip' | 'bridge' | 'tc', ns?: string, mayFail?: boolean }} [opts]
 * @returns {SetupStep}
 */
function setup(args, opts = {}) {
  return { setup: args, ...opts };
}

/**
 * The capture groups, one golden file each, for the namespaces of this run.
 * @param {Namespaces} ns
 * @returns {Group[]}
 */
function commandGroups({ A, B, C }) {
  return [
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
        // prepend (CREATE without EXCL) and append (CREATE|APPEND): a second default route
        { id: 'route-prepend-default', args: ['route', 'prepend', 'default', 'via', '10.0.0.2', 'dev', 'v0'], type: 'RTM_NEWROUTE' },
        { id: 'route-append-default', args: ['route', 'append', 'default', 'via', '10.0.0.3', 'dev', 'v0', 'metric', '10'], type: 'RTM_NEWROUTE' },
        { id: 'route6-append', args: ['route', 'append', '2001:db8:c::/64', 'via', '2001:db8::2', 'dev', 'v0'], type: 'RTM_NEWROUTE' },
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
    {
      // The capture kernel has no VLAN filtering (bridge refuses with EOPNOTSUPP), but every
      // request is sent all the same. v1 is a port of br0 since the fdb group.
      name: 'bridge-vlans',
      file: 'bridge-vlans.json',
      steps: [
        { id: 'bvlan-add-pvid-untagged', tool: 'bridge', args: ['vlan', 'add', 'dev', 'v1', 'vid', '10', 'pvid', 'untagged'], type: 'RTM_SETLINK' },
        { id: 'bvlan-add', tool: 'bridge', args: ['vlan', 'add', 'dev', 'v1', 'vid', '11'], type: 'RTM_SETLINK' },
        { id: 'bvlan-add-range-untagged', tool: 'bridge', args: ['vlan', 'add', 'dev', 'v1', 'vid', '20-30', 'untagged'], type: 'RTM_SETLINK' },
        { id: 'bvlan-add-master', tool: 'bridge', args: ['vlan', 'add', 'dev', 'v1', 'vid', '12', 'master'], type: 'RTM_SETLINK' },
        { id: 'bvlan-add-self', tool: 'bridge', args: ['vlan', 'add', 'dev', 'br0', 'vid', '10', 'self'], type: 'RTM_SETLINK' },
        { id: 'bvlan-add-master-self', tool: 'bridge', args: ['vlan', 'add', 'dev', 'v1', 'vid', '13', 'master', 'self'], type: 'RTM_SETLINK' },
        { id: 'bvlan-del', tool: 'bridge', args: ['vlan', 'del', 'dev', 'v1', 'vid', '10'], type: 'RTM_DELLINK' },
        { id: 'bvlan-del-range', tool: 'bridge', args: ['vlan', 'del', 'dev', 'v1', 'vid', '20-30'], type: 'RTM_DELLINK' },
        { id: 'bvlan-del-self', tool: 'bridge', args: ['vlan', 'del', 'dev', 'br0', 'vid', '10', 'self'], type: 'RTM_DELLINK' },
        { id: 'bvlan-show', tool: 'bridge', args: ['vlan', 'show'], type: 'RTM_GETLINK' },
        { id: 'bvlan-show-dev', tool: 'bridge', args: ['vlan', 'show', 'dev', 'v1'], type: 'RTM_GETLINK' },
        // links.set's bridge options (ip link set DEV type bridge ...)
        { id: 'link-set-bridge-vlan-filtering', args: ['link', 'set', 'br0', 'type', 'bridge', 'vlan_filtering', '1'], type: 'RTM_NEWLINK' },
        {
          id: 'link-set-bridge-vlan-filtering-off-pvid',
          args: ['link', 'set', 'br0', 'type', 'bridge', 'vlan_filtering', '0', 'vlan_default_pvid', '10'],
          type: 'RTM_NEWLINK',
        },
      ],
    },
    {
      // Links created directly inside <B> (IFLA_NET_NS_FD in the creating request; parents named
      // in <A>), and a veth's top-level mtu given to its peer. Each link is deleted again.
      name: 'links-elsewhere',
      file: 'links-elsewhere.json',
      steps: [
        { id: 'link-add-netns-macvlan', args: ['link', 'add', 'link', 'v0', 'name', 'mv0', 'netns', B, 'type', 'macvlan', 'mode', 'bridge'], type: 'RTM_NEWLINK' },
        setup(['link', 'del', 'mv0'], { ns: B, mayFail: true }),
        {
          id: 'link-add-netns-macvlan-mtu',
          args: ['link', 'add', 'link', 'v0', 'name', 'mv1', 'mtu', '1400', 'netns', B, 'type', 'macvlan', 'mode', 'private'],
          type: 'RTM_NEWLINK',
        },
        setup(['link', 'del', 'mv1'], { ns: B, mayFail: true }),
        { id: 'link-add-netns-vlan', args: ['link', 'add', 'link', 'v0', 'name', 'v0.30', 'netns', B, 'type', 'vlan', 'id', '30'], type: 'RTM_NEWLINK' },
        setup(['link', 'del', 'v0.30'], { ns: B, mayFail: true }),
        { id: 'link-add-netns-ipvlan', args: ['link', 'add', 'link', 'v0', 'name', 'ipv0', 'netns', B, 'type', 'ipvlan', 'mode', 'l2'], type: 'RTM_NEWLINK' },
        setup(['link', 'del', 'ipv0'], { ns: B, mayFail: true }),
        { id: 'link-add-netns-vxlan', args: ['link', 'add', 'vx50', 'netns', B, 'type', 'vxlan', 'id', '50', 'dstport', '4789', 'dev', 'v0'], type: 'RTM_NEWLINK' },
        setup(['link', 'del', 'vx50'], { ns: B, mayFail: true }),
        { id: 'link-add-netns-bridge', args: ['link', 'add', 'br9', 'netns', B, 'type', 'bridge', 'stp_state', '0'], type: 'RTM_NEWLINK' },
        setup(['link', 'del', 'br9'], { ns: B, mayFail: true }),
        { id: 'link-add-netns-ifb', args: ['link', 'add', 'ifb9', 'netns', B, 'type', 'ifb'], type: 'RTM_NEWLINK' },
        setup(['link', 'del', 'ifb9'], { ns: B, mayFail: true }),
        { id: 'link-add-netns-veth-both', args: ['link', 'add', 'vk', 'netns', B, 'type', 'veth', 'peer', 'name', 'vl', 'netns', C], type: 'RTM_NEWLINK' },
        setup(['link', 'del', 'vk'], { ns: B, mayFail: true }),
        // the library writes a veth's top-level mtu into the peer too: ip does so only when told
        { id: 'link-add-veth-mtu-both', args: ['link', 'add', 'vm', 'mtu', '1400', 'type', 'veth', 'peer', 'name', 'vn', 'mtu', '1400'], type: 'RTM_NEWLINK' },
        setup(['link', 'del', 'vm'], { mayFail: true }),
        { id: 'link-add-veth-mtu-own-peer', args: ['link', 'add', 'vo', 'mtu', '1400', 'type', 'veth', 'peer', 'name', 'vp', 'mtu', '1300'], type: 'RTM_NEWLINK' },
        setup(['link', 'del', 'vo'], { mayFail: true }),
      ],
    },
    {
      // tc qdisc and class on v0 (iproute2's tc: `tc -n <A> ...`). The kernel may lack fq_codel,
      // prio or netem: tc sends the request all the same, and that request is what is kept.
      name: 'tc',
      file: 'tc.json',
      steps: [
        { id: 'qdisc-add-tbf', tool: 'tc', args: ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'tbf', 'rate', '1mbit', 'burst', '32kb', 'latency', '50ms'], type: 'RTM_NEWQDISC' },
        {
          id: 'qdisc-replace-tbf-limit-peakrate',
          tool: 'tc',
          args: ['qdisc', 'replace', 'dev', 'v0', 'root', 'handle', '1:', 'tbf', 'rate', '10mbit', 'burst', '10kb', 'limit', '100kb', 'peakrate', '20mbit', 'mtu', '1600'],
          type: 'RTM_NEWQDISC',
        },
        {
          id: 'qdisc-change-tbf-peakrate-latency',
          tool: 'tc',
          args: ['qdisc', 'change', 'dev', 'v0', 'root', 'handle', '1:', 'tbf', 'rate', '5mbit', 'burst', '20kb', 'latency', '20ms', 'peakrate', '8mbit', 'mtu', '2kb', 'mpu', '64'],
          type: 'RTM_NEWQDISC',
        },
        { id: 'qdisc-replace-tbf-rate64', tool: 'tc', args: ['qdisc', 'replace', 'dev', 'v0', 'root', 'handle', '1:', 'tbf', 'rate', '40gbit', 'burst', '1mb', 'latency', '10ms'], type: 'RTM_NEWQDISC' },
        { id: 'qdisc-del-root', tool: 'tc', args: ['qdisc', 'del', 'dev', 'v0', 'root'], type: 'RTM_DELQDISC' },
        { id: 'qdisc-add-htb', tool: 'tc', args: ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb', 'default', '10'], type: 'RTM_NEWQDISC' },
        { id: 'class-add-htb', tool: 'tc', args: ['class', 'add', 'dev', 'v0', 'parent', '1:', 'classid', '1:10', 'htb', 'rate', '5mbit'], type: 'RTM_NEWTCLASS' },
        {
          id: 'class-add-htb-options',
          tool: 'tc',
          args: ['class', 'add', 'dev', 'v0', 'parent', '1:', 'classid', '1:20', 'htb', 'rate', '2mbit', 'ceil', '10mbit', 'burst', '15k', 'cburst', '20k',
            'prio', '1', 'quantum', '1500', 'mtu', '9000'],
          type: 'RTM_NEWTCLASS',
        },
        { id: 'class-replace-htb-rate64', tool: 'tc', args: ['class', 'replace', 'dev', 'v0', 'parent', '1:', 'classid', '1:20', 'htb', 'rate', '10gbit', 'ceil', '40gbit'], type: 'RTM_NEWTCLASS' },
        { id: 'class-change-htb', tool: 'tc', args: ['class', 'change', 'dev', 'v0', 'parent', '1:', 'classid', '1:10', 'htb', 'rate', '3mbit', 'ceil', '4mbit'], type: 'RTM_NEWTCLASS' },
        { id: 'class-del', tool: 'tc', args: ['class', 'del', 'dev', 'v0', 'classid', '1:20'], type: 'RTM_DELTCLASS' },
        { id: 'qdisc-replace-htb-r2q', tool: 'tc', args: ['qdisc', 'replace', 'dev', 'v0', 'root', 'handle', '1:', 'htb', 'default', '1f', 'r2q', '5', 'direct_qlen', '100'], type: 'RTM_NEWQDISC' },
        { id: 'qdisc-del-handle', tool: 'tc', args: ['qdisc', 'del', 'dev', 'v0', 'handle', '1:'], type: 'RTM_DELQDISC' },
        { id: 'qdisc-add-ingress', tool: 'tc', args: ['qdisc', 'add', 'dev', 'v0', 'ingress'], type: 'RTM_NEWQDISC' },
        { id: 'qdisc-del-ingress', tool: 'tc', args: ['qdisc', 'del', 'dev', 'v0', 'ingress'], type: 'RTM_DELQDISC' },
        { id: 'qdisc-add-clsact', tool: 'tc', args: ['qdisc', 'add', 'dev', 'v0', 'clsact'], type: 'RTM_NEWQDISC' },
        { id: 'qdisc-del-clsact', tool: 'tc', args: ['qdisc', 'del', 'dev', 'v0', 'clsact'], type: 'RTM_DELQDISC' },
        { id: 'qdisc-add-fq_codel', tool: 'tc', args: ['qdisc', 'add', 'dev', 'v0', 'root', 'fq_codel'], type: 'RTM_NEWQDISC' },
        {
          id: 'qdisc-add-fq_codel-options',
          tool: 'tc',
          args: ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '2:', 'fq_codel', 'limit', '2000', 'flows', '512', 'target', '4ms', 'interval', '90ms',
            'quantum', '1514', 'ecn', 'ce_threshold', '2ms', 'memory_limit', '32mb', 'drop_batch', '32'],
          type: 'RTM_NEWQDISC',
        },
        { id: 'qdisc-add-fq_codel-noecn', tool: 'tc', args: ['qdisc', 'replace', 'dev', 'v0', 'root', 'fq_codel', 'noecn'], type: 'RTM_NEWQDISC' },
        { id: 'qdisc-add-prio', tool: 'tc', args: ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'prio'], type: 'RTM_NEWQDISC' },
        { id: 'qdisc-add-prio-bands-priomap', tool: 'tc', args: ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'prio', 'bands', '4', 'priomap', '3', '2', '1', '0'], type: 'RTM_NEWQDISC' },
        { id: 'qdisc-add-netem-delay', tool: 'tc', args: ['qdisc', 'add', 'dev', 'v0', 'root', 'netem', 'delay', '10ms'], type: 'RTM_NEWQDISC' },
        {
          id: 'qdisc-add-netem-full',
          tool: 'tc',
          args: ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '3:', 'netem', 'delay', '10ms', '2ms', 'loss', '1%', 'rate', '1mbit', 'limit', '500'],
          type: 'RTM_NEWQDISC',
        },
        { id: 'qdisc-add-netem-loss', tool: 'tc', args: ['qdisc', 'add', 'dev', 'v0', 'parent', '1:1', 'netem', 'loss', '0.5%'], type: 'RTM_NEWQDISC' },
        setup(['qdisc', 'del', 'dev', 'v0', 'root'], { tool: 'tc', mayFail: true }),
      ],
    },
    {
      // Bridge port options (ip link set DEV type bridge_slave, on v1, a port of br0 since the fdb
      // group) and link flags/carrier (on v0), each put back afterwards.
      name: 'link-options',
      file: 'link-options.json',
      steps: [
        { id: 'port-set-hairpin', args: ['link', 'set', 'v1', 'type', 'bridge_slave', 'hairpin', 'on'], type: 'RTM_NEWLINK' },
        {
          id: 'port-set-all',
          args: ['link', 'set', 'v1', 'type', 'bridge_slave', 'state', '3', 'priority', '10', 'cost', '100', 'hairpin', 'on', 'guard', 'on',
            'learning', 'off', 'flood', 'off', 'mcast_flood', 'off', 'neigh_suppress', 'on', 'isolated', 'on'],
          type: 'RTM_NEWLINK',
        },
        { id: 'port-set-with-up-mtu', args: ['link', 'set', 'v1', 'up', 'mtu', '1400', 'type', 'bridge_slave', 'learning', 'off'], type: 'RTM_NEWLINK' },
        setup(['link', 'set', 'v1', 'mtu', '1500', 'type', 'bridge_slave', 'hairpin', 'off', 'guard', 'off', 'learning', 'on', 'flood', 'on',
          'mcast_flood', 'on', 'neigh_suppress', 'off', 'isolated', 'off', 'priority', '32', 'cost', '2'], { mayFail: true }),
        { id: 'link-set-promisc-on', args: ['link', 'set', 'v0', 'promisc', 'on'], type: 'RTM_NEWLINK' },
        { id: 'link-set-promisc-off', args: ['link', 'set', 'v0', 'promisc', 'off'], type: 'RTM_NEWLINK' },
        { id: 'link-set-allmulticast-on', args: ['link', 'set', 'v0', 'allmulticast', 'on'], type: 'RTM_NEWLINK' },
        { id: 'link-set-arp-off', args: ['link', 'set', 'v0', 'arp', 'off'], type: 'RTM_NEWLINK' },
        { id: 'link-set-arp-on', args: ['link', 'set', 'v0', 'arp', 'on'], type: 'RTM_NEWLINK' },
        { id: 'link-set-multicast-off', args: ['link', 'set', 'v0', 'multicast', 'off'], type: 'RTM_NEWLINK' },
        { id: 'link-set-flags-all', args: ['link', 'set', 'v0', 'up', 'promisc', 'on', 'allmulticast', 'off', 'arp', 'off', 'multicast', 'on'], type: 'RTM_NEWLINK' },
        // veth has no carrier control (EOPNOTSUPP): the requests are exact all the same
        { id: 'link-set-carrier-off', args: ['link', 'set', 'v0', 'carrier', 'off'], type: 'RTM_NEWLINK' },
        { id: 'link-set-mtu-carrier-on', args: ['link', 'set', 'v0', 'mtu', '1400', 'carrier', 'on'], type: 'RTM_NEWLINK' },
        setup(['link', 'set', 'v0', 'mtu', '1500', 'promisc', 'off', 'allmulticast', 'off', 'arp', 'on', 'multicast', 'on']),
      ],
    },
  ];
}

module.exports = { commandGroups };
