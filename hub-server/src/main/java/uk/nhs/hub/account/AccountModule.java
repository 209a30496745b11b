package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.platform.EmailTemplates;
import uk.nhs.hub.platform.EventBusBridge;
import uk.nhs.hub.platform.HubConfig;
import uk.nhs.hub.platform.Pages;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * The account feature assembled: its service, the authentication and CSRF steps other features put in their
 * route chains, its routes and pages, and its bridge rule.
 */
public final class AccountModule {

    private final AccountService service;
    private final Authentication authentication;
    private final CsrfProtection csrf;
    private final AccountRoutes routes;
    private final AccountPages pages;
    private YourData yourData;
    private SingleSignOn singleSignOn;
    private TwoStepService twoStep;
    private TwoStepRoutes twoStepRoutes;
    private TwoStepPages twoStepPages;
    private PasswordService passwords;
    private PasswordRoutes passwordRoutes;
    private PasswordPages passwordPages;
    private final SessionRoutes sessionRoutes;
    private Suspensions suspensions;
    private final YourAccountPages yourAccountPages;

    private AccountModule(AccountService service, Authentication authentication, CsrfProtection csrf,
                          AccountRoutes routes, AccountPages pages, SessionRoutes sessionRoutes,
                          YourAccountPages yourAccountPages) {
        this.service = service;
        this.authentication = authentication;
        this.csrf = csrf;
        this.routes = routes;
        this.pages = pages;
        this.sessionRoutes = sessionRoutes;
        this.yourAccountPages = yourAccountPages;
    }

    /** Loads the signing key and builds the feature; signing out closes that person's connections to {@code bridge}. */
    public static Future<AccountModule> create(Vertx vertx, Pool pool, HubConfig config, Pages pageRenderer,
                                               EventBusBridge bridge, Clock clock) {
        return AccessTokens.create(vertx, config.jwtKeyFile(), Duration.ofMinutes(config.security().tokenMinutes()))
            .map(tokens -> {
                boolean secure = config.http().cookieSecure();
                Sessions sessions = new Sessions(pool);
                Authentication authentication = new Authentication(tokens, sessions, secure, clock);
                AccountService service = new AccountService(vertx, pool, new AccountRepository(pool),
                    new PasswordHasher(vertx), tokens, sessions, new LoginThrottle(config.security().login(), clock),
                    bridge);
                TwoStepService twoStep = new TwoStepService(pool, service,
                    new LoginThrottle(config.security().login(), clock), clock);
                service.secondStep(twoStep);
                SessionService signIns = new SessionService(pool, bridge, config.security().tokenMinutes());
                AccountModule module = new AccountModule(service, authentication, new CsrfProtection(tokens, secure),
                    new AccountRoutes(service, authentication),
                    new AccountPages(service, authentication, pageRenderer),
                    new SessionRoutes(signIns, authentication),
                    new YourAccountPages(service, signIns, authentication, pageRenderer));
                module.singleSignOn = new SingleSignOn(vertx, pool, config, service, authentication, pageRenderer);
                if (module.singleSignOn.enabled()) {
                    module.pages.singleSignOn(module.singleSignOn.displayName());
                }
                module.yourData = new YourData(pool, new PasswordHasher(vertx), bridge, twoStep, authentication, pageRenderer, clock);
                module.twoStep = twoStep;
                module.twoStepRoutes = new TwoStepRoutes(twoStep, authentication);
                module.twoStepPages = new TwoStepPages(twoStep, authentication, pageRenderer);
                module.passwords = new PasswordService(vertx, pool, new PasswordHasher(vertx), bridge,
                    new EmailTemplates(), config.http().baseUrl(), new ResetRequestLimit(clock),
                    new LoginThrottle(config.security().login(), clock));
                module.passwordRoutes = new PasswordRoutes(module.passwords, authentication);
                module.passwordPages = new PasswordPages(module.passwords, authentication, pageRenderer);
                module.suspensions = new Suspensions(pool, bridge);
                return module;
            });
    }

    /** Lets registration from an invitation's link keep the invited address. */
    public void keepInvitedAddresses(InvitedAddresses invited) {
        pages.invitedAddresses(invited);
    }

    public AccountService service() {
        return service;
    }

    public Authentication authentication() {
        return authentication;
    }

    /** Suspending and reactivating accounts, for the administration feature. */
    public Suspensions suspensions() {
        return suspensions;
    }

    /** Adds a step to every sign-in's transaction (see {@link AccountService.SignInStep}). */
    public void onSignIn(AccountService.SignInStep step) {
        service.signInStep(step);
    }

    /** Two-step sign-in, which networks that require it ask about their organisers and central team. */
    public TwoStepService twoStep() {
        return twoStep;
    }

    public CsrfProtection csrf() {
        return csrf;
    }

    /** Mounts the account API and pages. */
    public void mount(Router router) {
        routes.mount(router);
        pages.mount(router);
        singleSignOn.mount(router);
        yourData.mount(router);
        twoStepRoutes.mount(router);
        twoStepPages.mount(router);
        passwordRoutes.mount(router);
        passwordPages.mount(router);
        sessionRoutes.mount(router);
        yourAccountPages.mount(router);
    }

    /** Each user may receive only their own notices. */
    public EventBusBridge.Rule bridgeRule() {
        return new EventBusBridge.Rule(AccountEvents.USER_ADDRESS, (userId, address) ->
            Future.succeededFuture(address.equals(AccountEvents.userAddress(UUID.fromString(userId)))));
    }
}
