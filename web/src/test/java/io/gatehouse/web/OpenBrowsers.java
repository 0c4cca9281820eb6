package io.gatehouse.web;

import io.gatehouse.stack.Stack;
import io.gatehouse.stack.web.WebServer;

import java.util.ArrayList;
import java.util.List;

/** The browsers a test opened, each on the stack's web front-end; all closed after the test. */
final class OpenBrowsers implements AutoCloseable {
    private final List<Browser> open = new ArrayList<>();
    private final String webUrl;

    OpenBrowsers(Stack stack) {
        this.webUrl = stack.server(WebServer.class).settings().url();
    }

    /** A page in a new laptop-sized browser. */
    GatehousePage page() {
        return page(Browser.laptop());
    }

    /** A page in {@code browser}, which is closed with the others. */
    GatehousePage page(Browser browser) {
        open.add(browser);
        return new GatehousePage(browser, webUrl);
    }

    @Override
    public void close() {
        open.forEach(Browser::close);
    }
}
