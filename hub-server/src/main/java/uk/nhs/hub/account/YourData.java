package uk.nhs.hub.account;

import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.platform.EventBusBridge;
import uk.nhs.hub.platform.Pages;

import java.time.Clock;

/** "Your data" assembled: the export and erasure of a person's own data, as API and pages. */
final class YourData {

    /** Rows fetched from a cursor at a time, and bytes gathered before each write to the response. */
    static final int FETCH_ROWS = 100;
    static final int CHUNK_BYTES = 16 * 1024;

    private final YourDataRoutes routes;
    private final YourDataPages pages;

    YourData(Pool pool, PasswordHasher hasher, EventBusBridge bridge, TwoStepService twoStep, Authentication authentication,
             Pages pageRenderer, Clock clock) {
        DataExport export = new DataExport(pool, FETCH_ROWS, CHUNK_BYTES);
        AccountErasure erasure = new AccountErasure(pool, hasher, bridge, twoStep);
        this.routes = new YourDataRoutes(export, erasure, authentication, clock);
        this.pages = new YourDataPages(export, erasure, twoStep, authentication, pageRenderer, clock);
    }

    void mount(Router router) {
        routes.mount(router);
        pages.mount(router);
    }
}
