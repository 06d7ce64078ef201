#include "vrf_cgroup.h"

#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <vector>

namespace netns {

namespace {

bool Unsupported(VrfStepFailure& f, int err, const std::string& reason) {
  f = {err, "vrf-unsupported", reason};
  return false;
}

bool Failed(VrfStepFailure& f, int err, const char* call, const std::string& arg) {
  f = {err, call, arg};
  return false;
}

// RTM_GETLINK by name in the current network namespace: the link's index and kind ('' if none).
bool LinkKind(const std::string& name, int& index, std::string& kind, VrfStepFailure& f) {
  if (name.empty() || name.size() >= IFNAMSIZ) return Failed(f, EINVAL, "RTM_GETLINK", name);
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) return Failed(f, errno, "socket", "NETLINK_ROUTE");
  struct {
    nlmsghdr h;
    ifinfomsg i;
    char attrs[RTA_SPACE(IFNAMSIZ)];
  } req{};
  rtattr* a = reinterpret_cast<rtattr*>(req.attrs);
  a->rta_type = IFLA_IFNAME;
  a->rta_len = RTA_LENGTH(name.size() + 1);
  memcpy(RTA_DATA(a), name.c_str(), name.size() + 1);
  req.h.nlmsg_len = NLMSG_LENGTH(sizeof req.i) + RTA_ALIGN(a->rta_len);
  req.h.nlmsg_type = RTM_GETLINK;
  req.h.nlmsg_flags = NLM_F_REQUEST;
  req.h.nlmsg_seq = 1;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  std::vector<char> buf(65536);
  ssize_t n = -1;
  if (sendto(fd, &req, req.h.nlmsg_len, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) >= 0) {
    do n = recv(fd, buf.data(), buf.size(), 0);
    while (n < 0 && errno == EINTR);
  }
  int err = errno;
  close(fd);
  if (n < 0) return Failed(f, err, "RTM_GETLINK", name);
  auto* h = reinterpret_cast<nlmsghdr*>(buf.data());
  if (!NLMSG_OK(h, static_cast<unsigned>(n))) return Failed(f, EPROTO, "RTM_GETLINK", name);
  if (h->nlmsg_type == NLMSG_ERROR) {
    int e = -reinterpret_cast<nlmsgerr*>(NLMSG_DATA(h))->error;
    return Failed(f, e ? e : EPROTO, "RTM_GETLINK", name);
  }
  if (h->nlmsg_type != RTM_NEWLINK || h->nlmsg_len < NLMSG_LENGTH(sizeof(ifinfomsg))) {
    return Failed(f, EPROTO, "RTM_GETLINK", name);
  }
  auto* ifi = reinterpret_cast<ifinfomsg*>(NLMSG_DATA(h));
  index = ifi->ifi_index;
  kind.clear();
  int len = static_cast<int>(IFLA_PAYLOAD(h));
  for (rtattr* r = IFLA_RTA(ifi); RTA_OK(r, len); r = RTA_NEXT(r, len)) {
    if ((r->rta_type & NLA_TYPE_MASK) != IFLA_LINKINFO) continue;
    int inner = static_cast<int>(RTA_PAYLOAD(r));
    for (rtattr* i = reinterpret_cast<rtattr*>(RTA_DATA(r)); RTA_OK(i, inner); i = RTA_NEXT(i, inner)) {
      if ((i->rta_type & NLA_TYPE_MASK) == IFLA_INFO_KIND)
        kind.assign(static_cast<const char*>(RTA_DATA(i)),
                    strnlen(static_cast<const char*>(RTA_DATA(i)), RTA_PAYLOAD(i)));
    }
  }
  return true;
}

// mountinfo escapes blanks and backslashes as \ooo.
std::string Unescape(const std::string& s) {
  auto octal = [](char c) { return c >= '0' && c <= '7'; };
  std::string out;
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] == '\\' && i + 3 < s.size() && octal(s[i + 1]) && octal(s[i + 2]) && octal(s[i + 3])) {
      out += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The directory of this process's cgroup v2: its path from /proc/self/cgroup ("0::PATH", with
// any /vrf/NAME part dropped, as ip vrf exec drops it) under a cgroup2 mount that shows it.
bool HomeCgroup(std::string& home, VrfStepFailure& f) {
  std::ifstream cg("/proc/self/cgroup");
  std::string line, path;
  bool found = false;
  while (std::getline(cg, line)) {
    if (line.rfind("0::", 0) == 0) {
      path = line.substr(3);
      found = true;
      break;
    }
  }
  if (!found) return Unsupported(f, 0, "this process is in no cgroup v2 hierarchy (/proc/self/cgroup has no 0:: line)");
  size_t vrf = path.find("/vrf/");
  if (vrf != std::string::npos) path.erase(vrf);
  if (path.size() >= 4 && path.compare(path.size() - 4, 4, "/vrf") == 0) path.erase(path.size() - 4);
  std::ifstream mounts("/proc/self/mountinfo");
  while (std::getline(mounts, line)) {
    size_t sep = line.find(" - ");
    if (sep == std::string::npos || line.compare(sep + 3, 8, "cgroup2 ") != 0) continue;
    std::istringstream fields(line.substr(0, sep));
    std::string id, parent, dev, root, point;
    fields >> id >> parent >> dev >> root >> point;
    root = Unescape(root);
    if (root == "/") root.clear();
    // A mount of a subtree shows the paths below its root only.
    if (path.compare(0, root.size(), root) != 0 || (path.size() > root.size() && path[root.size()] != '/')) continue;
    home = Unescape(point) + path.substr(root.size());
    while (home.size() > 1 && home.back() == '/') home.pop_back();
    return true;
  }
  return Unsupported(f, 0, "no cgroup2 file system is mounted where this process can see its cgroup");
}

long Bpf(int cmd, bpf_attr& attr) {
  return syscall(__NR_bpf, cmd, &attr, sizeof attr);
}

// The program ip vrf exec loads: sk->sk_bound_dev_if = ifindex for every new inet socket; allow.
int LoadProgram(int ifindex) {
  bpf_insn prog[4] = {};
  prog[0].code = BPF_ALU64 | BPF_MOV | BPF_K;  // r3 = ifindex
  prog[0].dst_reg = BPF_REG_3;
  prog[0].imm = ifindex;
  prog[1].code = BPF_STX | BPF_MEM | BPF_W;  // *(u32 *)(r1 + bound_dev_if) = r3 (r1: struct bpf_sock *)
  prog[1].dst_reg = BPF_REG_1;
  prog[1].src_reg = BPF_REG_3;
  prog[1].off = offsetof(bpf_sock, bound_dev_if);
  prog[2].code = BPF_ALU64 | BPF_MOV | BPF_K;  // r0 = 1: the socket may be made
  prog[2].dst_reg = BPF_REG_0;
  prog[2].imm = 1;
  prog[3].code = BPF_JMP | BPF_EXIT;
  static const char license[] = "GPL";
  bpf_attr attr{};
  attr.prog_type = BPF_PROG_TYPE_CGROUP_SOCK;
  attr.expected_attach_type = BPF_CGROUP_INET_SOCK_CREATE;
  attr.insns = reinterpret_cast<uintptr_t>(prog);
  attr.insn_cnt = 4;
  attr.license = reinterpret_cast<uintptr_t>(license);
  return static_cast<int>(Bpf(BPF_PROG_LOAD, attr));  // its fd is close-on-exec, as every bpf fd
}

// Moves this process into the cgroup dir (relative to the open directory at; '' for at itself).
bool WritePid(int at, const std::string& dir, VrfStepFailure& f) {
  std::string procs = dir.empty() ? "cgroup.procs" : dir + "/cgroup.procs", pid = std::to_string(getpid());
  int fd = openat(at, procs.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return Failed(f, errno, "open", procs);
  bool ok = write(fd, pid.data(), pid.size()) == static_cast<ssize_t>(pid.size());
  int err = errno;
  close(fd);
  return ok || Failed(f, err, "write", procs);
}

}  // namespace

bool VrfCgroup::Plan(const std::string& vrf, const std::string& nsName, VrfStepFailure& f) {
  // Whether this system can do it at all comes first, whichever device is named.
  if (!HomeCgroup(home_, f)) return false;
  // Every later step goes through this fd: the helper's /sys, and the cgroup2 mount under it,
  // is replaced before the command runs, when Leave may still be needed.
  homeFd_ = open(home_.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (homeFd_ < 0) return Failed(f, errno, "open", home_);
  std::string kind;
  if (!LinkKind(vrf, ifindex_, kind, f)) return false;
  if (kind != "vrf") return Failed(f, 0, "vrf-kind", vrf + '\0' + kind);
  vrf_ = vrf;
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);  // with the pid: a name no earlier run left behind
  top_ = "netns-vrf." + std::to_string(getpid()) + "." + std::to_string(now.tv_sec * 1000000000LL + now.tv_nsec);
  leaf_ = top_ + (nsName.empty() ? "" : "/" + nsName + "-ns") + "/vrf/" + vrf;
  return true;
}

VrfCgroup::~VrfCgroup() {
  if (homeFd_ >= 0) close(homeFd_);
}

void VrfCgroup::RemoveMade() {
  for (std::string dir = leaf_; dir.size() > top_.size(); dir.erase(dir.rfind('/')))
    unlinkat(homeFd_, dir.c_str(), AT_REMOVEDIR);
  unlinkat(homeFd_, top_.c_str(), AT_REMOVEDIR);
}

bool VrfCgroup::Enter(VrfStepFailure& f) {
  // top_, then each directory below it down to leaf_.
  std::vector<std::string> dirs{top_};
  for (size_t at = leaf_.find('/', top_.size() + 1); at != std::string::npos; at = leaf_.find('/', at + 1)) {
    dirs.push_back(leaf_.substr(0, at));
  }
  dirs.push_back(leaf_);
  for (const std::string& dir : dirs) {
    if (mkdirat(homeFd_, dir.c_str(), 0755) == 0) continue;
    int err = errno;
    RemoveMade();
    if (err == EROFS) return Unsupported(f, err, "the cgroup2 file system holding " + home_ + " is read-only");
    return Failed(f, err, "mkdir", home_ + "/" + dir);
  }
  int cg = openat(homeFd_, leaf_.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (cg < 0) {
    int err = errno;
    RemoveMade();
    return Failed(f, err, "open", home_ + "/" + leaf_);
  }
  int prog = LoadProgram(ifindex_);
  bool ok = false;
  if (prog < 0) {
    int err = errno;
    if (err == ENOSYS) Unsupported(f, err, "this kernel has no bpf() system call (CONFIG_BPF_SYSCALL)");
    else if (err == EINVAL) Unsupported(f, err, "this kernel loads no cgroup socket programs (CONFIG_CGROUP_BPF)");
    else Failed(f, err, "bpf", "BPF_PROG_LOAD");
  } else {
    bpf_attr attr{};
    attr.target_fd = static_cast<__u32>(cg);
    attr.attach_bpf_fd = static_cast<__u32>(prog);
    attr.attach_type = BPF_CGROUP_INET_SOCK_CREATE;
    if (Bpf(BPF_PROG_ATTACH, attr) == 0) ok = WritePid(homeFd_, leaf_, f);
    else if (errno == EINVAL || errno == EOPNOTSUPP)
      Unsupported(f, errno, "the kernel refused a socket program on the cgroup " + home_ + "/" + leaf_);
    else Failed(f, errno, "bpf", "BPF_PROG_ATTACH");
    close(prog);  // the attachment holds the program now
  }
  close(cg);
  if (!ok) RemoveMade();
  entered_ = ok;
  return ok;
}

void VrfCgroup::Leave() {
  if (!entered_) return;
  VrfStepFailure ignored;
  WritePid(homeFd_, "", ignored);
  RemoveMade();
  entered_ = false;
}

}  // namespace netns
