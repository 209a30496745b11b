package uk.nhs.hub.feedback;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import uk.nhs.hub.platform.HubException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A feedback form (a broadcast's, or a project consultation's): questions of type {@code single} (one option), {@code multiple} (any options),
 * {@code rating} (1 to 5), {@code text} and {@code risk} (a yes/no "local risk" flag). It checks a form when the
 * centre writes it and each set of answers against it, naming the question that is wrong.
 */
public record FeedbackForm(List<Question> questions) {

    public static final List<String> TYPES = List.of("single", "multiple", "rating", "text", "risk");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    /** One question; {@code options} only for single and multiple choice. */
    public record Question(String id, String type, String label, List<String> options, boolean required) {

        public JsonObject toJson() {
            JsonObject json = new JsonObject().put("id", id).put("type", type).put("label", label).put("required", required);
            if (!options.isEmpty()) {
                json.put("options", new JsonArray(options));
            }
            return json;
        }
    }

    public static final FeedbackForm NONE = new FeedbackForm(List.of());

    /** Reads and checks the centre's form; 400 naming {@code feedback.questions[i].<field>} when it is wrong. */
    public static FeedbackForm parse(Object value) {
        return parse(value, "feedback.questions");
    }

    /** Reads and checks a form sent as {@code field}; 400 naming {@code <field>[i].<part>} when it is wrong. */
    public static FeedbackForm parse(Object value, String field) {
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            throw HubException.invalid(field, "Add at least one question to the feedback form");
        }
        if (array.size() > 30) {
            throw HubException.invalid(field, "A feedback form has at most 30 questions");
        }
        List<Question> questions = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String at = field + "[" + i + "]";
            if (!(array.getValue(i) instanceof JsonObject q)) {
                throw HubException.invalid(at, "Each question must be an object with id, type and label");
            }
            String id = q.getValue("id") instanceof String s ? s.strip() : "";
            if (!ID.matcher(id).matches()) {
                throw HubException.invalid(at + ".id", "Question " + (i + 1) + " needs an id of letters, digits, - or _ (up to 40)");
            }
            if (!ids.add(id)) {
                throw HubException.invalid(at + ".id", "Two questions have the id '" + id + "'");
            }
            String type = q.getValue("type") instanceof String s ? s : "";
            if (!TYPES.contains(type)) {
                throw HubException.invalid(at + ".type", "Question " + (i + 1) + " must be single, multiple, rating, text or risk");
            }
            String label = q.getValue("label") instanceof String s ? s.strip() : "";
            if (label.isEmpty() || label.length() > 300) {
                throw HubException.invalid(at + ".label", "Question " + (i + 1) + " needs its wording (up to 300 characters)");
            }
            List<String> options = new ArrayList<>();
            if (type.equals("single") || type.equals("multiple")) {
                if (!(q.getValue("options") instanceof JsonArray given) || given.size() < 2 || given.size() > 20) {
                    throw HubException.invalid(at + ".options", "Question " + (i + 1) + " needs 2 to 20 options");
                }
                for (Object option : given) {
                    String text = option instanceof String s ? s.strip() : "";
                    if (text.isEmpty() || text.length() > 200 || options.contains(text)) {
                        throw HubException.invalid(at + ".options", "Question " + (i + 1) + " has an empty, repeated or over-long option");
                    }
                    options.add(text);
                }
            }
            Object required = q.getValue("required", true);
            if (!(required instanceof Boolean flag)) {
                throw HubException.invalid(at + ".required", "'required' must be true or false");
            }
            questions.add(new Question(id, type, label, List.copyOf(options), flag));
        }
        return new FeedbackForm(List.copyOf(questions));
    }

    public static FeedbackForm fromJson(JsonArray stored) {
        List<Question> questions = new ArrayList<>();
        for (Object o : stored) {
            JsonObject q = (JsonObject) o;
            List<String> options = new ArrayList<>();
            if (q.getJsonArray("options") != null) {
                q.getJsonArray("options").forEach(option -> options.add((String) option));
            }
            questions.add(new Question(q.getString("id"), q.getString("type"), q.getString("label"), List.copyOf(options),
                q.getBoolean("required", true)));
        }
        return new FeedbackForm(List.copyOf(questions));
    }

    /**
     * The answers a page form sent (fields {@code a-<questionId>}), as the JSON {@link #check} reads: choices kept
     * as typed, so that a wrong one is refused there with the question named; blank fields left out.
     */
    public static JsonObject answersFrom(JsonArray questions, MultiMap form) {
        JsonObject answers = new JsonObject();
        for (Object o : questions) {
            JsonObject q = (JsonObject) o;
            String field = "a-" + q.getString("id");
            switch (q.getString("type")) {
                case "multiple" -> {
                    if (!form.getAll(field).isEmpty()) {
                        answers.put(q.getString("id"), new JsonArray(new ArrayList<>(form.getAll(field))));
                    }
                }
                case "rating" -> {
                    if (form.get(field) != null && !form.get(field).isBlank()) {
                        answers.put(q.getString("id"), rating(form.get(field)));
                    }
                }
                case "risk" -> {
                    if (form.get(field) != null) {
                        answers.put(q.getString("id"), "yes".equals(form.get(field)));
                    }
                }
                default -> {
                    if (form.get(field) != null && !form.get(field).isBlank()) {
                        answers.put(q.getString("id"), form.get(field).strip());
                    }
                }
            }
        }
        return answers;
    }

    private static int rating(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public JsonArray toJson() {
        JsonArray array = new JsonArray();
        questions.forEach(q -> array.add(q.toJson()));
        return array;
    }

    /**
     * The answers, checked against the form: an unknown question, an answer of the wrong type or (when
     * {@code complete}) a missing required answer is a 400 naming {@code answers.<questionId>}.
     */
    public JsonObject check(Object value, boolean complete) {
        if (!(value instanceof JsonObject answers)) {
            throw HubException.invalid("answers", "'answers' must be an object of question id to answer");
        }
        for (String key : answers.fieldNames()) {
            if (questions.stream().noneMatch(q -> q.id().equals(key))) {
                throw HubException.invalid("answers." + key, "There is no question '" + key + "' in this form");
            }
        }
        JsonObject checked = new JsonObject();
        for (Question q : questions) {
            Object answer = answers.getValue(q.id());
            String field = "answers." + q.id();
            if (answer == null || (answer instanceof String s && s.isBlank()) || (answer instanceof JsonArray a && a.isEmpty())) {
                if (complete && q.required()) {
                    throw HubException.invalid(field, "Answer the question '" + q.label() + "'");
                }
                continue;
            }
            checked.put(q.id(), switch (q.type()) {
                case "single" -> {
                    if (!(answer instanceof String choice) || !q.options().contains(choice)) {
                        throw HubException.invalid(field, "Choose one of the options for '" + q.label() + "'");
                    }
                    yield choice;
                }
                case "multiple" -> {
                    if (!(answer instanceof JsonArray choices) || !choices.stream().allMatch(c -> c instanceof String s
                            && q.options().contains(s))) {
                        throw HubException.invalid(field, "Choose from the options for '" + q.label() + "'");
                    }
                    yield new JsonArray(new ArrayList<>(new LinkedHashSet<>(choices.getList())));
                }
                case "rating" -> {
                    if (!(answer instanceof Integer rating) || rating < 1 || rating > 5) {
                        throw HubException.invalid(field, "Rate '" + q.label() + "' from 1 to 5");
                    }
                    yield rating;
                }
                case "text" -> {
                    if (!(answer instanceof String text) || text.length() > 5000) {
                        throw HubException.invalid(field, "Answer '" + q.label() + "' in up to 5,000 characters");
                    }
                    yield text.strip();
                }
                default -> {
                    if (!(answer instanceof Boolean flag)) {
                        throw HubException.invalid(field, "Answer '" + q.label() + "' with yes (true) or no (false)");
                    }
                    yield flag;
                }
            });
        }
        return checked;
    }
}
