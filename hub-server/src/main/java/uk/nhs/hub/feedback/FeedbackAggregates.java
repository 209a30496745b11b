package uk.nhs.hub.feedback;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Per-question aggregates of answers to a {@link FeedbackForm}, shared by broadcast feedback and project
 * consultations: option counts, rating distributions and means, free text grouped, and yes/no flags by group.
 * The answers come in groups (a broadcast's networks; a consultation's kinds of respondent). When the answers are
 * anonymous, an aggregate over fewer than {@value #MIN_GROUP} answers is withheld, and so is a group's own text
 * or flag when the group has fewer than that many responses, so that nobody's answer can be picked out.
 */
public final class FeedbackAggregates {

    public static final int MIN_GROUP = 5;

    private FeedbackAggregates() {
    }

    /**
     * One question's aggregate over {@code responses} (every response's answers), with text and flags by group
     * from {@code byNetwork}, named by {@code names} in the order to show them.
     */
    public static JsonObject question(FeedbackForm.Question q, List<JsonObject> responses, Map<UUID, List<JsonObject>> byNetwork,
                                      Map<UUID, String> names, boolean anonymous) {
        JsonObject result = new JsonObject().put("id", q.id()).put("type", q.type()).put("label", q.label());
        List<Object> answers = new ArrayList<>();
        responses.forEach(r -> {
            if (r.containsKey(q.id())) {
                answers.add(r.getValue(q.id()));
            }
        });
        boolean hidden = anonymous && answers.size() < MIN_GROUP;
        result.put("answered", hidden ? null : answers.size()).put("suppressed", hidden);
        if (hidden) {
            return result;
        }
        switch (q.type()) {
            case "single", "multiple" -> {
                JsonObject counts = new JsonObject();
                q.options().forEach(option -> counts.put(option, 0));
                for (Object answer : answers) {
                    List<?> chosen = answer instanceof JsonArray array ? array.getList() : List.of(answer);
                    chosen.forEach(option -> counts.put((String) option, counts.getInteger((String) option, 0) + 1));
                }
                result.put("counts", counts);
            }
            case "rating" -> {
                JsonObject distribution = new JsonObject();
                int total = 0;
                for (int score = 1; score <= 5; score++) {
                    distribution.put(String.valueOf(score), 0);
                }
                for (Object answer : answers) {
                    int score = (Integer) answer;
                    total += score;
                    distribution.put(String.valueOf(score), distribution.getInteger(String.valueOf(score)) + 1);
                }
                result.put("distribution", distribution).put("mean", answers.isEmpty() ? null
                    : BigDecimal.valueOf(total).divide(BigDecimal.valueOf(answers.size()), 2, RoundingMode.HALF_UP).doubleValue());
            }
            case "text" -> {
                JsonArray grouped = new JsonArray();
                int hiddenNetworks = 0;
                for (Map.Entry<UUID, String> network : names.entrySet()) {
                    List<JsonObject> own = byNetwork.getOrDefault(network.getKey(), List.of());
                    JsonArray texts = new JsonArray();
                    own.forEach(r -> {
                        if (r.getString(q.id()) != null) {
                            texts.add(r.getString(q.id()));
                        }
                    });
                    if (texts.isEmpty()) {
                        continue;
                    }
                    if (anonymous && own.size() < MIN_GROUP) {
                        hiddenNetworks++;
                        continue;
                    }
                    grouped.add(new JsonObject().put("networkId", network.getKey().toString()).put("name", network.getValue())
                        .put("answers", texts));
                }
                result.put("byNetwork", grouped).put("suppressedNetworks", hiddenNetworks);
            }
            default -> {
                int yes = (int) answers.stream().filter(Boolean.TRUE::equals).count();
                JsonArray flagged = new JsonArray();
                int hiddenNetworks = 0;
                for (Map.Entry<UUID, String> network : names.entrySet()) {
                    List<JsonObject> own = byNetwork.getOrDefault(network.getKey(), List.of());
                    if (own.stream().noneMatch(r -> Boolean.TRUE.equals(r.getValue(q.id())))) {
                        continue;
                    }
                    if (anonymous && own.size() < MIN_GROUP) {
                        hiddenNetworks++;
                    } else {
                        flagged.add(network.getValue());
                    }
                }
                result.put("yes", yes).put("no", answers.size() - yes).put("flaggedNetworks", flagged)
                    .put("suppressedNetworks", hiddenNetworks);
            }
        }
        return result;
    }

    /** One group's answers to a question, as one CSV cell. */
    public static String cell(FeedbackForm.Question q, List<JsonObject> own) {
        List<Object> answers = new ArrayList<>();
        own.forEach(r -> {
            if (r.containsKey(q.id())) {
                answers.add(r.getValue(q.id()));
            }
        });
        if (answers.isEmpty()) {
            return "";
        }
        return switch (q.type()) {
            case "single", "multiple" -> {
                Map<String, Integer> counts = new LinkedHashMap<>();
                for (Object answer : answers) {
                    List<?> chosen = answer instanceof JsonArray array ? array.getList() : List.of(answer);
                    chosen.forEach(option -> counts.merge((String) option, 1, Integer::sum));
                }
                yield answers.size() == 1 && q.type().equals("single") ? (String) answers.get(0) : joinCounts(counts);
            }
            case "rating" -> answers.size() == 1 ? String.valueOf(answers.get(0))
                : "mean " + BigDecimal.valueOf(answers.stream().mapToInt(a -> (Integer) a).sum())
                    .divide(BigDecimal.valueOf(answers.size()), 2, RoundingMode.HALF_UP);
            case "text" -> String.join(" | ", answers.stream().map(String::valueOf).toList());
            default -> {
                long yes = answers.stream().filter(Boolean.TRUE::equals).count();
                yield answers.size() == 1 ? (yes == 1 ? "yes" : "no") : yes + " yes, " + (answers.size() - yes) + " no";
            }
        };
    }

    /** A question's overall aggregate, as one CSV cell. */
    public static String overall(JsonObject q) {
        return switch (q.getString("type")) {
            case "single", "multiple" -> {
                Map<String, Integer> counts = new LinkedHashMap<>();
                q.getJsonObject("counts").forEach(e -> counts.put(e.getKey(), ((Number) e.getValue()).intValue()));
                yield joinCounts(counts);
            }
            case "rating" -> q.getValue("mean") == null ? "" : "mean " + q.getValue("mean");
            case "text" -> q.getInteger("answered") + " answers";
            default -> q.getInteger("yes") + " yes, " + q.getInteger("no") + " no";
        };
    }

    private static String joinCounts(Map<String, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((option, n) -> parts.add(option + ": " + n));
        return String.join("; ", parts);
    }
}
