package uk.nhs.hub.project;

import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A project page's live address, {@code hub.client.project.<projectId>}: server to browser.
 * Publisher: {@link ProjectService} and {@link ConsultationService}, after a change commits. Audience: whoever
 * may see the project (network members, organisers above, the project team), checked on register. Payload
 * {@code {type, projectId, activity}} with type {@code project.update.added}, {@code project.stage.changed},
 * {@code project.hearing.changed}, {@code project.consultation.changed}, {@code project.changed} or
 * {@code project.measure.changed} (a measure or one of its readings added, changed or removed, published
 * through the same change by {@link ProjectMeasures}).
 * {@code activity} is the project's change counter: the page was rendered with the counter at that moment, so on
 * (re)connecting it asks {@code GET /api/projects/{id}} and compares; a notice or a catch-up with a higher counter
 * tells the reader the page is out of date and offers to reload it, and a repeated notice changes nothing.
 */
final class ProjectEvents {

    static final String ADDRESS_PREFIX = "hub.client.project.";
    static final Pattern ADDRESS = Pattern.compile(
        "hub\\.client\\.project\\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    static final String UPDATE_ADDED = "project.update.added";
    static final String STAGE_CHANGED = "project.stage.changed";
    static final String HEARING_CHANGED = "project.hearing.changed";
    static final String CHANGED = "project.changed";
    /** A consultation was set up or changed, or its count of responses rose. */
    static final String CONSULTATION_CHANGED = "project.consultation.changed";
    static final String MEASURE_CHANGED = "project.measure.changed";

    private ProjectEvents() {
    }

    static String address(UUID projectId) {
        return ADDRESS_PREFIX + projectId;
    }

    static JsonObject event(String type, UUID projectId, long activity) {
        return new JsonObject().put("type", type).put("projectId", projectId.toString()).put("activity", activity);
    }
}
