package io.gatehouse.app.security;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Every answer of the API is about one caller's data (or why they may not have it), so no browser, proxy or CDN may
 * keep a copy: {@code Cache-Control: no-store} on all of them, errors included. Revalidation still works through ETags.
 */
@Provider
public class NoStoreResponses implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
