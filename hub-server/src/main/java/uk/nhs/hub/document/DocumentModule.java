package uk.nhs.hub.document;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.CsrfProtection;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.HubConfig;
import uk.nhs.hub.platform.JobRuns;
import uk.nhs.hub.platform.Pages;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The library feature assembled: its API and its pages. Its upload routes must be mounted ahead of the hub's body handler
 * ({@link #mountUploads}), the rest with the other features ({@link #mount}).
 */
public final class DocumentModule {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentModule.class);
    /** An upload still unfinished after this long was abandoned by a node that stopped mid-upload. */
    private static final long ABANDONED_AFTER_SECONDS = 6 * 3600;
    /** How long reading one paper's text may take, and how much of it is kept for search. */
    static final long TEXT_TIME_LIMIT_MILLIS = 30_000;
    static final int TEXT_CHARACTER_LIMIT = 1_000_000;
    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final Vertx vertx;
    private final Pool pool;
    private final DocumentService service;
    private final DocumentRoutes routes;
    private final DocumentPages pages;
    private final PaperTextJob paperText;
    private final PaperPurge purge;
    private final PaperForms paperForms;
    private long sweeper = -1;
    private long purger = -1;

    public DocumentModule(Vertx vertx, Pool pool, HubConfig config, NetworkService networks,
                          Authentication authentication, CsrfProtection csrf, Pages pages) {
        this.vertx = vertx;
        this.pool = pool;
        this.service = new DocumentService(vertx, pool, networks);
        this.paperText = new PaperTextJob(vertx, pool, new PaperText(TEXT_TIME_LIMIT_MILLIS, TEXT_CHARACTER_LIMIT));
        service.onNewVersion(paperText::nudge);
        this.routes = new DocumentRoutes(service, authentication, csrf, config.documents().maxUploadBytes());
        this.purge = new PaperPurge(pool);
        this.pages = new DocumentPages(service, networks, authentication, csrf, pages, config.documents().maxUploadBytes());
        this.paperForms = new PaperForms(service, authentication, csrf, config.documents().maxUploadBytes());
    }

    /** The streamed upload routes: mount before the body handler, which would otherwise buffer the file. */
    public void mountUploads(Router router) {
        routes.mountUploads(router);
        pages.mountUploads(router);
    }

    /** Streamed page forms of other features that may carry a file for the library (a reply with a paper). */
    public PaperForms paperForms() {
        return paperForms;
    }

    /**
     * Lets people who do not read the library download the documents attached where they may look: a document is
     * readable when any of the features that attach documents says so.
     */
    public void readAttachedPapersWith(AttachedPapers... readers) {
        service.readAttachedPapersWith(AttachedPapers.anyOf(List.of(readers)));
    }

    public void mount(Router router) {
        routes.mount(router);
        pages.mount(router);
    }

    /**
     * Removes, now and then every hour, uploads left unfinished by a node that stopped mid-upload (a running
     * node removes its own failed uploads at once).
     */
    public void startSweeping(JobRuns runs) {
        runs.record(this::sweep);
        sweeper = vertx.setPeriodic(3_600_000, id -> runs.record(this::sweep));
    }

    public void stopSweeping() {
        if (sweeper >= 0) {
            vertx.cancelTimer(sweeper);
        }
        paperText.stop();
        if (purger >= 0) {
            vertx.cancelTimer(purger);
        }
    }

    /**
     * Reads the text of uploaded papers for search: soon after each upload here, and every half minute for
     * those uploaded through other nodes.
     */
    public void startReadingText(JobRuns runs) {
        paperText.start(30_000, runs);
    }

    /**
     * Purges, every night at about 2am UK time, documents deleted more than 30 days ago (with their versions and
     * any content no other version uses). Every node schedules it; one of them does the work each night.
     */
    public void startPurging(JobRuns runs, Clock clock) {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(UK));
        ZonedDateTime next = now.toLocalDate().atTime(2, 0).atZone(UK);
        if (!next.isAfter(now)) {
            next = now.toLocalDate().plusDays(1).atTime(2, 0).atZone(UK);
        }
        long delay = Math.max(1, Duration.between(now, next).toMillis());
        purger = vertx.setTimer(delay, id -> runs.record(() -> purgeDeletedPapers(clock.instant()).<Void>mapEmpty())
            .onComplete(done -> startPurging(runs, clock)));
    }

    /** One purge run as of {@code now}, returning the counts it recorded in the audit log (tests pass their own now). */
    public Future<JsonObject> purgeDeletedPapers(Instant now) {
        return purge.run(now)
            .onFailure(err -> LOG.warn("could not purge deleted papers: {}", err.toString()))
            .map(purged -> new JsonObject().put("documents", purged.documents()).put("versions", purged.versions())
                .put("blobs", purged.blobs()));
    }

    private Future<Void> sweep() {
        return pool.preparedQuery(DocumentSql.DELETE_ABANDONED).execute(Tuple.of((double) ABANDONED_AFTER_SECONDS))
            .onSuccess(rows -> {
                if (rows.rowCount() > 0) {
                    LOG.info("removed {} abandoned uploads", rows.rowCount());
                }
            })
            .onFailure(err -> LOG.warn("could not remove abandoned uploads: {}", err.toString()))
            .mapEmpty();
    }
}
