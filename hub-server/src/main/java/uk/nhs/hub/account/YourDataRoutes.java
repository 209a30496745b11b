package uk.nhs.hub.account;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.Responses;

import java.time.Clock;
import java.time.LocalDate;

/** The API of "Your data": {@code GET /api/me/export} and {@code DELETE /api/me}. */
final class YourDataRoutes {

    private final DataExport export;
    private final AccountErasure erasure;
    private final Authentication authentication;
    private final Clock clock;

    YourDataRoutes(DataExport export, AccountErasure erasure, Authentication authentication, Clock clock) {
        this.export = export;
        this.erasure = erasure;
        this.authentication = authentication;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/api/me/export").handler(authentication.requireUser()).handler(this::export);
        router.delete("/api/me").handler(authentication.requireUser()).handler(JsonBodies.required())
            .handler(this::erase);
    }

    private void export(RoutingContext ctx) {
        download(ctx, export, clock);
    }

    /** Sends the signed-in person's export; shared with the page's download link. */
    static void download(RoutingContext ctx, DataExport export, Clock clock) {
        ctx.response().setChunked(true)
            .putHeader("Content-Type", "application/zip")
            .putHeader("Content-Disposition", "attachment; filename=\"hub-data-" + LocalDate.now(clock) + ".zip\"")
            .putHeader("Cache-Control", "no-store");
        export.write(SignedInUser.required(ctx).id(), ctx.response()).onFailure(err -> {
            if (ctx.response().headWritten()) {
                // a ZIP cut short must not arrive looking complete
                ctx.response().reset();
            } else {
                ctx.fail(err);
            }
        });
    }

    private void erase(RoutingContext ctx) {
        String password = JsonBodies.text(JsonBodies.of(ctx), "password");
        String code = JsonBodies.text(JsonBodies.of(ctx), "code");
        erasure.erase(SignedInUser.required(ctx), ErasureProof.of(password, code), RequestOrigin.of(ctx))
            .onSuccess(v -> {
                authentication.clearCookie(ctx);
                Responses.noContent(ctx);
            })
            .onFailure(ctx::fail);
    }
}
