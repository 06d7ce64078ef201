#!/usr/bin/python3
# pyroute2 side of `npm run bench -- peers` (Debian's python3-pyroute2): one workload per process,
# inside a namespace the runner made. Prints one JSON line {"ms", "count"}; the clock starts at the
# first operation (imports, setns and the socket are not timed).
# Usage: add NS COUNT | mtu NS IFNAME COUNT WARM | dump NS TABLE | netns PREFIX COUNT
import json
import os
import sys
import time

from pyroute2 import IPRoute, netns

GATEWAY = '10.0.0.2'
TABLE = 100


def prefix(i):
    return '198.%d.%d.%d/32' % (18 + (i >> 16), (i >> 8) & 255, i & 255)


def enter(name):
    # setns by fd with flags 0: never creates a namespace (the default O_CREAT would).
    fd = os.open(os.path.join('/run/netns', name), os.O_RDONLY | os.O_CLOEXEC)
    try:
        netns.setns(fd, flags=0)
    finally:
        os.close(fd)


def add(ipr, count):
    t0 = time.monotonic()
    for i in range(count):
        ipr.route('add', dst=prefix(i), gateway=GATEWAY, table=TABLE)
    return time.monotonic() - t0


def mtu(ipr, ifname, count, warm):
    index = ipr.link_lookup(ifname=ifname)[0]
    for i in range(warm):
        ipr.link('set', index=index, mtu=1400 if i & 1 else 1500)
    t0 = time.monotonic()
    for i in range(warm, warm + count):
        ipr.link('set', index=index, mtu=1400 if i & 1 else 1500)
    return time.monotonic() - t0


def main(argv):
    what = argv[1]
    if what == 'netns':
        prefix_, count = argv[2], int(argv[3])
        t0 = time.monotonic()
        for i in range(count):
            name = '%s-%d' % (prefix_, i)
            netns.create(name)
            netns.remove(name)
        seconds, n = time.monotonic() - t0, count
    else:
        enter(argv[2])
        with IPRoute() as ipr:
            if what == 'add':
                n = int(argv[3])
                seconds = add(ipr, n)
            elif what == 'mtu':
                n = int(argv[4])
                seconds = mtu(ipr, argv[3], n, int(argv[5]))
            elif what == 'dump':
                t0 = time.monotonic()
                routes = ipr.get_routes(family=2, table=int(argv[3]))
                seconds, n = time.monotonic() - t0, len(routes)
            else:
                raise SystemExit('unknown workload ' + what)
    print(json.dumps({'ms': seconds * 1e3, 'count': n}))


if __name__ == '__main__':
    main(sys.argv)
