package uk.nhs.hub.broadcast;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import uk.nhs.hub.feedback.FeedbackAggregates;
import uk.nhs.hub.feedback.FeedbackForm;
import uk.nhs.hub.platform.CsvCells;
import uk.nhs.hub.platform.DateTimeWords;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The centre's view of one version of a broadcast: acknowledgement and response rates per network and per level
 * of the tree, per-question aggregates, free text grouped by network, local risks flagged, and who is overdue.
 *
 * <p>Anonymous broadcasts never show a group of fewer than {@value #MIN_GROUP} responses: the overall aggregates
 * of a question need that many, and a network's own counts, free text and flags are left out (and said to be
 * suppressed) until it has that many. The CSV export is built from the same summary, so it suppresses the same.
 */
final class BroadcastSummary {

    static final int MIN_GROUP = FeedbackAggregates.MIN_GROUP;

    /** A target network: its depth below the sending network (0 for the sending network itself). */
    record Target(UUID id, String name, String slug, int depth) {
    }

    /** A submitted response, by network, and when it was submitted. */
    record Response(UUID networkId, JsonObject answers, Instant submittedAt) {
    }

    /** The most days the timeline covers: the latest ones, so a long-running broadcast still fits one chart. */
    static final int TIMELINE_DAYS = 120;

    private BroadcastSummary() {
    }

    static JsonObject compute(List<Target> targets, Map<UUID, Integer> acknowledgements, List<Response> responses,
                              FeedbackForm form, boolean anonymous, String mode, Instant deadline, Instant now) {
        Map<UUID, List<Response>> byNetwork = new HashMap<>();
        responses.forEach(r -> byNetwork.computeIfAbsent(r.networkId(), id -> new ArrayList<>()).add(r));
        boolean feedback = mode != null;
        boolean late = deadline != null && now.isAfter(deadline);

        JsonArray networks = new JsonArray();
        JsonArray overdue = new JsonArray();
        Map<Integer, int[]> levels = new TreeMap<>();
        int acknowledged = 0;
        int responded = 0;
        for (Target target : targets) {
            int acks = acknowledgements.getOrDefault(target.id(), 0);
            int count = byNetwork.getOrDefault(target.id(), List.of()).size();
            boolean isAcknowledged = acks > 0;
            boolean hasResponded = count > 0;
            acknowledged += isAcknowledged ? 1 : 0;
            responded += hasResponded ? 1 : 0;
            int[] level = levels.computeIfAbsent(target.depth(), d -> new int[3]);
            level[0]++;
            level[1] += isAcknowledged ? 1 : 0;
            level[2] += hasResponded ? 1 : 0;
            boolean hidden = anonymous && count < MIN_GROUP;
            networks.add(new JsonObject().put("networkId", target.id().toString()).put("name", target.name())
                .put("slug", target.slug()).put("depth", target.depth()).put("acknowledged", isAcknowledged)
                .put("acknowledgements", acks).put("responded", hasResponded)
                .put("responses", hidden ? null : count).put("suppressed", hidden));
            List<String> missing = new ArrayList<>();
            if (!isAcknowledged) {
                missing.add("acknowledgement");
            }
            if (feedback && !hasResponded) {
                missing.add("response");
            }
            if (late && !missing.isEmpty()) {
                overdue.add(new JsonObject().put("networkId", target.id().toString()).put("name", target.name())
                    .put("missing", new JsonArray(missing)));
            }
        }
        JsonArray levelRows = new JsonArray();
        levels.forEach((depth, counts) -> levelRows.add(new JsonObject().put("depth", depth).put("targets", counts[0])
            .put("acknowledged", counts[1]).put("responded", counts[2])));

        Map<UUID, String> names = new LinkedHashMap<>();
        targets.forEach(t -> names.put(t.id(), t.name()));
        JsonArray questions = new JsonArray();
        JsonArray flags = new JsonArray();
        for (FeedbackForm.Question q : form.questions()) {
            JsonObject aggregate = question(q, responses, byNetwork, names, anonymous);
            questions.add(aggregate);
            if (q.type().equals("risk") && aggregate.getJsonArray("flaggedNetworks") != null
                    && !aggregate.getJsonArray("flaggedNetworks").isEmpty()) {
                flags.add(new JsonObject().put("questionId", q.id()).put("label", q.label())
                    .put("networks", aggregate.getJsonArray("flaggedNetworks"))
                    .put("raisedBy", raisedBy(q, form, byNetwork, names, anonymous)));
            }
        }
        return new JsonObject().put("targets", targets.size()).put("acknowledgedNetworks", acknowledged)
            .put("respondedNetworks", responded).put("responses", anonymous && responses.size() < MIN_GROUP ? null : responses.size())
            .put("anonymous", anonymous).put("mode", mode).put("deadline", deadline == null ? null : deadline.toString())
            .put("overdue", overdue).put("networks", networks).put("levels", levelRows).put("questions", questions)
            .put("flags", flags);
    }

