// The options of Namespace.create and attach: where the namespace's name is bind-mounted.
import { invalidArgValue } from '../errors';
import { Schema } from './schema';
import { validateString } from './validate';

export const createOptionsSchema = new Schema('Namespace.create options', {
  runDir: (v, name) => {
    // A NUL would cut the path short in every system call.
    if (validateString(v, name).length === 0 || (v as string).includes('\0')) throw invalidArgValue(name, v, 'must be a non-empty path without NUL bytes');
    return v;
  },
});
