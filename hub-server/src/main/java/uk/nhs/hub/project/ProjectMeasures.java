package uk.nhs.hub.project;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.HubException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/**
 * A project's impact measures and their dated readings. Whoever may see the project may read them; whoever may
 * change the project may change them; anyone else is told the measure does not exist. Every change goes through
 * the project's own change (lock, raise activity, publish), so an open project page hears of a new reading.
 */
final class ProjectMeasures {

    static final Set<String> DIRECTIONS = Set.of("up", "down");
    /** The largest reading, baseline or target: the chart draws whole numbers, and more would not fit them. */
    private static final BigDecimal MOST = new BigDecimal("1000000000");
    private static final String MEASURE_NOT_FOUND = "Measure not found";

    private final Pool pool;
    private final ProjectService projects;

    ProjectMeasures(Pool pool, ProjectService projects) {
        this.pool = pool;
        this.projects = projects;
    }

    /** The measures of a project this person may see, each with its readings in date order. */
    Future<JsonObject> list(SignedInUser actor, UUID projectId) {
        return projects.seen(actor.id(), projectId).compose(seen -> measures(projectId).map(measures ->
            new JsonObject().put("projectId", projectId.toString()).put("mayEdit", seen.mayEdit()).put("measures", measures)));
    }

    /** Every measure of a project, for a caller that has already checked who is asking. */
    Future<JsonArray> measures(UUID projectId) {
        Future<RowSet<Row>> measures = pool.preparedQuery(MeasureSql.MEASURES).execute(Tuple.of(projectId));
        Future<RowSet<Row>> readings = pool.preparedQuery(MeasureSql.READINGS).execute(Tuple.of(projectId));
        return Future.all(measures, readings).map(all -> {
            JsonArray list = new JsonArray();
            for (Row row : measures.result()) {
                JsonArray taken = new JsonArray();
                for (Row reading : readings.result()) {
                    if (reading.getUUID("measure_id").equals(row.getUUID("id"))) {
                        taken.add(new JsonObject().put("id", reading.getUUID("id").toString())
                            .put("date", reading.getLocalDate("taken_on").toString())
                            .put("value", reading.getDouble("value")).put("note", reading.getString("note")));
                    }
                }
                list.add(new JsonObject().put("id", row.getUUID("id").toString()).put("projectId", projectId.toString())
                    .put("name", row.getString("name")).put("unit", row.getString("unit"))
                    .put("baseline", row.getDouble("baseline")).put("target", row.getDouble("target"))
                    .put("direction", row.getString("direction")).put("readings", taken));
            }
            return list;
        });
    }

