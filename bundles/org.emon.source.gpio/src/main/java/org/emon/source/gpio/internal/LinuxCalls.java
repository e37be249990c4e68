package org.emon.source.gpio.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * The C library calls of the uAPI v2 backend, through JNA: a structure is passed as the byte
 * array {@link GpioAbi} lays out, copied in and back out by JNA. A failed call throws
 * {@link LastErrorException} with the errno.
 */
interface LinuxCalls extends Library {

    int O_RDWR = 2;
    int O_CLOEXEC = 0x80000;
    short POLLIN = 1;
    int EPERM = 1;
    int ENOENT = 2;
    int EINTR = 4;
    int EACCES = 13;
    int EBUSY = 16;
    int EINVAL = 22;

    int open(String path, int flags) throws LastErrorException;

    int ioctl(int fd, NativeLong request, byte[] argument) throws LastErrorException;

    /** @param fds one {@code struct pollfd}: int fd, short events, short revents */
    int poll(byte[] fds, NativeLong count, int timeoutMillis) throws LastErrorException;

    NativeLong read(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    /** Loads the C library on first use, so that a machine where JNA cannot load only fails the uAPI backend. */
    final class Holder {
        static final LinuxCalls C = Native.load("c", LinuxCalls.class);

        private Holder() {
        }
    }
}
