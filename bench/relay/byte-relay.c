/*
 * byte-relay: the least a PostgreSQL proxy can do, for the OLTP benchmark's floor.
 *
 * Every client connection gets its own connection to the backend, and bytes are copied both ways as they come:
 * no parsing, no pooling, no routing. A proxy in front of PostgreSQL pays at least this (a receive and a send for each
 * direction of every round trip), so the relay's throughput bounds what any proxy can reach on the same machine.
 *
 * Usage: byte-relay LISTEN_PORT BACKEND_PORT   (both on 127.0.0.1)
 *
 * One thread and level-triggered epoll, as PgBouncer. A send the peer cannot take at once waits for it with poll:
 * that stalls the other connections, which is no matter for a benchmark's small messages.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

enum { MAX_FDS = 1 << 16, EVENTS = 64, BUFFER = 64 * 1024 };

static int peer_of[MAX_FDS];

static struct sockaddr_in loopback(int port)
{
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

static int watch(int epoll, int fd)
{
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct epoll_event event = { .events = EPOLLIN, .data.fd = fd };
    return epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event);
}

/* Closes both ends; a later event of this batch for either is then skipped. */
static void close_pair(int fd)
{
    int peer = peer_of[fd];
    peer_of[fd] = -1;
    peer_of[peer] = -1;
    close(fd);
    close(peer);
}

/* Sends all of buffer, waiting for the socket when it is full; -1 when the peer is gone. */
static int send_all(int fd, const char *buffer, ssize_t length)
{
    while (length > 0) {
        ssize_t sent = send(fd, buffer, (size_t)length, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0) {
            if (errno != EAGAIN && errno != EINTR) {
                return -1;
            }
            struct pollfd writable = { .fd = fd, .events = POLLOUT };
            poll(&writable, 1, -1);
            continue;
        }
        buffer += sent;
        length -= sent;
    }
    return 0;
}

static void accept_client(int epoll, int listener, int backend_port)
{
    int client = accept(listener, NULL, NULL);
    if (client < 0) {
        return;
    }
    int backend = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = loopback(backend_port);
    if (backend < 0 || client >= MAX_FDS || backend >= MAX_FDS
        || connect(backend, (struct sockaddr *)&address, sizeof address) != 0
        || watch(epoll, client) != 0 || watch(epoll, backend) != 0) {
        close(client);
        if (backend >= 0) {
            close(backend);
        }
        return;
    }
    peer_of[client] = backend;
    peer_of[backend] = client;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s LISTEN_PORT BACKEND_PORT\n", argv[0]);
        return 2;
    }
    int listen_port = atoi(argv[1]), backend_port = atoi(argv[2]);
    signal(SIGPIPE, SIG_IGN);
    for (int fd = 0; fd < MAX_FDS; fd++) {
        peer_of[fd] = -1;
    }

    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = loopback(listen_port);
    if (listener < 0 || bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 1024) != 0) {
        perror("byte-relay: listen");
        return 1;
    }

    int epoll = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event event = { .events = EPOLLIN, .data.fd = listener };
    if (epoll < 0 || epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &event) != 0) {
        perror("byte-relay: epoll");
        return 1;
    }
    printf("byte-relay listening on 127.0.0.1:%d, relaying to 127.0.0.1:%d\n", listen_port, backend_port);
    fflush(stdout);

    static char buffer[BUFFER];
    struct epoll_event ready[EVENTS];
    for (;;) {
        int count = epoll_wait(epoll, ready, EVENTS, -1);
        for (int i = 0; i < count; i++) {
            int fd = ready[i].data.fd;
            if (fd == listener) {
                accept_client(epoll, listener, backend_port);
                continue;
            }
            if (peer_of[fd] < 0) {
                continue;
            }
            ssize_t received = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (received < 0 && (errno == EAGAIN || errno == EINTR)) {
                continue;
            }
            if (received <= 0 || send_all(peer_of[fd], buffer, received) != 0) {
                close_pair(fd);
            }
        }
    }
}
