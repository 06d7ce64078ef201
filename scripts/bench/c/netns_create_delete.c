/* Reference for `npm run bench -- namespaces`: what a plain C program pays to create and delete a
 * named namespace the way iproute2 does it (flock'd shared /run/netns, O_EXCL name, unshare on a
 * thread, bind mount; umount2 MNT_DETACH + unlink). Usage: netns_create_delete PREFIX COUNT */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *run_dir = "/run/netns";

static void *bind_new_netns(void *path) {
  if (unshare(CLONE_NEWNET) != 0) { perror("unshare"); exit(1); }
  if (mount("/proc/thread-self/ns/net", path, "none", MS_BIND, NULL) != 0) { perror("mount"); exit(1); }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: %s PREFIX COUNT\n", argv[0]); return 2; }
  int count = atoi(argv[2]);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int i = 0; i < count; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s-%d", run_dir, argv[1], i);
    mkdir(run_dir, 0755);
    int lock = open(run_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    flock(lock, LOCK_EX);
    if (mount("", run_dir, "none", MS_SHARED | MS_REC, NULL) != 0) { perror("mount shared"); return 1; }
    close(lock);
    int fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
    if (fd < 0) { perror("open"); return 1; }
    close(fd);
    pthread_t t;
    pthread_create(&t, NULL, bind_new_netns, path);
    pthread_join(t, NULL);
    umount2(path, MNT_DETACH);
    if (unlink(path) != 0) { perror("unlink"); return 1; }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("%.3f\n", (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
  return 0;
}
