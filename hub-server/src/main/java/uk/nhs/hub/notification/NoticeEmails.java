package uk.nhs.hub.notification;

import io.vertx.core.json.JsonObject;
import uk.nhs.hub.platform.EmailTemplates;
import uk.nhs.hub.platform.Outbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Words and links of the emails about notices: one notice ({@code templates/email/notice.*}) and a digest
 * ({@code templates/email/digest.*}), each with a link to the person's email preferences and a one-click
 * unsubscribe link, which also goes in the RFC 8058 headers so mail apps can offer their own button.
 */
public final class NoticeEmails {

    private final EmailTemplates templates;
    private final String baseUrl;

    /** {@code baseUrl} is the hub's public address without a trailing slash, as in {@code http.baseUrl}. */
    public NoticeEmails(EmailTemplates templates, String baseUrl) {
        this.templates = templates;
        this.baseUrl = baseUrl;
    }

    /** The email for one notice; {@code token} is its unsubscribe token, null for emails that always go. */
    EmailTemplates.Rendered notice(String name, Notifications.Notice notice, String token) {
        Map<String, Object> model = links(name, token);
        model.put("title", notice.title());
        model.put("body", notice.body() == null ? "" : notice.body());
        model.put("link", absolute(notice.href()));
        Notifications.Category category = notice.kind().category();
        model.put("about", category == Notifications.Category.ALWAYS ? ""
            : EmailPreferences.words(category.column()));
        return templates.render("notice", model);
    }

    /**
     * A digest: {@code groups} holds one map per network ({@code network} and {@code items}, each item with
     * {@code title}, {@code body} and {@code href}), in the order to show them.
     */
    EmailTemplates.Rendered digest(String name, boolean weekly, List<Map<String, Object>> groups, String token) {
        Map<String, Object> model = links(name, token);
        model.put("weekly", weekly);
        model.put("groups", groups.stream().map(group -> {
            Map<String, Object> copy = new HashMap<>(group);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) group.get("items");
            copy.put("items", items.stream().map(item -> {
                Map<String, Object> withLink = new HashMap<>(item);
                withLink.put("link", absolute((String) item.get("href")));
                return withLink;
            }).toList());
            return copy;
        }).toList());
        return templates.render("digest", model);
    }

    /** The RFC 8058 headers: the https link a mail app POSTs to, and the marker that one POST is enough. */
    JsonObject unsubscribeHeaders(String token) {
        return new JsonObject().put("List-Unsubscribe", "<" + unsubscribeUrl(token) + ">")
            .put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }

    /**
     * An email that always goes (an invitation with its accept link, a decision someone asked for), as its feature
     * wrote it, with the link to the person's email preferences added at the foot.
     */
    Outbox.Message alwaysSent(Outbox.Message written) {
        return new Outbox.Message(written.to(), written.subject(), written.text() + "\n\n--\nChoose which emails you get "
            + "and how often: " + baseUrl + "/account/email\n", written.html(), written.calendar(), written.calendarMethod());
    }

    String unsubscribeUrl(String token) {
        return baseUrl + "/unsubscribe/" + token;
    }

    private Map<String, Object> links(String name, String token) {
        Map<String, Object> model = new HashMap<>();
        model.put("name", name);
        model.put("preferencesLink", baseUrl + "/account/email");
        if (token != null) {
            model.put("unsubscribeLink", unsubscribeUrl(token));
        }
        return model;
    }

    private String absolute(String href) {
        return href.startsWith("/") ? baseUrl + href : href;
    }
}
