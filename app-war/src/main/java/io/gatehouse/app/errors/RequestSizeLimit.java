package io.gatehouse.app.errors;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over the limit with 413: at once when Content-Length says so, and while reading
 * for chunked bodies, so a client cannot make the server buffer more than the limit.
 */
@Provider
public class RequestSizeLimit implements ContainerRequestFilter {
    static final String MAX_BODY_BYTES = "gatehouse.api.max-body-bytes";
    private final long maxBytes;

    /**
     * A plain JAX-RS provider rather than a CDI bean: Liberty's RESTEasy fails to construct CDI-managed request
     * filters with an injecting constructor (NPE in CdiInjectorFactory.createConstructor), so the limit is read here.
     */
    public RequestSizeLimit() {
        this(ConfigProvider.getConfig().getOptionalValue(MAX_BODY_BYTES, Long.class).orElse(65_536L));
    }

    RequestSizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > maxBytes) {
            throw tooLarge();
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Bounded(request.getEntityStream()));
        }
    }

    private ProblemException tooLarge() {
        return new ProblemException(Response.Status.REQUEST_ENTITY_TOO_LARGE, "request body larger than " + maxBytes + " bytes");
    }

    private final class Bounded extends FilterInputStream {
        private long count;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) {
            count += n;
            if (count > maxBytes) {
                throw tooLarge();
            }
        }
    }
}
