#!/usr/bin/python3
# pyroute2 side of `npm run bench -- firewall` (Debian's python3-pyroute2 0.7): the same table,
# chain and rules as nft makes for `ip saddr A tcp dport P accept` (meta nfproto + cmp, payload +
# cmp, meta l4proto + cmp, payload + cmp, immediate accept; rule i: 10.0.0.0 + 1 + i, port
# 1024 + i % 64000), encoded by pyroute2's nftables messages.
#   batch: one transaction per apply, through NFTSocket.begin / request_put / commit (commit only
#          sends; a get_tables round trip after it returns once the kernel has run the batch)
#   api:   NFTables.rule('add', ...), the documented call: one transaction, acked, per rule
# Usage: pyroute2_nft.py NETNS_PATH batch|api ruleset|one COUNT|FIRST REPS. Prints each rep's ms on
# one line; between reps of the whole ruleset the table is deleted, untimed.
import os
import struct
import sys
import time

from pyroute2 import netns
from pyroute2.netlink import NLM_F_APPEND, NLM_F_CREATE, NLM_F_REQUEST
from pyroute2.netlink.nfnetlink.nftsocket import (
    NFT_MSG_NEWCHAIN, NFT_MSG_NEWRULE, NFT_MSG_NEWTABLE, nft_chain_msg, nft_rule_msg, nft_table_msg,
)
from pyroute2.nftables.expressions import genex
from pyroute2.nftables.main import NFTables

NFPROTO_INET = 1
NF_INET_LOCAL_IN = 1


def value(data):
    return {'attrs': [('NFTA_DATA_VALUE', data)]}


def expressions(i):
    cmp = lambda data: genex('cmp', {'sreg': 1, 'op': 0, 'data': value(data)})  # NFT_REG_1, NFT_CMP_EQ
    return [
        genex('meta', {'key': 15, 'dreg': 1}),  # NFT_META_NFPROTO
        cmp(b'\x02'),  # NFPROTO_IPV4
        genex('payload', {'dreg': 1, 'base': 1, 'offset': 12, 'len': 4}),  # network header: saddr
        cmp(struct.pack('>I', 0x0A000001 + i)),
        genex('meta', {'key': 16, 'dreg': 1}),  # NFT_META_L4PROTO
        cmp(b'\x06'),  # IPPROTO_TCP
        genex('payload', {'dreg': 1, 'base': 2, 'offset': 2, 'len': 2}),  # transport header: dport
        cmp(struct.pack('>H', 1024 + i % 64000)),
        genex('immediate', {'dreg': 0, 'data': {'attrs': [('NFTA_DATA_VERDICT', {'attrs': [('NFTA_VERDICT_CODE', 1)]})]}}),
    ]


def message(cls, attrs):
    msg = cls()
    msg['attrs'] = attrs
    return msg


def put_rule(nft, i):
    msg = message(nft_rule_msg, [('NFTA_RULE_TABLE', 'bench'), ('NFTA_RULE_CHAIN', 'input'), ('NFTA_RULE_EXPRESSIONS', expressions(i))])
    nft.request_put(msg, NFT_MSG_NEWRULE, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_APPEND)


def batch(nft, whole, n, rep):
    nft.begin()
    if whole:
        nft.request_put(message(nft_table_msg, [('NFTA_TABLE_NAME', 'bench'), ('NFTA_TABLE_FLAGS', 0)]), NFT_MSG_NEWTABLE)
        hook = {'attrs': [('NFTA_HOOK_HOOKNUM', NF_INET_LOCAL_IN), ('NFTA_HOOK_PRIORITY', 0)]}
        chain = [('NFTA_CHAIN_TABLE', 'bench'), ('NFTA_CHAIN_NAME', 'input'), ('NFTA_CHAIN_HOOK', hook), ('NFTA_CHAIN_TYPE', 'filter')]
        nft.request_put(message(nft_chain_msg, chain), NFT_MSG_NEWCHAIN, NLM_F_REQUEST | NLM_F_CREATE)
        for i in range(n):
            put_rule(nft, i)
    else:
        put_rule(nft, n + rep)
    nft.commit()
    nft.get_tables()


def api(nft, whole, n, rep):
    if whole:
        nft.table('add', name='bench')
        nft.chain('add', table='bench', name='input', hook='input', type='filter', priority=0)
        for i in range(n):
            nft.rule('add', table='bench', chain='input', expressions=[expressions(i)])
    else:
        nft.rule('add', table='bench', chain='input', expressions=[expressions(n + rep)])


def main():
    path, how, case, n, reps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    # setns by fd with flags 0: never creates a namespace (the default O_CREAT would).
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        netns.setns(fd, flags=0)
    finally:
        os.close(fd)
    whole = case == 'ruleset'
    apply = {'batch': batch, 'api': api}[how]
    nft = NFTables(nfgen_family=NFPROTO_INET)
    times = []
    for rep in range(reps):
        t0 = time.monotonic()
        apply(nft, whole, n, rep)
        times.append((time.monotonic() - t0) * 1e3)
        if whole and rep < reps - 1:
            nft.table('del', name='bench')
    nft.close()
    print(' '.join('%.3f' % t for t in times))


if __name__ == '__main__':
    main()