    Future<JsonObject> create(SignedInUser actor, UUID projectId, JsonObject body) {
        String name;
        String unit;
        BigDecimal baseline;
        BigDecimal target;
        String direction;
        try {
            name = ProjectService.required(body, "name", 200, "Enter what the measure counts");
            unit = ProjectService.required(body, "unit", 60, "Enter the unit, such as days or percent");
            baseline = number(body, "baseline", false);
            target = number(body, "target", false);
            direction = direction(body, "up");
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        UUID[] created = new UUID[1];
        return projects.seen(actor.id(), projectId).compose(seen -> projects.change(actor, seen.requireEdit(), null,
                ProjectEvents.MEASURE_CHANGED, tx -> tx.preparedQuery(MeasureSql.ADD_MEASURE)
                    .execute(Tuple.of(projectId, name, unit, decimal(baseline), decimal(target), direction))
                    .map(rows -> {
                        created[0] = rows.iterator().next().getUUID("id");
                        return null;
                    })))
            .compose(project -> one(projectId, created[0]));
    }

    Future<JsonObject> update(SignedInUser actor, UUID measureId, JsonObject body) {
        String name;
        String unit;
        BigDecimal baseline;
        BigDecimal target;
        String direction;
        try {
            name = body.getValue("name") == null ? null : ProjectService.required(body, "name", 200, "Enter what the measure counts");
            unit = body.getValue("unit") == null ? null : ProjectService.required(body, "unit", 60, "Enter the unit, such as days or percent");
            baseline = number(body, "baseline", false);
            target = number(body, "target", false);
            direction = direction(body, null);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return editable(actor, MeasureSql.PROJECT_OF_MEASURE, measureId).compose(seen -> projects.change(actor, seen, null,
                ProjectEvents.MEASURE_CHANGED, tx -> tx.preparedQuery(MeasureSql.UPDATE_MEASURE)
                    .execute(Tuple.of(seen.id(), measureId, name, unit, decimal(baseline), decimal(target),
                        body.containsKey("baseline"), body.containsKey("target"), direction))
                    .compose(ProjectMeasures::found))
            .compose(project -> one(seen.id(), measureId)));
    }

    Future<Void> delete(SignedInUser actor, UUID measureId) {
        return editable(actor, MeasureSql.PROJECT_OF_MEASURE, measureId).compose(seen -> projects.change(actor, seen, null,
            ProjectEvents.MEASURE_CHANGED, tx -> tx.preparedQuery(MeasureSql.DELETE_MEASURE)
                .execute(Tuple.of(seen.id(), measureId)).compose(ProjectMeasures::found))).mapEmpty();
    }

    Future<JsonObject> addReading(SignedInUser actor, UUID measureId, JsonObject body) {
        LocalDate date;
        BigDecimal value;
        String note;
        try {
            date = ProjectService.date(body, "date", true);
            value = number(body, "value", true);
            note = ProjectService.optional(body, "note", 2000, "");
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return editable(actor, MeasureSql.PROJECT_OF_MEASURE, measureId).compose(seen -> projects.change(actor, seen, null,
                ProjectEvents.MEASURE_CHANGED, tx -> tx.preparedQuery(MeasureSql.ADD_READING)
                    .execute(Tuple.of(measureId, date, decimal(value), note, actor.id())).mapEmpty())
            .compose(project -> one(seen.id(), measureId)));
    }

    /** Removes a reading; completes with the measure it belonged to. */
    Future<JsonObject> removeReading(SignedInUser actor, UUID readingId) {
        return pool.preparedQuery(MeasureSql.PROJECT_OF_READING).execute(Tuple.of(readingId)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.failedFuture(HubException.notFound("Reading not found"));
            }
            Row row = rows.iterator().next();
            UUID measureId = row.getUUID("measure_id");
            return projects.seen(actor.id(), row.getUUID("project_id")).recover(err -> Future.failedFuture(notFound(err, "Reading not found")))
                .compose(seen -> projects.change(actor, seen.requireEdit(), null, ProjectEvents.MEASURE_CHANGED,
                        tx -> tx.preparedQuery(MeasureSql.DELETE_READING).execute(Tuple.of(readingId)).compose(ProjectMeasures::found))
                    .compose(project -> one(seen.id(), measureId)));
        });
    }

    /**
     * Fails with 404 unless the measure (or, with {@code reading}, the reading) belongs to this project: a page form
     * names both, and must not change one project's measure from another's page.
     */
    Future<Void> requireIn(UUID projectId, UUID id, boolean reading) {
        return pool.preparedQuery(reading ? MeasureSql.PROJECT_OF_READING : MeasureSql.PROJECT_OF_MEASURE).execute(Tuple.of(id))
            .compose(rows -> rows.size() == 1 && projectId.equals(rows.iterator().next().getUUID("project_id"))
                ? Future.<Void>succeededFuture()
                : Future.failedFuture(HubException.notFound(reading ? "Reading not found" : MEASURE_NOT_FOUND)));
    }

    /** The project holding this measure, if this person may change it; a measure they may not see is not found. */
    private Future<ProjectService.Seen> editable(SignedInUser actor, String sql, UUID id) {
        return pool.preparedQuery(sql).execute(Tuple.of(id)).compose(rows -> rows.size() == 0
            ? Future.failedFuture(HubException.notFound(MEASURE_NOT_FOUND))
            : projects.seen(actor.id(), rows.iterator().next().getUUID("project_id"))
                .recover(err -> Future.failedFuture(notFound(err, MEASURE_NOT_FOUND)))
                .map(ProjectService.Seen::requireEdit));
    }

    /** Someone who may not see the project is told the measure, not the project, was not found. */
    private static Throwable notFound(Throwable err, String message) {
        return err instanceof HubException hub && hub.status() == 404 ? HubException.notFound(message) : err;
    }

    private Future<JsonObject> one(UUID projectId, UUID measureId) {
        return measures(projectId).map(all -> all.stream().map(JsonObject.class::cast)
            .filter(m -> m.getString("id").equals(measureId.toString())).findFirst()
            .orElseThrow(() -> HubException.notFound(MEASURE_NOT_FOUND)));
    }

    private static Future<Void> found(RowSet<Row> rows) {
        return rows.size() == 0 ? Future.failedFuture(HubException.notFound(MEASURE_NOT_FOUND)) : Future.succeededFuture();
    }

    private static String direction(JsonObject body, String fallback) {
        String value = ProjectService.optional(body, "direction", 10, fallback);
        // a form without the choice sends it empty, which means the same as leaving it out
        if (value != null && value.isEmpty()) {
            value = fallback;
        }
        if (value != null && !DIRECTIONS.contains(value)) {
            throw HubException.invalid("direction", "Say which way is better: up or down");
        }
        return value;
    }

    /**
     * A number of at most two decimal places between 0 and a trillion, sent as a JSON number or as text (as forms
     * send it); a number with more places would be silently rounded by the column, so it is refused instead.
     */
    static BigDecimal number(JsonObject body, String field, boolean required) {
        Object value = body.getValue(field);
        if (value == null || value instanceof String text && text.isBlank()) {
            if (required) {
                throw HubException.invalid(field, "Enter the " + field);
            }
            return null;
        }
        BigDecimal number;
        try {
            number = value instanceof Number n ? new BigDecimal(n.toString())
                : value instanceof String text ? new BigDecimal(text.strip().replace(",", "")) : null;
        } catch (NumberFormatException e) {
            number = null;
        }
        if (number == null) {
            throw HubException.invalid(field, "The " + field + " must be a number, such as 42 or 3.5");
        }
        if (number.signum() < 0 || number.compareTo(MOST) > 0) {
            throw HubException.invalid(field, "The " + field + " must be between 0 and 1,000,000,000");
        }
        if (number.stripTrailingZeros().scale() > 2) {
            throw HubException.invalid(field, "The " + field + " can have at most 2 decimal places");
        }
        return number;
    }

    private static Double decimal(BigDecimal number) {
        return number == null ? null : number.doubleValue();
    }
}
