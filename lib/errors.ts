// Error types: argument errors (thrown before any system call), kernel refusals over netlink, and
// helpers shared by every validator.
import { getSystemErrorMap } from 'node:util';

const systemErrors = getSystemErrorMap();

/** errno (positive) -> ['EEXIST', 'file already exists'] */
export function describeErrno(errno: number): { code: string; text: string } {
  const entry = systemErrors.get(-Math.abs(errno));
  return entry ? { code: entry[0], text: entry[1] } : { code: `E${errno}`, text: `errno ${errno}` };
}

/** The kernel's extended acknowledgement (NLMSGERR_ATTR_*): why it refused a request. */
export interface ExtendedAck {
  /** The kernel's text, e.g. "Unknown device type". */
  message?: string;
  /** Offset in the request of the attribute the kernel objected to. */
  offset?: number;
  /** The attribute type the kernel says is missing. */
  missingType?: number;
}

/** A request the kernel refused. */
export class NetlinkError extends Error {
  /** The errno name, as Node's system errors have it: 'EEXIST', 'ENODEV', ... */
  readonly code: string;
  /** The errno number (positive), e.g. 17 for EEXIST. */
  readonly errno: number;
  /** The request that failed, e.g. 'RTM_NEWLINK'. */
  readonly operation: string;
  /** The kernel's explanation, when it sent one. */
  readonly extack?: ExtendedAck;

  /** errno positive; context (e.g. the link's name) goes into the message after the operation. */
  constructor(errno: number, operation: string, extack?: ExtendedAck, context?: string) {
    const { code, text } = describeErrno(errno);
    // Own property only: a polluted Object.prototype.message must not show up as the kernel's words.
    const message = extack !== undefined && Object.hasOwn(extack, 'message') ? extack.message : undefined;
    const detail = message ? `${message} (${text})` : text;
    super(`${operation}${context ? ` ${context}` : ''}: ${code}: ${detail}`);
    this.name = 'NetlinkError';
    this.code = code;
    this.errno = errno;
    this.operation = operation;
    if (extack) this.extack = extack;
  }
}

type ErrorCtor = TypeErrorConstructor | RangeErrorConstructor;

function codedError(Ctor: ErrorCtor, code: string, message: string): Error & { code: string } {
  const err = new Ctor(message) as Error & { code: string };
  err.code = code;
  return err;
}

function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string': return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
    case 'object': return value === null ? 'null' : Array.isArray(value) ? 'an array' : 'an object';
    default: return `${typeof value} ${String(value)}`;  // a primitive or a function
  }
}

/** TypeError ERR_INVALID_ARG_TYPE: the argument is of the wrong type. */
export function invalidArgType(name: string, expected: string, value: unknown): Error {
  return codedError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" argument must be ${expected}. Received ${describeValue(value)}`);
}

/** TypeError ERR_INVALID_ARG_VALUE: right type, unusable value. */
export function invalidArgValue(name: string, value: unknown, reason: string): Error {
  return codedError(TypeError, 'ERR_INVALID_ARG_VALUE',
    `The "${name}" argument ${reason}. Received ${describeValue(value)}`);
}

/** RangeError ERR_OUT_OF_RANGE: a number or length outside what the kernel accepts. */
export function outOfRange(name: string, range: string, value: unknown): Error {
  return codedError(RangeError, 'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${describeValue(value)}`);
}

/** TypeError ERR_INVALID_THIS: a method called on something that is not an instance (Node's wording). */
export function invalidThis(type: string): Error {
  return codedError(TypeError, 'ERR_INVALID_THIS', `Value of "this" must be of type ${type}`);
}

/** An error for a closed handle, like Node's ERR_SOCKET_CLOSED family. */
export function closedError(what: string): Error {
  const err = new Error(`${what} is closed`) as Error & { code: string };
  err.code = 'ERR_NETNS_CLOSED';
  return err;
}
