package uk.nhs.hub.platform;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A failure that a client caused or may see: it carries the HTTP status, a stable machine-readable code,
 * a message fit for a person, and optionally the request field it is about. {@link ErrorResponder} turns it
 * into the one JSON error shape or an error page. Anything else that fails a request is a 500.
 */
public class HubException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final Map<String, String> fieldErrors;

    public HubException(int status, String code, String message, String field) {
        this(status, code, message, field, field == null ? Map.of() : Map.of(field, message));
    }

    private HubException(int status, String code, String message, String field, Map<String, String> fieldErrors) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.fieldErrors = fieldErrors;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** Every invalid field with its message, in the order a form shows them (the first is {@link #field()}). */
    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    /** 400: the request is malformed or a field is invalid. */
    public static HubException invalid(String field, String message) {
        return new HubException(400, "invalid", message, field);
    }

    /**
     * 400 for several invalid fields at once, in form order. API clients see the first; pages list them all.
     *
     * @param errors field to message, in the order the fields appear on the page; not empty
     */
    public static HubException invalidFields(Map<String, String> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("no field errors");
        }
        Map.Entry<String, String> first = errors.entrySet().iterator().next();
        return new HubException(400, "invalid", first.getValue(), first.getKey(),
            java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors)));
    }

    /** 401: no valid sign-in. */
    public static HubException unauthenticated(String message) {
        return new HubException(401, "unauthenticated", message, null);
    }

    /** 403: signed in, but not allowed to do this. */
    public static HubException forbidden(String message) {
        return new HubException(403, "forbidden", message, null);
    }

    /** 404: absent, or not visible to this user. */
    public static HubException notFound(String message) {
        return new HubException(404, "not_found", message, null);
    }

    /** 409: conflicts with the current state, for example a duplicate. */
    public static HubException conflict(String field, String message) {
        return new HubException(409, "conflict", message, field);
    }

    /** 415: the body is not of a type this endpoint accepts. */
    public static HubException unsupportedMediaType(String message) {
        return new HubException(415, "unsupported_media_type", message, null);
    }
}
