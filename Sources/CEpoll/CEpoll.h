// epoll, eventfd and timerfd, which the toolchain's Glibc module leaves out. Only system headers: no code
// of our own, so the server still uses nothing but the C library.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
