package uk.nhs.hub.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.account.AccountModule;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.HubConfig;
import uk.nhs.hub.platform.Pages;

import java.time.Clock;

/**
 * Platform administration assembled: makes the configured administrators, adds them at sign-in, limits who creates
 * top-level networks, and mounts the {@code /admin} pages, the {@code /api/admin} API and networks' records
 * exports.
 */
public final class AdminModule {

    private final Administrators administrators;
    private final AdminRoutes routes;
    private final AdminPages pages;
    private final RecordsExport records;

    public AdminModule(Vertx vertx, Pool pool, HubConfig config, AccountModule accounts, NetworkService networks,
                       Pages pageRenderer) {
        this.administrators = new Administrators(pool, config.administration().adminEmails());
        NetworkRequests requests = new NetworkRequests(vertx, pool, networks, administrators,
            config.administration().networkCreation(), config.http().baseUrl());
        AccountDirectory directory = new AccountDirectory(pool);
        AuditReader audit = new AuditReader(pool);
        this.routes = new AdminRoutes(administrators, directory, accounts.suspensions(), requests, audit,
            accounts.authentication());
        this.pages = new AdminPages(administrators, directory, accounts.suspensions(), requests, audit,
            new NetworkDirectory(pool), accounts.authentication(), pageRenderer);
        this.records = new RecordsExport(pool, networks, administrators, accounts.authentication(), Clock.systemUTC());
        accounts.onSignIn(administrators::signedIn);
        networks.limitTopLevelCreation(requests.rule());
    }

    /** Makes the accounts named by {@code HUB_ADMIN_EMAILS} administrators; run once at start-up. */
    public Future<Void> applyConfiguredAdministrators() {
        return administrators.applyConfigured();
    }

    /** Whether someone is an administrator, for other features. */
    public Administrators administrators() {
        return administrators;
    }

    /** Mount before the network pages, which this narrows for {@code /networks/new}. */
    public void mount(Router router) {
        routes.mount(router);
        pages.mount(router);
        records.mount(router);
    }
}