    /**
     * Each network that flagged the risk, with its free-text answers from the responses that flagged it, so the
     * centre reads the risk in the network's own words without scrolling to the answers; the same suppression
     * as the flag count applies.
     */
    private static JsonArray raisedBy(FeedbackForm.Question risk, FeedbackForm form, Map<UUID, List<Response>> byNetwork,
                                      Map<UUID, String> names, boolean anonymous) {
        JsonArray raised = new JsonArray();
        for (Map.Entry<UUID, String> network : names.entrySet()) {
            List<Response> own = byNetwork.getOrDefault(network.getKey(), List.of());
            List<Response> flagging = own.stream().filter(r -> Boolean.TRUE.equals(r.answers().getValue(risk.id()))).toList();
            if (flagging.isEmpty() || (anonymous && own.size() < MIN_GROUP)) {
                continue;
            }
            JsonArray wrote = new JsonArray();
            for (FeedbackForm.Question q : form.questions()) {
                if (!q.type().equals("text")) {
                    continue;
                }
                flagging.forEach(r -> {
                    String text = r.answers().getString(q.id());
                    if (text != null && !text.isBlank()) {
                        wrote.add(new JsonObject().put("question", q.label()).put("answer", text));
                    }
                });
            }
            raised.add(new JsonObject().put("networkId", network.getKey().toString()).put("name", network.getValue()).put("wrote", wrote));
        }
        return raised;
    }

    private static JsonObject question(FeedbackForm.Question q, List<Response> responses, Map<UUID, List<Response>> byNetwork,
                                       Map<UUID, String> names, boolean anonymous) {
        Map<UUID, List<JsonObject>> answersByNetwork = new HashMap<>();
        byNetwork.forEach((id, own) -> answersByNetwork.put(id, own.stream().map(Response::answers).toList()));
        return FeedbackAggregates.question(q, responses.stream().map(Response::answers).toList(), answersByNetwork, names,
            anonymous);
    }

    /**
     * How many target networks had acknowledged, and responded, by the end of each day (in the reader's zone)
     * from the day the broadcast was sent until today: the first acknowledgement and first submitted response
     * of each network count. Only whole networks are counted, so anonymity needs no suppression here.
     */
    static JsonArray timeline(List<Target> targets, Map<UUID, Instant> firstAcknowledged, List<Response> responses,
                              boolean feedback, Instant sent, Instant now) {
        Map<UUID, Instant> firstResponse = new HashMap<>();
        for (Response r : responses) {
            if (r.submittedAt() != null) {
                firstResponse.merge(r.networkId(), r.submittedAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        LocalDate today = now.atZone(DateTimeWords.READER).toLocalDate();
        LocalDate first = sent.atZone(DateTimeWords.READER).toLocalDate();
        if (first.isAfter(today)) {
            first = today;
        }
        if (first.isBefore(today.minusDays(TIMELINE_DAYS - 1))) {
            first = today.minusDays(TIMELINE_DAYS - 1);
        }
        JsonArray days = new JsonArray();
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            Instant end = day.plusDays(1).atStartOfDay(DateTimeWords.READER).toInstant();
            int acknowledged = 0;
            int responded = 0;
            for (Target t : targets) {
                Instant ack = firstAcknowledged.get(t.id());
                Instant response = firstResponse.get(t.id());
                acknowledged += ack != null && ack.isBefore(end) ? 1 : 0;
                responded += response != null && response.isBefore(end) ? 1 : 0;
            }
            JsonObject point = new JsonObject().put("date", day.toString()).put("acknowledged", acknowledged);
            days.add(feedback ? point.put("responded", responded) : point);
        }
        return days;
    }

    /** The summary as CSV: one row per target network, then one row for all networks; suppressed cells say so. */
    static String csv(JsonObject summary, FeedbackForm form, Map<UUID, List<Response>> responsesByNetwork) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get())) {
            List<String> header = new ArrayList<>(List.of("network", "level", "acknowledged", "acknowledgements", "responded", "responses"));
            form.questions().forEach(q -> header.add(CsvCells.safe(q.label())));
            printer.printRecord(header);
            boolean anonymous = summary.getBoolean("anonymous");
            for (Object o : summary.getJsonArray("networks")) {
                JsonObject network = (JsonObject) o;
                List<String> row = new ArrayList<>(List.of(CsvCells.safe(network.getString("name")),
                    String.valueOf(network.getInteger("depth")), network.getBoolean("acknowledged") ? "yes" : "no",
                    String.valueOf(network.getInteger("acknowledgements")), network.getBoolean("responded") ? "yes" : "no"));
                boolean hidden = network.getBoolean("suppressed");
                row.add(hidden ? suppressed() : String.valueOf(network.getInteger("responses")));
                List<Response> own = responsesByNetwork.getOrDefault(UUID.fromString(network.getString("networkId")), List.of());
                for (FeedbackForm.Question q : form.questions()) {
                    row.add(hidden && anonymous ? suppressed() : CsvCells.safe(cell(q, own)));
                }
                printer.printRecord(row);
            }
            List<String> total = new ArrayList<>(List.of("All networks", "", String.valueOf(summary.getInteger("acknowledgedNetworks")),
                "", String.valueOf(summary.getInteger("respondedNetworks")),
                summary.getInteger("responses") == null ? suppressed() : String.valueOf(summary.getInteger("responses"))));
            for (Object o : summary.getJsonArray("questions")) {
                JsonObject q = (JsonObject) o;
                total.add(q.getBoolean("suppressed") ? suppressed() : CsvCells.safe(overall(q)));
            }
            printer.printRecord(total);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String suppressed() {
        return "suppressed (fewer than " + MIN_GROUP + " responses)";
    }

    /** One network's answers to a question, as one cell. */
    private static String cell(FeedbackForm.Question q, List<Response> own) {
        return FeedbackAggregates.cell(q, own.stream().map(Response::answers).toList());
    }

    private static String overall(JsonObject q) {
        return FeedbackAggregates.overall(q);
    }
}
