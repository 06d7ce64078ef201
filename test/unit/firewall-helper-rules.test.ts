// ns.firewall's helpers without a kernel: the option checks (codes, cross-field rules, names that
// could carry nft syntax) and the nft text each helper adds. The integration and e2e tests apply
// this text to real namespaces and send traffic through it.
import { parseFilter, parseMasquerade, parsePortMap, parseRuleRefs } from '../../lib/firewall/helper-options';
import { addScript, chainsListed, filterRules, masqueradeRules, portMapRules, removeScript, rulesTagged } from '../../lib/firewall/helper-rules';
import { addHelperRules, removeHelperRules, type NftRunner } from '../../lib/firewall/helpers';

const TYPE = 'ERR_INVALID_ARG_TYPE', VALUE = 'ERR_INVALID_ARG_VALUE', RANGE = 'ERR_OUT_OF_RANGE';
const code = (c: string) => expect.objectContaining({ code: c });
const texts = (rules: Array<{ chain: string; text: string }>) => rules.map((r) => `${r.chain}: ${r.text}`);

describe('allow/deny', () => {
  test('a match goes to input and forward, fields in a fixed order, the verdict last', () => {
    expect(texts(filterRules(parseFilter({ port: 80, protocol: 'tcp', from: '10.0.0.3', iif: 'eth0' }), 'drop'))).toEqual([
      'input: iifname "eth0" ip saddr 10.0.0.3 tcp dport 80 drop',
      'forward: iifname "eth0" ip saddr 10.0.0.3 tcp dport 80 drop',
    ]);
  });

  test('an oif means forwarded traffic only; prefixes keep their length, IPv6 in canonical form', () => {
    expect(texts(filterRules(parseFilter({ oif: 'out0', to: 'FD00:0::/64', protocol: 'udp', port: { start: 1000, end: 2000 } }), 'accept')))
      .toEqual(['forward: oifname "out0" ip6 daddr fd00::/64 udp dport 1000-2000 accept']);
  });

  test('a protocol without a port; ICMP by family; nothing given matches everything', () => {
    expect(texts(filterRules(parseFilter({ protocol: 'icmpv6' }), 'drop'))[0]).toBe('input: meta l4proto ipv6-icmp drop');
    expect(texts(filterRules(parseFilter({ protocol: 'sctp' }), 'accept'))[1]).toBe('forward: meta l4proto sctp accept');
    expect(texts(filterRules(parseFilter({}), 'drop'))).toEqual(['input: drop', 'forward: drop']);
  });

  test('cross-field checks: port needs a port protocol, families agree, ICMP fits the family', () => {
    expect(() => parseFilter({ port: 80 })).toThrow(code(VALUE));
    expect(() => parseFilter({ port: 80, protocol: 'icmp' })).toThrow(code(VALUE));
    expect(() => parseFilter({ from: '10.0.0.0/8', to: 'fd00::/64' })).toThrow(/options.to.*IPv4 address, as options.from/);
    expect(() => parseFilter({ to: 'fd00::1', protocol: 'icmp' })).toThrow(code(VALUE));
    expect(() => parseFilter({ from: '10.0.0.1', protocol: 'icmpv6' })).toThrow(code(VALUE));
    expect(parseFilter({ from: '10.0.0.1', protocol: 'icmp' }).family).toBe(4);
  });

  test('bad values are TypeErrors and RangeErrors with Node codes', () => {
    expect(() => parseFilter(undefined)).toThrow(code(TYPE));
    expect(() => parseFilter({ bogus: 1 })).toThrow(code(VALUE));
    expect(() => parseFilter({ from: '10.0.0.1/24' })).toThrow(code(VALUE));  // host bits set
    expect(() => parseFilter({ from: 10 })).toThrow(code(TYPE));
    expect(() => parseFilter({ protocol: 'gre' })).toThrow(code(VALUE));
    expect(() => parseFilter({ protocol: 'tcp', port: 0 })).toThrow(code(RANGE));
    expect(() => parseFilter({ protocol: 'tcp', port: 65536 })).toThrow(code(RANGE));
    expect(() => parseFilter({ protocol: 'tcp', port: { start: 90, end: 80 } })).toThrow(code(RANGE));
    expect(() => parseFilter({ protocol: 'tcp', port: { start: 80 } })).toThrow(code(TYPE));
    expect(() => parseFilter({ protocol: 'tcp', port: '80' })).toThrow(code(TYPE));
    expect(() => parseFilter({ iif: 3 })).toThrow(code(TYPE));
  });

  test('interface names that could carry nft syntax are refused', () => {
    for (const name of ['a"b', 'a\\b', 'eth*', "a'b", 'a;b', 'a{b', 'a$b', 'a#b']) {
      expect(() => parseFilter({ iif: name })).toThrow(code(VALUE));
    }
    for (const name of ['a b', 'a\nb', 'a\0b', 'a/b']) expect(() => parseFilter({ oif: name })).toThrow(code(VALUE));
    expect(() => parseFilter({ iif: 'x'.repeat(16) })).toThrow(code(RANGE));
    expect(filterRules(parseFilter({ iif: 'br-lan.10@x+y_z' }), 'drop')[0].text).toBe('iifname "br-lan.10@x+y_z" drop');
  });

  test('own fields only: a polluted Object.prototype adds no match', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.from = '10.0.0.0/8';
    proto.oif = 'evil';
    try {
      expect(texts(filterRules(parseFilter({ protocol: 'tcp' }), 'drop'))).toEqual(['input: meta l4proto tcp drop', 'forward: meta l4proto tcp drop']);
    } finally {
      delete proto.from;
      delete proto.oif;
    }
  });

  test('own fields only: a polluted Object.prototype.port does not become portMap\'s target port', () => {
    const clean = texts(portMapRules(parsePortMap({ protocol: 'tcp', port: 1, to: '1.2.3.4' })));
    const proto = Object.prototype as Record<string, unknown>;
    proto.port = 22;
    try {
      expect(texts(portMapRules(parsePortMap({ protocol: 'tcp', port: 1, to: '1.2.3.4' })))).toEqual(clean);
      expect(clean.join('\n')).not.toContain(':22');
    } finally {
      delete proto.port;
    }
  });
});

