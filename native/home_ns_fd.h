// A namespace fd the addon keeps for the process's life (the namespace thread's home, each
// environment's initial namespace). User code can close any fd number (fs.closeSync on a guess),
// and the number may then name another file, even another namespace. So the fd lives at a high
// number, away from the low ones open() hands out, and its identity (st_dev, st_ino) is checked
// before use: on a mismatch the namespace is reopened from a path that names it, the main
// thread's (Node's threads never leave the initial namespace), and checked against the record.
#pragma once
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <string>

namespace netns {

class HomeNsFd {
 public:
  // Opens path (a namespace file) and records what it is; false (errno set) on failure.
  bool Open(const char* path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st;
    if (fstat(fd, &st) != 0) {
      int err = errno;
      close(fd);
      errno = err;
      return false;
    }
    fd_ = MoveHigh(fd);
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    return true;
  }

  bool opened() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  dev_t dev() const { return dev_; }
  ino_t ino() const { return ino_; }

  // The fd, still the recorded namespace; reopened if its number was closed or reused (the old
  // number is left alone: it is someone else's now). -1 (errno set) if the namespace cannot be
  // had back. Not thread-safe: one thread uses it.
  int Checked() {
    struct stat st;
    if (fd_ >= 0 && fstat(fd_, &st) == 0 && st.st_dev == dev_ && st.st_ino == ino_) return fd_;
    std::string path = "/proc/self/task/" + std::to_string(getpid()) + "/ns/net";
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    if (fstat(fd, &st) != 0 || st.st_dev != dev_ || st.st_ino != ino_) {
      close(fd);
      errno = ESTALE;  // the main thread is elsewhere: nothing names the namespace any more
      return -1;
    }
    fd_ = MoveHigh(fd);
    return fd_;
  }

  void Close() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  // A copy at 1000 or above (below the fd limit if that is lower), the original closed; the fd
  // as it is if there is no room up there.
  static int MoveHigh(int fd) {
    int min = 1000;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur <= 1000)
      min = static_cast<int>(rl.rlim_cur * 3 / 4);
    if (fd >= min) return fd;
    int high = fcntl(fd, F_DUPFD_CLOEXEC, min);
    if (high < 0) return fd;
    close(fd);
    return high;
  }

  int fd_ = -1;
  dev_t dev_ = 0;
  ino_t ino_ = 0;
};

}  // namespace netns
