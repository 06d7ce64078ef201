// Go side of `npm run bench -- peers`: Debian's vishvananda/netlink and netns, built in GOPATH mode
// against /usr/share/gocode. One workload per process, inside a namespace the runner made, the way
// Go users write it (a Handle made with NewHandleAt, one RouteAdd per route). Prints one JSON line
// {"ms", "count"}; the clock starts at the first operation.
// Usage: add NS COUNT | mtu NS IFNAME COUNT WARM | dump NS TABLE | netns PREFIX COUNT
package main

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
)

const table = 100

var gateway = net.ParseIP("10.0.0.2")

func prefix(i int) *net.IPNet {
	return &net.IPNet{IP: net.IPv4(198, byte(18+(i>>16)), byte(i>>8), byte(i)).To4(), Mask: net.CIDRMask(32, 32)}
}

func mtu(i int) int {
	if i&1 == 1 {
		return 1400
	}
	return 1500
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	check(err)
	return n
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func handleIn(name string) *netlink.Handle {
	ns, err := netns.GetFromName(name)
	check(err)
	h, err := netlink.NewHandleAt(ns)
	check(err)
	ns.Close()
	return h
}

// createDelete makes and removes count named namespaces. NewNamed leaves the calling thread in the
// new namespace, so the thread is locked and moved back, as Go programs using it must do.
func createDelete(prefix string, count int) {
	runtime.LockOSThread()
	origin, err := netns.Get()
	check(err)
	for i := 0; i < count; i++ {
		name := fmt.Sprintf("%s-%d", prefix, i)
		ns, err := netns.NewNamed(name)
		check(err)
		check(netns.Set(origin))
		ns.Close()
		check(netns.DeleteNamed(name))
	}
}

func main() {
	args := os.Args[1:]
	var t0 time.Time
	count := 0
	switch args[0] {
	case "add":
		h := handleIn(args[1])
		count = atoi(args[2])
		t0 = time.Now()
		for i := 0; i < count; i++ {
			check(h.RouteAdd(&netlink.Route{Dst: prefix(i), Gw: gateway, Table: table}))
		}
	case "mtu":
		h := handleIn(args[1])
		link, err := h.LinkByName(args[2])
		check(err)
		count = atoi(args[3])
		warm := atoi(args[4])
		for i := 0; i < warm; i++ {
			check(h.LinkSetMTU(link, mtu(i)))
		}
		t0 = time.Now()
		for i := warm; i < warm+count; i++ {
			check(h.LinkSetMTU(link, mtu(i)))
		}
	case "dump":
		h := handleIn(args[1])
		filter := &netlink.Route{Table: atoi(args[2])}
		t0 = time.Now()
		routes, err := h.RouteListFiltered(netlink.FAMILY_V4, filter, netlink.RT_FILTER_TABLE)
		check(err)
		count = len(routes)
	case "netns":
		count = atoi(args[2])
		t0 = time.Now()
		createDelete(args[1], count)
	default:
		check(fmt.Errorf("unknown workload %q", args[0]))
	}
	ms := float64(time.Since(t0).Nanoseconds()) / 1e6
	out, err := json.Marshal(map[string]float64{"ms": ms, "count": float64(count)})
	check(err)
	fmt.Println(string(out))
}
