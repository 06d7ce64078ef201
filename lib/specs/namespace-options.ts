// The options of Namespace.create, attach and open: where the namespace's name is bind-mounted,
// and whether the handle keeps the namespace's fd open while idle.
import { invalidArgValue } from '../errors';
import { Schema } from './schema';
import { validateBoolean, validateString } from './validate';

const pin = (v: unknown, name: string): boolean => validateBoolean(v, name);

export const createOptionsSchema = new Schema('Namespace.create options', {
  runDir: (v, name) => {
    // A NUL would cut the path short in every system call.
    if (validateString(v, name).length === 0 || (v as string).includes('\0')) throw invalidArgValue(name, v, 'must be a non-empty path without NUL bytes');
    return v;
  },
  pin,
});

export const openOptionsSchema = new Schema('Namespace.open options', { pin });
