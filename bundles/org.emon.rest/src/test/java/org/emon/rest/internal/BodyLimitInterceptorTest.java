package org.emon.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.ws.rs.core.MultivaluedHashMap;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.ext.ReaderInterceptorContext;

import org.emon.api.rest.ApiException;
import org.junit.jupiter.api.Test;

class BodyLimitInterceptorTest {

    /** A reading context over {@code body}; {@code proceed()} answers the bytes the next reader would see. */
    private static ReaderInterceptorContext context(InputStream body, String contentLength) {
        AtomicReference<InputStream> stream = new AtomicReference<>(body);
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        if (contentLength != null) {
            headers.putSingle("Content-Length", contentLength);
        }
        return (ReaderInterceptorContext) Proxy.newProxyInstance(BodyLimitInterceptorTest.class.getClassLoader(),
                new Class<?>[] { ReaderInterceptorContext.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaders" -> headers;
                    case "getInputStream" -> stream.get();
                    case "setInputStream" -> {
                        stream.set((InputStream) args[0]);
                        yield null;
                    }
                    case "proceed" -> stream.get().readAllBytes();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static int status(Throwable e) {
        return ((ApiException) e).status();
    }

    @Test
    void aBodyUpToTheLimitPassesWhole() throws Exception {
        byte[] exact = new byte[100];
        assertThat((byte[]) new BodyLimitInterceptor(100).aroundReadFrom(context(new ByteArrayInputStream(exact), "100"))).hasSize(100);
        assertThat((byte[]) new BodyLimitInterceptor(100).aroundReadFrom(context(new ByteArrayInputStream(exact), null))).hasSize(100);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeReading() {
        AtomicLong read = new AtomicLong();
        InputStream counted = new InputStream() {
            @Override
            public int read() {
                read.incrementAndGet();
                return 'x';
            }
        };
        assertThatThrownBy(() -> new BodyLimitInterceptor(100).aroundReadFrom(context(counted, "101")))
                .isInstanceOf(ApiException.class).hasMessage("request body over 100 bytes").satisfies(e -> assertThat(status(e)).isEqualTo(413));
        assertThat(read.get()).isZero();
    }

    @Test
    void anEndlessBodyIsRefusedAfterTheLimitNotReadToItsEnd() {
        AtomicLong served = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served.incrementAndGet();
                return ' ';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                served.addAndGet(len);
                return len;
            }
        };
        assertThatThrownBy(() -> new BodyLimitInterceptor(1 << 20).aroundReadFrom(context(endless, null)))
                .isInstanceOf(ApiException.class).hasMessage("request body over 1048576 bytes")
                .satisfies(e -> assertThat(status(e)).isEqualTo(413));
        assertThat(served.get()).isLessThan(2L << 20);
        // a lying Content-Length does not lift the limit
        assertThatThrownBy(() -> new BodyLimitInterceptor(10).aroundReadFrom(context(new ByteArrayInputStream(new byte[50]), "5")))
                .satisfies(e -> assertThat(status(e)).isEqualTo(413));
    }

    @Test
    void aBrokenConnectionIsABadRequestNotAnError() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Early EOF");
            }
        };
        assertThatThrownBy(() -> new BodyLimitInterceptor(100).aroundReadFrom(context(broken, null))).isInstanceOf(ApiException.class)
                .hasMessageContaining("could not be read").satisfies(e -> assertThat(status(e)).isEqualTo(400));
    }
}
