// Namespaces a request names by fd number (IFLA_NET_NS_FD, NETNSA_FD). The kernel resolves the
// number when it handles the message, which is after the call returned: a microtask later, after
// name lookups, or when an atomic batch lets its requests go. A handle closed meanwhile frees its
// number for the next open, and the request would then act on that namespace instead. So each
// request holds its own copy of every fd it names, taken when the call is made and closed once,
// when the request has completed whichever way (done, refused, dropped, connection closed).
import { native } from '../native';
import { invalidArgValue } from '../errors';
import type { Namespace } from '../namespace';
import { contextOf } from '../collections/context';

export class HeldNamespaces {
  readonly #fds = new Map<Namespace, number>();

  /** Takes a copy of ns's fd now (ns must be open: its `fd` getter says if not); one per handle. */
  hold(ns: Namespace): number {
    let fd = this.#fds.get(ns);
    if (fd === undefined) {
      fd = native.dupFd(contextOf(ns).fd());
      this.#fds.set(ns, fd);
    }
    return fd;
  }

  /** The copy to write into a message for ns, which the call must have held. */
  fd(ns: unknown, field: string): number {
    const fd = this.#fds.get(ns as Namespace);
    // Only if the spec was changed to another namespace after the call: refuse rather than guess.
    if (fd === undefined) throw invalidArgValue(field, ns, 'is not the Namespace given when the call was made');
    return fd;
  }

  /** Closes every copy; later calls find none. */
  release(): void {
    const fds = [...this.#fds.values()];
    this.#fds.clear();
    for (const fd of fds) native.closeFd(fd);
  }
}

/** Nothing held: for requests that name no namespace (fd() refuses any). */
export const NOTHING_HELD = new HeldNamespaces();

/**
 * Runs op with a holder of its own, released when op's promise settles. op takes its copies
 * synchronously, before its first await (that is, at call time); a throw there rejects.
 */
export function holdingNamespaces<T>(op: (held: HeldNamespaces) => Promise<T>): Promise<T> {
  const held = new HeldNamespaces();
  let result: Promise<T>;
  try {
    result = op(held);
  } catch (err) {
    held.release();
    return Promise.reject(err);
  }
  return result.finally(() => held.release());
}
