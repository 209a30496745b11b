package uk.nhs.hub;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.Map;

import static uk.nhs.hub.TestHub.await;

/**
 * Pages requested as a browser does: with the session and CSRF cookies, HTML accepted, redirects not followed,
 * and forms posted with the CSRF field. {@code null} is someone signed out.
 */
public final class PageRequests {

    private PageRequests() {
    }

    public static HttpResponse<Buffer> get(WebClient client, TestUser as, String path) {
        var request = client.get(path).followRedirects(false).putHeader("Accept", "text/html");
        if (as != null) {
            request.putHeader("Cookie", as.cookieHeader());
        }
        return await(request.send());
    }

    public static HttpResponse<Buffer> post(WebClient client, TestUser as, String path, Map<String, String> fields) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        fields.forEach(form::add);
        var request = client.post(path).followRedirects(false).putHeader("Accept", "text/html");
        if (as != null) {
            request.putHeader("Cookie", as.cookieHeader());
            form.add("csrf", as.csrfCookie());
        }
        return await(request.sendForm(form));
    }
}
