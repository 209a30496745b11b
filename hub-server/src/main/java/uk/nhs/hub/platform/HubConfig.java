package uk.nhs.hub.platform;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The hub's configuration, parsed once at start-up from {@code conf/hub.json} and the environment.
 *
 * @param http      listening address, public base URL, request limits and cookie policy
 * @param database  an external PostgreSQL URL (empty means the embedded database) and pool size
 * @param dataDir   where the embedded database, the generated signing key and other local state live
 * @param security  token lifetime, signing key location, sign-in throttling and trusted proxies
 * @param smtp      outgoing mail; without a host, mail is written to the log instead
 * @param discussion limits on what one person may post
 * @param cluster   how this node finds the others when started with {@code --cluster}
 * @param oidc      single sign-on with an OpenID Connect provider, when one is configured
 * @param documents limits on the papers people upload to a network's library
 * @param administration who administers the hub and who may create top-level networks
 */
public record HubConfig(Http http, Database database, Path dataDir, Security security, Smtp smtp, Discussion discussion,
                        Cluster cluster, Oidc oidc, Documents documents,
                        Administration administration) {

    /**
     * Environment variables that override {@code hub.json}, each with the dotted path it replaces.
     * The README's configuration table lists the same names.
     */
    public static final Map<String, String> ENVIRONMENT = environmentTable();

    private static Map<String, String> environmentTable() {
        Map<String, String> table = new LinkedHashMap<>();
        table.put("HUB_HOST", "http.host");
        table.put("HUB_PORT", "http.port");
        table.put("HUB_BASE_URL", "http.baseUrl");
        table.put("HUB_BODY_LIMIT", "http.bodyLimitBytes");
        table.put("HUB_COOKIE_SECURE", "http.cookieSecure");
        table.put("HUB_HTTP_INSTANCES", "http.instances");
        table.put("HUB_DATABASE_URL", "database.url");
        table.put("HUB_DATABASE_POOL_SIZE", "database.poolSize");
        table.put("HUB_DATA_DIR", "dataDir");
        table.put("HUB_JWT_KEY_FILE", "security.jwtKeyFile");
        table.put("HUB_TOKEN_MINUTES", "security.tokenMinutes");
        table.put("HUB_TRUSTED_PROXIES", "security.trustedProxies");
        table.put("HUB_SMTP_HOST", "smtp.host");
        table.put("HUB_SMTP_PORT", "smtp.port");
        table.put("HUB_SMTP_USERNAME", "smtp.username");
        table.put("HUB_SMTP_PASSWORD", "smtp.password");
        table.put("HUB_SMTP_FROM", "smtp.from");
        table.put("HUB_SMTP_STARTTLS", "smtp.startTls");
        table.put("HUB_POSTS_PER_MINUTE", "discussion.postsPerMinute");
        table.put("HUB_MAX_POST_CHARACTERS", "discussion.maxPostCharacters");
        table.put("HUB_CLUSTER_HOST", "cluster.host");
        table.put("HUB_CLUSTER_PORT", "cluster.port");
        table.put("HUB_CLUSTER_EVENT_BUS_PORT", "cluster.eventBusPort");
        table.put("HUB_CLUSTER_MEMBERS", "cluster.members");
        table.put("HUB_OIDC_ISSUER", "oidc.issuer");
        table.put("HUB_OIDC_CLIENT_ID", "oidc.clientId");
        table.put("HUB_OIDC_CLIENT_SECRET", "oidc.clientSecret");
        table.put("HUB_OIDC_DISPLAY_NAME", "oidc.displayName");
        table.put("HUB_OIDC_ORGANISATION_CLAIM", "oidc.organisationClaim");
        table.put("HUB_MAX_UPLOAD_MB", "documents.maxUploadMb");
        table.put("HUB_ADMIN_EMAILS", "administration.adminEmails");
        table.put("HUB_NETWORK_CREATION", "administration.networkCreation");
        return Map.copyOf(table);
    }

    /** Listening socket and HTTP policy. */
    public record Http(String host, int port, String baseUrl, long bodyLimitBytes, boolean cookieSecure, int instances) {

        /** How many HTTP server instances to run, each on its own event loop: as set, or one per processor. */
        public int serverInstances() {
            return instances > 0 ? instances : Math.max(1, Runtime.getRuntime().availableProcessors());
        }
    }

    /** Where the data lives. */
    public record Database(Optional<String> url, int poolSize) {
    }

    /**
     * Sign-in and token policy, and which proxies in front of the hub may report a client's address
     * ({@code X-Forwarded-For}); none by default.
     */
    public record Security(Optional<Path> jwtKeyFile, int tokenMinutes, LoginLimits login,
                           TrustedProxies trustedProxies) {
    }

    /** How many failed sign-ins are allowed per account and per client address within one window. */
    public record LoginLimits(int maxFailuresPerAccount, int maxFailuresPerAddress, int windowSeconds) {
    }

    /** Outgoing mail server. */
    public record Smtp(Optional<String> host, int port, Optional<String> username, Optional<String> password,
                       String from, boolean startTls) {
    }

    /** How much one person may post: posts, edits and reactions per minute, and the longest post. */
    public record Discussion(int postsPerMinute, int maxPostCharacters) {
    }

    /**
     * Clustering (with {@code --cluster}): the address other nodes reach this one at, the Hazelcast membership
     * port, the event-bus port ({@code 0} picks a free one) and the other members as {@code host:port}.
     */
    public record Cluster(String host, int port, int eventBusPort, List<String> members) {
    }

    /** The largest file one upload may hold, in bytes (configured in whole megabytes). */
    public record Documents(long maxUploadBytes) {
    }

    /** Who may create a network at the top of the hub (networks inside a network are always the organisers'). */
    public enum NetworkCreation {
        /** Anyone signed in creates one at once. */
        ANYONE,
        /** People ask, and an administrator approves or declines. */
        REQUEST,
        /** Only administrators create them. */
        ADMINS
    }

    /**
     * Platform administration.
     *
     * @param adminEmails     addresses whose accounts are made administrators at start-up and when they sign in
     * @param networkCreation who may create top-level networks
     */
    public record Administration(List<String> adminEmails, NetworkCreation networkCreation) {
    }

    /**
     * Builds the typed configuration from merged JSON.
     *
     * @throws IllegalArgumentException naming the setting that is missing or malformed
     */
    public static HubConfig fromJson(JsonObject json) {
        JsonObject http = section(json, "http");
        JsonObject database = section(json, "database");
        JsonObject security = section(json, "security");
        JsonObject login = section(security, "login");
        JsonObject smtp = section(json, "smtp");
        JsonObject discussion = section(json, "discussion");
        JsonObject cluster = section(json, "cluster");
        JsonObject oidc = section(json, "oidc");
        JsonObject documents = section(json, "documents");
        JsonObject administration = section(json, "administration");
        String baseUrl = requiredText(http, "http.baseUrl");
        return new HubConfig(
            new Http(
                requiredText(http, "http.host"),
                intIn(http, "http.port", 0, 65535),
                baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl,
                longIn(http, "http.bodyLimitBytes", 1024, 1L << 30),
                bool(http, "http.cookieSecure"),
                intIn(http, "http.instances", 0, 256)),
            new Database(optionalText(database, "database.url"), intIn(database, "database.poolSize", 1, 200)),
            Path.of(requiredText(json, "dataDir")),
            new Security(
                optionalText(security, "security.jwtKeyFile").map(Path::of),
                intIn(security, "security.tokenMinutes", 1, 24 * 60),
                new LoginLimits(
                    intIn(login, "security.login.maxFailuresPerAccount", 1, 1_000_000),
                    intIn(login, "security.login.maxFailuresPerAddress", 1, 1_000_000),
                    intIn(login, "security.login.windowSeconds", 1, 86_400)),
                trustedProxies(security, "security.trustedProxies")),
            new Smtp(
                optionalText(smtp, "smtp.host"),
                intIn(smtp, "smtp.port", 1, 65535),
                optionalText(smtp, "smtp.username"),
                optionalText(smtp, "smtp.password"),
                requiredText(smtp, "smtp.from"),
                bool(smtp, "smtp.startTls")),
            new Discussion(
                intIn(discussion, "discussion.postsPerMinute", 1, 1_000_000),
                intIn(discussion, "discussion.maxPostCharacters", 100, 200_000)),
            new Cluster(
                requiredText(cluster, "cluster.host"),
                intIn(cluster, "cluster.port", 1, 65535),
                intIn(cluster, "cluster.eventBusPort", 0, 65535),
                optionalText(cluster, "cluster.members").map(text -> java.util.Arrays.stream(text.split("[,\\s]+"))
                    .filter(member -> !member.isBlank()).toList()).orElse(List.of())),
            oidc(oidc),
            new Documents(longIn(documents, "documents.maxUploadMb", 1, 1024) * 1024 * 1024),
            administration(administration));
    }

    private static Administration administration(JsonObject administration) {
        List<String> emails = optionalText(administration, "administration.adminEmails")
            .map(text -> java.util.Arrays.stream(text.split("[,\\s]+"))
                .map(email -> email.trim().toLowerCase(java.util.Locale.ROOT))
                .filter(email -> !email.isEmpty()).distinct().toList())
            .orElse(List.of());
        for (String email : emails) {
            if (!EmailAddresses.isValid(email)) {
                throw new IllegalArgumentException("setting 'administration.adminEmails' holds '" + email
                    + "', which is not an email address");
            }
        }
        String creation = optionalText(administration, "administration.networkCreation").orElse("anyone")
            .toUpperCase(java.util.Locale.ROOT);
        try {
            return new Administration(emails, NetworkCreation.valueOf(creation));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting 'administration.networkCreation' must be anyone, request or"
                + " admins, not '" + creation.toLowerCase(java.util.Locale.ROOT) + "'");
        }
    }

    /**
     * Single sign-on: off unless an issuer is set, and then the client's id and secret are required too.
     *
     * @param issuer            the provider's issuer address, where its discovery document is found
     * @param displayName       what the sign-in button calls the provider ("NHSmail")
     * @param organisationClaim the ID token claim, if any, that names the person's organisation
     */
    public record Oidc(Optional<String> issuer, String clientId, String clientSecret, String displayName,
                       Optional<String> organisationClaim) {

        public boolean enabled() {
            return issuer.isPresent();
        }
    }

    private static Oidc oidc(JsonObject oidc) {
        Optional<String> issuer = optionalText(oidc, "oidc.issuer");
        if (issuer.isEmpty()) {
            return new Oidc(Optional.empty(), "", "", "", Optional.empty());
        }
        if (!issuer.get().startsWith("https://") && !issuer.get().startsWith("http://")) {
            throw new IllegalArgumentException("setting 'oidc.issuer' must be the provider's https:// address");
        }
        return new Oidc(issuer, requiredText(oidc, "oidc.clientId"), requiredText(oidc, "oidc.clientSecret"),
            optionalText(oidc, "oidc.displayName").orElse("your organisation's account"),
            optionalText(oidc, "oidc.organisationClaim"));
    }

    /** The file holding the token signing key: configured, or generated under the data directory. */
    public Path jwtKeyFile() {
        return security.jwtKeyFile().orElse(dataDir.resolve("jwt.key"));
    }

    private static JsonObject section(JsonObject parent, String name) {
        Object value = parent.getValue(name);
        if (value instanceof JsonObject object) {
            return object;
        }
        if (value == null) {
            return new JsonObject();
        }
        throw new IllegalArgumentException("setting '" + name + "' must be an object");
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static Optional<String> optionalText(JsonObject section, String path) {
        Object value = section.getValue(leaf(path));
        if (value == null) {
            return Optional.empty();
        }
        String text = value.toString().trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** A list given as a JSON array or as comma-separated text (from the environment). */
    private static TrustedProxies trustedProxies(JsonObject section, String path) {
        Object value = section.getValue(leaf(path));
        try {
            if (value instanceof io.vertx.core.json.JsonArray array) {
                List<String> entries = new java.util.ArrayList<>();
                for (Object entry : array) {
                    if (!(entry instanceof String text)) {
                        throw new IllegalArgumentException("every entry must be text");
                    }
                    entries.add(text);
                }
                return TrustedProxies.parse(entries);
            }
            return optionalText(section, path).map(TrustedProxies::parse).orElse(TrustedProxies.none());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting '" + path + "': " + e.getMessage());
        }
    }

    private static String requiredText(JsonObject section, String path) {
        return optionalText(section, path)
            .orElseThrow(() -> new IllegalArgumentException("setting '" + path + "' is required"));
    }

    private static long longIn(JsonObject section, String path, long min, long max) {
        String text = requiredText(section, path);
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + path + "' must be a whole number, not '" + text + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("setting '" + path + "' must be between " + min + " and " + max
                + ", not " + value);
        }
        return value;
    }

    private static int intIn(JsonObject section, String path, int min, int max) {
        return (int) longIn(section, path, min, max);
    }

    private static boolean bool(JsonObject section, String path) {
        String text = requiredText(section, path).toLowerCase(java.util.Locale.ROOT);
        return switch (text) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException("setting '" + path + "' must be true or false, not '"
                + text + "'");
        };
    }

    /** Applies an override given as text (from the environment) at a dotted path. */
    static void put(JsonObject json, String dottedPath, String value) {
        Objects.requireNonNull(value);
        String[] parts = dottedPath.split("\\.");
        JsonObject target = json;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonObject next = target.getJsonObject(parts[i]);
            if (next == null) {
                next = new JsonObject();
                target.put(parts[i], next);
            }
            target = next;
        }
        target.put(parts[parts.length - 1], value);
    }
}