describe('masquerade', () => {
  test('source and outgoing interface, or neither', () => {
    expect(texts(masqueradeRules(parseMasquerade({ from: '10.0.0.0/24', out: 'qg-a' })))).toEqual(['postrouting: ip saddr 10.0.0.0/24 oifname "qg-a" masquerade']);
    expect(texts(masqueradeRules(parseMasquerade({ from: 'fd00::/64' })))).toEqual(['postrouting: ip6 saddr fd00::/64 masquerade']);
    expect(texts(masqueradeRules(parseMasquerade({})))).toEqual(['postrouting: masquerade']);
  });

  test('bad options', () => {
    expect(() => parseMasquerade({ to: '10.0.0.0/24' })).toThrow(code(VALUE));
    expect(() => parseMasquerade({ from: '10.0.0.0/33' })).toThrow(code(VALUE));
    expect(() => parseMasquerade({ out: 'a"b' })).toThrow(code(VALUE));
    expect(() => parseMasquerade([])).toThrow(code(TYPE));
  });
});

describe('portMap', () => {
  test('DNAT arriving and from the namespace itself, and the hairpin mark and masquerade', () => {
    expect(texts(portMapRules(parsePortMap({ protocol: 'tcp', port: 8080, to: '10.0.0.2:80' })))).toEqual([
      'prerouting: meta nfproto ipv4 fib daddr type local tcp dport 8080 dnat ip to 10.0.0.2:80',
      'nat_output: ip daddr != 127.0.0.0/8 fib daddr type local tcp dport 8080 dnat ip to 10.0.0.2:80',
      'hairpin: ct state new ct status dnat ip daddr 10.0.0.2 tcp dport 80 fib daddr . iif oif exists meta mark set meta mark or 0x01000000',
      'postrouting: meta mark and 0x01000000 == 0x01000000 ip daddr 10.0.0.2 tcp dport 80 meta mark set meta mark and 0xfeffffff masquerade',
    ]);
  });

  test('IPv6 in brackets; dst and from restrict; the port kept when to has none', () => {
    expect(texts(portMapRules(parsePortMap({ protocol: 'udp', port: { start: 5000, end: 5010 }, to: '[FD00::2]', dst: 'fd00::1', from: '2001:db8::/32' })))).toEqual([
      'prerouting: ip6 saddr 2001:db8::/32 ip6 daddr fd00::1 udp dport 5000-5010 dnat ip6 to fd00::2',
      'nat_output: ip6 saddr 2001:db8::/32 ip6 daddr fd00::1 udp dport 5000-5010 dnat ip6 to fd00::2',
      'hairpin: ct state new ct status dnat ip6 daddr fd00::2 udp dport 5000-5010 fib daddr . iif oif exists meta mark set meta mark or 0x01000000',
      'postrouting: meta mark and 0x01000000 == 0x01000000 ip6 daddr fd00::2 udp dport 5000-5010 meta mark set meta mark and 0xfeffffff masquerade',
    ]);
    expect(texts(portMapRules(parsePortMap({ protocol: 'sctp', port: 9, to: '[fd00::2]:19' })))[0])
      .toBe('prerouting: meta nfproto ipv6 fib daddr type local sctp dport 9 dnat ip6 to [fd00::2]:19');
    const bare = parsePortMap({ protocol: 'tcp', port: 1, to: 'fd00::2' }).to;
    expect([bare.address.text, bare.port]).toEqual(['fd00::2', undefined]);
  });

  test('an iif restricts prerouting and leaves out the namespace\'s own connections', () => {
    expect(texts(portMapRules(parsePortMap({ protocol: 'tcp', port: 8080, to: '10.0.0.2:80', iif: 'qg-a' }))).map((t) => t.split(':')[0]))
      .toEqual(['prerouting', 'hairpin', 'postrouting']);
    expect(portMapRules(parsePortMap({ protocol: 'tcp', port: 8080, to: '10.0.0.2:80', iif: 'qg-a' }))[0].text)
      .toBe('iifname "qg-a" meta nfproto ipv4 fib daddr type local tcp dport 8080 dnat ip to 10.0.0.2:80');
  });

  test('bad options', () => {
    const base = { protocol: 'tcp', port: 8080, to: '10.0.0.2:80' };
    expect(() => parsePortMap({ port: 8080, to: '10.0.0.2' })).toThrow(code(TYPE));  // protocol required
    expect(() => parsePortMap({ protocol: 'tcp', to: '10.0.0.2' })).toThrow(code(TYPE));
    expect(() => parsePortMap({ protocol: 'tcp', port: 1 })).toThrow(code(TYPE));
    expect(() => parsePortMap({ ...base, protocol: 'icmp' })).toThrow(code(VALUE));
    for (const to of ['10.0.0.2:', '10.0.0.2:x', 'host:80', '[10.0.0.2]:80', '[fd00::2:80', 'fd00::2]:80', '10.0.0.2:80:1', '10.0.0.0/24'])
      expect(() => parsePortMap({ ...base, to })).toThrow(code(VALUE));
    expect(() => parsePortMap({ ...base, to: '10.0.0.2:0' })).toThrow(code(RANGE));
    expect(() => parsePortMap({ ...base, to: '10.0.0.2:65536' })).toThrow(code(RANGE));
    expect(() => parsePortMap({ ...base, to: 5 })).toThrow(code(TYPE));
    expect(() => parsePortMap({ ...base, dst: 'fd00::1' })).toThrow(/options.dst.*IPv4/);
    expect(() => parsePortMap({ ...base, from: 'fd00::/8' })).toThrow(code(VALUE));
    expect(() => parsePortMap({ ...base, dst: '10.0.0.0/24' })).toThrow(code(VALUE));
    expect(() => parsePortMap({ ...base, oif: 'x' })).toThrow(code(VALUE));
  });
});

