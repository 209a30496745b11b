package uk.nhs.hub.platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The errors of a submitted form in the shape the NHS.UK error summary and error messages need: a list in
 * page order for the summary (each linking to its field) and the message per field.
 */
public final class FormErrors {

    private final Map<String, String> byField = new LinkedHashMap<>();

    /** Adds an error; the first one for a field wins. A null field means the form as a whole. */
    public FormErrors add(String field, String message) {
        byField.putIfAbsent(field == null ? "" : field, message);
        return this;
    }

    /** The errors that a failed submission reports, when it is a failure a person can correct. */
    public static FormErrors from(HubException failure, String fallbackField) {
        FormErrors errors = new FormErrors();
        failure.fieldErrors().forEach(errors::add);
        if (errors.isEmpty()) {
            errors.add(failure.field().orElse(fallbackField), failure.getMessage());
        }
        return errors;
    }

    public boolean isEmpty() {
        return byField.isEmpty();
    }

    /** The page model: {@code errors} (list of {@code {href, text}}) and {@code fieldErrors} (field to message). */
    public Map<String, Object> model() {
        List<Map<String, String>> summary = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        byField.forEach((field, message) -> {
            summary.add(Map.of("href", field.isEmpty() ? "#maincontent" : "#" + field, "text", message));
            if (!field.isEmpty()) {
                fields.put(field, message);
            }
        });
        return Map.of("errors", summary, "fieldErrors", fields);
    }
}
