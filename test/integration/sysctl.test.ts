// Per-namespace sysctls, checked with sysctl(8) run inside the namespace.
import fs from 'node:fs';
import { withNamespaces, ip } from '../helpers';
import { sysctlPath } from '../../lib/collections/sysctl';

describe('sysctl', () => {
  test('set and get net.* inside one namespace only', async () => {
    const hostForward = fs.readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8');
    await withNamespaces(2, async (a, b) => {
      expect(await a.sysctl.get('net.ipv4.ip_forward')).toBe('0');
      await a.sysctl.set('net.ipv4.ip_forward', 1);
      expect(await a.sysctl.get('net.ipv4.ip_forward')).toBe('1');
      expect((await a.exec('sysctl', ['-n', 'net.ipv4.ip_forward'])).stdout.trim()).toBe('1');
      // Not in a sibling, not on the host.
      expect(await b.sysctl.get('net.ipv4.ip_forward')).toBe('0');
      expect(fs.readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8')).toBe(hostForward);
      await a.sysctl.set('net.ipv4.ip_forward', false);
      expect(await a.sysctl.get('net.ipv4.ip_forward')).toBe('0');
    });
  });

  test('multi-value settings and device names with dots', async () => {
    await withNamespaces(1, async (a) => {
      await a.sysctl.set('net.ipv4.ip_local_port_range', '20000 30000');
      expect(await a.sysctl.get('net.ipv4.ip_local_port_range')).toBe('20000\t30000');
      await ip(a, ['link', 'add', 'v0.7', 'type', 'veth', 'peer', 'name', 'p7']);
      await a.sysctl.set('net.ipv6.conf.v0/7.disable_ipv6', 1);
      expect((await a.exec('cat', ['/proc/sys/net/ipv6/conf/v0.7/disable_ipv6'])).stdout.trim()).toBe('1');
    });
  });

  test('errors: non-net keys and bad values before any system call; missing keys are ENOENT', async () => {
    expect(() => sysctlPath('kernel.hostname')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
    expect(() => sysctlPath('net..x')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
    expect(() => sysctlPath('net.ipv4.conf.../x')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
    expect(sysctlPath('net.ipv4.conf.v0/10.forwarding')).toBe('/proc/sys/net/ipv4/conf/v0.10/forwarding');
    await withNamespaces(1, async (a) => {
      await expect(a.sysctl.get('kernel.hostname')).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
      await expect(a.sysctl.set('net.ipv4.ip_forward', {} as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
      await expect(a.sysctl.get('net.ipv4.no_such_setting')).rejects.toMatchObject({ code: 'ENOENT', syscall: 'open' });
      await expect(a.sysctl.set('net.ipv4.ip_forward', 'x')).rejects.toMatchObject({ code: 'EINVAL', syscall: 'write' });
    });
  });
});