describe('transactions', () => {
  test('chains that exist are not declared again', () => {
    const rules = [...filterRules(parseFilter({}), 'drop'), ...masqueradeRules(parseMasquerade({}))];
    expect(addScript(rules, 't', new Set(['input', 'postrouting', 'other'])).split('\n').filter((l) => !l.startsWith('add rule')))
      .toEqual(['add table inet netns', 'add chain inet netns forward { type filter hook forward priority filter; }', '']);
  });

  test('one table, each chain declared once without a policy, each rule tagged', () => {
    const rules = [...masqueradeRules(parseMasquerade({})), ...filterRules(parseFilter({}), 'drop'), ...masqueradeRules(parseMasquerade({ out: 'o' }))];
    expect(addScript(rules, 'netns:deny:0a')).toBe([
      'add table inet netns',
      'add chain inet netns postrouting { type nat hook postrouting priority srcnat; }',
      'add chain inet netns input { type filter hook input priority filter; }',
      'add chain inet netns forward { type filter hook forward priority filter; }',
      'add rule inet netns postrouting masquerade comment "netns:deny:0a"',
      'add rule inet netns input drop comment "netns:deny:0a"',
      'add rule inet netns forward drop comment "netns:deny:0a"',
      'add rule inet netns postrouting oifname "o" masquerade comment "netns:deny:0a"',
      '',
    ].join('\n'));
  });

  test('the rules a call added are found by its tag, in handle order, in table inet netns only', () => {
    const rule = (family: string, table: string, chain: string, handle: number, comment?: string) => ({ rule: { family, table, chain, handle, comment, expr: [] } });
    const ruleset = {
      nftables: [
        { metainfo: { json_schema_version: 1 } }, { table: { family: 'inet', name: 'netns', handle: 1 } },
        rule('inet', 'netns', 'postrouting', 9, 't1'), rule('inet', 'netns', 'input', 4, 't1'), rule('inet', 'netns', 'input', 5, 't2'),
        rule('ip', 'netns', 'input', 6, 't1'), rule('inet', 'other', 'input', 7, 't1'), rule('inet', 'netns', 'forward', 8),
      ],
    };
    expect(rulesTagged(ruleset, 't1')).toEqual([
      { family: 'inet', table: 'netns', chain: 'input', handle: 4 }, { family: 'inet', table: 'netns', chain: 'postrouting', handle: 9 },
    ]);
    expect(rulesTagged(ruleset, 'none')).toEqual([]);
    const chain = (family: string, table: string, name: string, type?: string, hook?: string, prio?: number) => ({ chain: { family, table, name, handle: 1, type, hook, prio } });
    expect(chainsListed({
      nftables: [
        chain('inet', 'netns', 'input', 'filter', 'input', 0), chain('ip', 'netns', 'forward', 'filter', 'forward', 0),
        chain('inet', 'nat', 'hairpin', 'filter', 'forward', -150), chain('inet', 'netns', 'hairpin', 'filter', 'forward', -150),
        chain('inet', 'netns', 'forward'), chain('inet', 'netns', 'postrouting', 'nat', 'postrouting', 0), chain('inet', 'netns', 'mine', 'filter', 'input', 0),
        chain('inet', 'netns', 'prerouting', 'filter', 'prerouting', -100), chain('inet', 'netns', 'nat_output', 'nat', 'output', -100),
      ],
    })).toEqual(new Set(['input', 'hairpin', 'nat_output']));
  });

  test('remove deletes by handle; its argument is checked whole first', () => {
    expect(removeScript(parseRuleRefs([{ family: 'inet', table: 'netns', chain: 'input', handle: 4 }, { family: 'inet', table: 'netns', chain: 'hairpin', handle: 12 }])))
      .toBe('delete rule inet netns input handle 4\ndelete rule inet netns hairpin handle 12\n');
    const ok = { family: 'inet', table: 'netns', chain: 'input', handle: 4 };
    expect(() => parseRuleRefs(ok)).toThrow(code(TYPE));
    expect(() => parseRuleRefs([{ ...ok, table: 'filter' }])).toThrow(code(VALUE));
    expect(() => parseRuleRefs([{ ...ok, family: 'ip' }])).toThrow(code(VALUE));
    expect(() => parseRuleRefs([{ ...ok, chain: 'input handle 1\nflush ruleset' }])).toThrow(code(VALUE));
    expect(() => parseRuleRefs([{ ...ok, handle: 0 }])).toThrow(code(RANGE));
    expect(() => parseRuleRefs([{ ...ok, handle: '4' }])).toThrow(code(TYPE));
    expect(() => parseRuleRefs([ok, { ...ok, extra: 1 }])).toThrow(code(VALUE));
  });

  test('a helper call runs nothing when its options are bad, and rejects rather than throws', async () => {
    const calls: string[] = [];
    const run: NftRunner = (op, commands) => { calls.push(`${op} ${commands}`); return Promise.resolve('{"nftables":[]}'); };
    const pending = addHelperRules(run, 'deny', { port: 80 });
    await expect(pending).rejects.toThrow(code(VALUE));
    await expect(removeHelperRules(run, [{ chain: 'input' }])).rejects.toThrow(code(TYPE));
    await removeHelperRules(run, []);
    expect(calls).toEqual([]);
  });

  test('a helper call lists the chains, adds its rules in one transaction, and takes its own rules\' handles from what nft echoes', async () => {
    const calls: Array<[string, string, string]> = [];
    let tag = '';
    const rule = (chain: string, handle: number, comment: string) => ({ add: { rule: { family: 'inet', table: 'netns', chain, handle, comment } } });
    const run: NftRunner = (op, commands, mode) => {
      calls.push([op, commands, mode]);
      if (mode === 'echo') {
        tag = /comment "([^"]+)"/.exec(commands)![1];
        // What nft -e -a -j prints: the chain it added, its rules, and (here) a rule with another tag.
        return Promise.resolve(JSON.stringify({ nftables: [
          { add: { chain: { family: 'inet', table: 'netns', name: 'forward', handle: 2 } } },
          rule('input', 3, tag), rule('forward', 4, tag), rule('forward', 5, 'netns:allow:other'),
        ] }));
      }
      return Promise.resolve(JSON.stringify({ nftables: [{ chain: { family: 'inet', table: 'netns', name: 'input', type: 'filter', hook: 'input', prio: 0 } }] }));
    };
    await expect(addHelperRules(run, 'allow', { iif: 'o' })).resolves.toEqual([
      { family: 'inet', table: 'netns', chain: 'input', handle: 3 }, { family: 'inet', table: 'netns', chain: 'forward', handle: 4 },
    ]);
    expect(tag).toMatch(/^netns:allow:[0-9a-f]{12}$/);
    expect(calls).toEqual([
      ['firewall.allow', 'list chains inet', 'json'],
      ['firewall.allow', [
        'add table inet netns', 'add chain inet netns forward { type filter hook forward priority filter; }',
        `add rule inet netns input iifname "o" accept comment "${tag}"`, `add rule inet netns forward iifname "o" accept comment "${tag}"`, '',
      ].join('\n'), 'echo'],
    ]);
  });

  test('a chain deleted between the listing and the transaction (ENOENT): the rules go in again with every chain declared', async () => {
    const scripts: string[] = [];
    const run: NftRunner = (_op, commands, mode) => {
      if (commands === 'list chains inet') return Promise.resolve(JSON.stringify({ nftables: [{ chain: { family: 'inet', table: 'netns', name: 'postrouting', type: 'nat', hook: 'postrouting', prio: 100 } }] }));
      if (mode !== 'echo') return Promise.resolve('{"nftables":[]}');
      scripts.push(commands);
      return scripts.length === 1 ? Promise.reject(Object.assign(new Error('gone'), { code: 'ENOENT' })) : Promise.resolve('{"nftables":[]}');
    };
    await addHelperRules(run, 'masquerade', {});
    expect(scripts.map((sc) => sc.split('\n').filter((l) => l.startsWith('add chain')).length)).toEqual([0, 1]);
    const refusing: NftRunner = (_op, _commands, mode) => (mode === 'json' ? Promise.resolve('{"nftables":[]}') : Promise.reject(Object.assign(new Error('no'), { code: 'EEXIST' })));
    await expect(addHelperRules(refusing, 'masquerade', {})).rejects.toMatchObject({ code: 'EEXIST' });
  });
});
