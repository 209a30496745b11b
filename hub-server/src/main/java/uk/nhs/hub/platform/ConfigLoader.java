package uk.nhs.hub.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Reads the configuration: the bundled {@code conf/hub.json}, then the file named by {@code HUB_CONFIG}
 * if set (merged over the defaults), then the environment variables of {@link HubConfig#ENVIRONMENT}.
 * Later sources win.
 */
public final class ConfigLoader {

    private static final String DEFAULTS = "conf/hub.json";

    private ConfigLoader() {
    }

    /** Loads and parses the configuration; fails with a message naming the bad setting. */
    public static Future<HubConfig> load(Vertx vertx, Map<String, String> environment) {
        return readJson(vertx, DEFAULTS)
            .compose(defaults -> {
                String file = environment.get("HUB_CONFIG");
                if (file == null || file.isBlank()) {
                    return Future.succeededFuture(defaults);
                }
                return readJson(vertx, file).map(overrides -> defaults.mergeIn(overrides, true));
            })
            .map(json -> HubConfig.fromJson(withEnvironment(json, environment)));
    }

    /** Applies the environment overrides to a copy of the JSON configuration. */
    public static JsonObject withEnvironment(JsonObject json, Map<String, String> environment) {
        JsonObject merged = json.copy();
        HubConfig.ENVIRONMENT.forEach((variable, path) -> {
            String value = environment.get(variable);
            if (value != null) {
                HubConfig.put(merged, path, value);
            }
        });
        return merged;
    }

    private static Future<JsonObject> readJson(Vertx vertx, String path) {
        return vertx.fileSystem().readFile(path)
            .recover(err -> Future.failedFuture(new IllegalArgumentException("cannot read configuration file "
                + path + ": " + err.getMessage())))
            .map(buffer -> {
                try {
                    return buffer.toJsonObject();
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("configuration file " + path + " is not valid JSON: "
                        + e.getMessage());
                }
            });
    }
}
