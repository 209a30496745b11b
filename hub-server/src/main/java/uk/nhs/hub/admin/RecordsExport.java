package uk.nhs.hub.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.network.Network;
import uk.nhs.hub.network.NetworkAccess;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.AuditLog;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.ZipExport;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A network's records for a Freedom of Information request or a records-management review: its discussions,
 * meetings (dates, agendas and minutes, replies, attendance), the broadcasts it received and its answers, its members
 * and its library and projects, as readable HTML pages with JSON and CSV beside them, streamed as one ZIP
 * ({@code GET /api/networks/{id}/export.zip}, and {@code /networks/{slug}/records.zip} for the page's link).
 *
 * <p>Who may download: the network's organisers, whoever runs a network above it, and platform administrators.
 * Anyone else who may see the network gets 403; anyone who may not, the 404 an unknown network gets. Each download
 * is recorded in the audit log before the first byte is sent.
 */
final class RecordsExport {

    /** Rows fetched from a cursor at a time, and the size of the chunks written to the response. */
    private static final int FETCH_ROWS = 200;
    private static final int CHUNK_BYTES = 64 * 1024;

    static final List<ZipExport.Section> SECTIONS = List.of(
        new ZipExport.Section("network", RecordsSql.NETWORK, true, false, "The network"),
        new ZipExport.Section("members", RecordsSql.MEMBERS, false, true, "Members"),
        new ZipExport.Section("threads", RecordsSql.THREADS, false, true, "Discussions"),
        new ZipExport.Section("posts", RecordsSql.POSTS, false, true, "Posts in the discussions"),
        new ZipExport.Section("meetings", RecordsSql.MEETINGS, false, true, "Meetings"),
        new ZipExport.Section("meeting-date-changes", RecordsSql.DATE_CHANGES, false, true,
            "Meeting dates cancelled, moved or given a theme"),
        new ZipExport.Section("agendas-and-minutes", RecordsSql.ITEMS, false, true, "Agenda items, actions and minutes"),
        new ZipExport.Section("meeting-papers", RecordsSql.PAPERS, false, true, "Papers for meeting dates"),
        new ZipExport.Section("replies", RecordsSql.REPLIES, false, true, "Replies to meeting dates"),
        new ZipExport.Section("attendance", RecordsSql.ATTENDANCE, false, true, "Attendance at meeting dates"),
        new ZipExport.Section("broadcasts", RecordsSql.BROADCASTS, false, true, "Broadcasts the network received"),
        new ZipExport.Section("broadcast-acknowledgements", RecordsSql.ACKNOWLEDGEMENTS, false, true,
            "Acknowledgements of broadcasts"),
        new ZipExport.Section("broadcast-responses", RecordsSql.RESPONSES, false, false,
            "The network's responses to broadcasts"),
        new ZipExport.Section("library", RecordsSql.DOCUMENTS, false, true, "Papers in the library (not their content)"),
        new ZipExport.Section("projects", RecordsSql.PROJECTS, false, true, "Service change projects"));

    private final ZipExport zip;
    private final NetworkService networks;
    private final Administrators administrators;
    private final Authentication authentication;
    private final Pool pool;
    private final Clock clock;

    RecordsExport(Pool pool, NetworkService networks, Administrators administrators, Authentication authentication,
                  Clock clock) {
        this.zip = new ZipExport(pool, FETCH_ROWS, CHUNK_BYTES);
        this.pool = pool;
        this.networks = networks;
        this.administrators = administrators;
        this.authentication = authentication;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/api/networks/:id/export.zip").handler(authentication.requireUser())
            .handler(ctx -> download(ctx, PathParams.uuid(ctx, "id", "Network not found")));
        router.get("/networks/:slug/records.zip").handler(authentication.requireUserPage())
            .handler(ctx -> networks.accessBySlug(ctx.pathParam("slug"), SignedInUser.required(ctx).id())
                .onSuccess(access -> download(ctx, access.network().id()))
                .onFailure(ctx::fail));
    }

    /** Whether the page should offer the download to this person (it checks again when they follow the link). */
    Future<Boolean> mayExport(NetworkAccess access) {
        return mayExportWithoutAdmin(access) ? Future.succeededFuture(true)
            : administrators.isAdministrator(access.userId());
    }

    private static boolean mayExportWithoutAdmin(NetworkAccess access) {
        return access.isOrganiser() || access.managesAncestor();
    }

    private void download(RoutingContext ctx, UUID networkId) {
        SignedInUser user = SignedInUser.required(ctx);
        RequestOrigin origin = RequestOrigin.of(ctx);
        Future.all(networks.access(networkId, user.id()), administrators.isAdministrator(user.id()))
            .compose(both -> {
                NetworkAccess access = both.resultAt(0);
                boolean administrator = both.resultAt(1);
                if (!administrator) {
                    access.requireVisible();
                    if (!mayExportWithoutAdmin(access)) {
                        if (access.ownRole() != null) {
                            access.requireTwoStepIfNeeded();
                        }
                        throw HubException.forbidden("Only the network's organisers and administrators can download its records");
                    }
                }
                Network network = access.network();
                return pool.withTransaction(tx -> AuditLog.record(tx, new AuditLog.Entry(user.id(), "network.exported",
                        network.id().toString(), origin.remoteAddress(), origin.requestId(),
                        new JsonObject().put("networkId", network.id().toString())
                            .put("asAdministrator", administrator && !mayExportWithoutAdmin(access)))))
                    .map(v -> network);
            })
            .onFailure(ctx::fail)
            .onSuccess(network -> {
                ctx.response().setChunked(true)
                    .putHeader("Content-Type", "application/zip")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + network.slug() + "-records-"
                        + LocalDate.now(clock) + ".zip\"")
                    .putHeader("Cache-Control", "no-store");
                zip.write(SECTIONS, Tuple.of(network.id()), new ZipExport.Pages("Records of " + network.name(),
                        "Everything the hub held for " + network.name() + " on "
                            + DateTimeWords.date(LocalDate.now(clock)) + ". Each page below is also given as JSON, and the tables as CSV. Times on these pages are UK time; in the JSON and CSV files they are ISO 8601 with their offset from UTC."),
                        ctx.response())
                    .onFailure(err -> {
                        if (ctx.response().headWritten()) {
                            // a ZIP cut short must not arrive looking complete
                            ctx.response().reset();
                        } else {
                            ctx.fail(err);
                        }
                    });
            });
    }
}
