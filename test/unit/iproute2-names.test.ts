// Table and protocol names come from iproute2's files (/etc/iproute2, /usr/share/iproute2 and their
// .d/*.conf drop-ins) on top of the built-in ones, read the way ip reads them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseProtocol, parseTable, protocolName, setIproute2ConfigDirs, tableName } from '../../lib/codecs/iproute2-names';

let etc: string;
let usr: string;
beforeEach(() => {
  etc = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-etc-'));
  usr = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-usr-'));
  setIproute2ConfigDirs([etc, usr]);
});
afterEach(() => {
  setIproute2ConfigDirs(['/etc/iproute2', '/usr/share/iproute2']);
  for (const d of [etc, usr]) fs.rmSync(d, { recursive: true, force: true });
});

function write(dir: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}

test('tables: the main file, drop-ins of both directories, hex numbers, comments; built-ins stay', () => {
  write(etc, 'rt_tables', '# comment\n100\ttenant_a  # trailing comment\n0x65 tenant_b\nbogus line\n');
  write(etc, 'rt_tables.d/vrf.conf', '1000 vrf_blue\n');
  write(etc, 'rt_tables.d/ignored.txt', '1001 not_read\n');
  write(usr, 'rt_tables.d/dist.conf', '4294967295 top\n');
  expect(parseTable('tenant_a')).toBe(100);
  expect(parseTable('tenant_b')).toBe(101);
  expect(parseTable('vrf_blue')).toBe(1000);
  expect(parseTable('top')).toBe(0xffffffff);
  expect(parseTable('main')).toBe(254);
  expect(parseTable('100')).toBe(100);  // a number as text, as ip takes it
  expect(() => parseTable('4294967296')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
  expect(tableName(1000)).toBe('vrf_blue');
  expect(tableName(1001)).toBe('1001');
  expect(() => parseTable('not_read')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
});

test('the main file comes from /etc when it is there, else from /usr/share', () => {
  write(usr, 'rt_protos', '77 from_usr\n');
  expect(parseProtocol('from_usr')).toBe(77);
  write(etc, 'rt_protos', '78 from_etc\n');
  setIproute2ConfigDirs([etc, usr]);  // read again
  expect(parseProtocol('from_etc')).toBe(78);
  expect(() => parseProtocol('from_usr')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
});

test('protocols: names from files and numbers beyond 255 ignored; a name shadows nothing built in', () => {
  write(etc, 'rt_protos', '250 lab\n300 too_big\n');
  write(etc, 'rt_protos.d/x.conf', '251 lab2\n');
  expect(parseProtocol('lab')).toBe(250);
  expect(parseProtocol('lab2')).toBe(251);
  expect(protocolName(250)).toBe('lab');
  expect(protocolName(186)).toBe('bgp');
  expect(parseProtocol('17')).toBe(17);
  expect(() => parseProtocol('too_big')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
});
