// native.closeFd closes only fds the addon handed out: a second close of a handle's number, or any
// number it never gave, must not close whatever fd holds that number now (a file, a socket).
import fs from 'node:fs';
import { native } from '../../lib/native';
import { withNamespaces } from '../helpers';

function isOpen(fd: number): boolean {
  try {
    fs.fstatSync(fd);
    return true;
  } catch {
    return false;
  }
}

test('closeFd of a number the addon never gave is EBADF and leaves that fd open', () => {
  const fd = fs.openSync('/dev/null', 'r');
  try {
    expect(() => native.closeFd(fd)).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'close' }));
    expect(fs.readlinkSync(`/proc/self/fd/${fd}`)).toBe('/dev/null');
  } finally {
    fs.closeSync(fd);
  }
});

test('a second closeFd of a handle fd is EBADF, also once the number is reused', () => {
  // The lowest free number is reused unless another thread takes it first: retry a few times.
  for (let attempt = 0; attempt < 20; attempt++) {
    const id = native.openNamespace('/proc/self/ns/net');
    native.closeFd(id.fd);
    const other = fs.openSync('/dev/null', 'r');
    try {
      if (other !== id.fd) continue;
      expect(() => native.closeFd(id.fd)).toThrow(expect.objectContaining({ code: 'EBADF' }));
      expect(isOpen(other)).toBe(true);
      return;
    } finally {
      fs.closeSync(other);
    }
  }
  throw new Error('the fd number was never reused');
});

test('a failed bind closes its socket (listen on a port in use leaves no fd)', async () => {
  await withNamespaces(1, async (ns) => {
    const server = await ns.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { port } = server.address() as { port: number };
      const before = fs.readdirSync('/proc/self/fd').length;
      await expect(ns.listen({ host: '127.0.0.1', port })).rejects.toMatchObject({ code: 'EADDRINUSE', syscall: 'bind' });
      expect(fs.readdirSync('/proc/self/fd').length).toBe(before);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
