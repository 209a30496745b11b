package uk.nhs.hub;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static uk.nhs.hub.TestHub.await;

/** Registers and signs in people through the real API. */
public final class TestUsers {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    public static final String PASSWORD = "quartz lantern meadow 47";

    private TestUsers() {
    }

    /** A registered, signed-in person: the Bearer token and the cookies a browser would hold. */
    public record TestUser(UUID id, String email, String displayName, String token, String sessionCookie,
                           String csrfCookie) {

        /** The Cookie header a browser would send. */
        public String cookieHeader() {
            return "hub_session=" + sessionCookie + "; hub_csrf=" + csrfCookie;
        }

        public String bearer() {
            return "Bearer " + token;
        }
    }

    /** A fresh unique email address. */
    public static String uniqueEmail(String who) {
        // one dot between words and none doubled, so the address is valid as the contract's format: email says
        String local = who.toLowerCase().trim().replaceAll("[\\s.]+", ".");
        return local + "." + SEQUENCE.incrementAndGet() + "@test.nhs.uk";
    }

    /** Registers a new person and signs them in. */
    public static TestUser create(WebClient client, String displayName) {
        return create(client, displayName, uniqueEmail(displayName.replaceAll("[^A-Za-z ]", "")));
    }

    /** Registers a new person with this email address and signs them in. */
    public static TestUser create(WebClient client, String displayName, String email) {
        HttpResponse<Buffer> registered = await(client.post("/api/auth/register").sendJsonObject(new JsonObject()
            .put("email", email).put("password", PASSWORD).put("displayName", displayName)));
        if (registered.statusCode() != 201) {
            throw new IllegalStateException("register failed: " + registered.bodyAsString());
        }
        return signIn(client, email);
    }

    /** Signs in an existing person with {@link #PASSWORD}. */
    public static TestUser signIn(WebClient client, String email) {
        HttpResponse<Buffer> login = await(client.post("/api/auth/login")
            .sendJsonObject(new JsonObject().put("email", email).put("password", PASSWORD)));
        if (login.statusCode() != 200) {
            throw new IllegalStateException("login failed: " + login.bodyAsString());
        }
        JsonObject body = login.bodyAsJsonObject();
        JsonObject user = body.getJsonObject("user");
        return new TestUser(UUID.fromString(user.getString("id")), email, user.getString("displayName"),
            body.getString("token"), cookie(login, "hub_session"), cookie(login, "hub_csrf"));
    }

    /** The value of a cookie set by a response, or null. */
    public static String cookie(HttpResponse<?> response, String name) {
        for (String header : response.cookies()) {
            if (header.startsWith(name + "=")) {
                return header.substring(name.length() + 1, header.indexOf(';') < 0 ? header.length() : header.indexOf(';'));
            }
        }
        return null;
    }
}
