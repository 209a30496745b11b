package uk.nhs.hub.account;

import java.util.List;
import java.util.Locale;

/**
 * A short description of the device a sign-in came from ("Chrome on Windows", "Safari on iPhone"), from its
 * User-Agent header, so a person can recognise their sign-ins. Only the common browsers and systems are named;
 * the order of the rules matters, because most browsers' headers also name others (Edge says "Chrome" and
 * "Safari", Chrome says "Safari").
 */
final class DeviceNames {

    private record Rule(String marker, String name) {
    }

    private static final List<Rule> BROWSERS = List.of(
        new Rule("edg/", "Edge"), new Rule("edga/", "Edge"), new Rule("edgios/", "Edge"),
        new Rule("opr/", "Opera"), new Rule("samsungbrowser/", "Samsung Internet"),
        new Rule("firefox/", "Firefox"), new Rule("fxios/", "Firefox"),
        new Rule("crios/", "Chrome"), new Rule("chromium/", "Chromium"), new Rule("chrome/", "Chrome"),
        new Rule("version/", "Safari"));

    private static final List<Rule> SYSTEMS = List.of(
        new Rule("iphone", "iPhone"), new Rule("ipad", "iPad"), new Rule("android", "Android"),
        new Rule("windows", "Windows"), new Rule("cros", "ChromeOS"), new Rule("macintosh", "Mac"),
        new Rule("mac os x", "Mac"), new Rule("linux", "Linux"));

    private DeviceNames() {
    }

    static String describe(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "Unknown device";
        }
        String agent = userAgent.toLowerCase(Locale.ROOT);
        String browser = first(BROWSERS, agent);
        if ("Safari".equals(browser) && !agent.contains("safari")) {
            browser = null;
        }
        String system = first(SYSTEMS, agent);
        if (browser != null && system != null) {
            return browser + " on " + system;
        }
        if (browser != null) {
            return browser;
        }
        if (system != null) {
            return "A browser on " + system;
        }
        // a program rather than a browser ("curl/8.5.0"): its own name, which is what its user will recognise
        String product = userAgent.strip().split("[/\\s]", 2)[0];
        return product.isEmpty() || product.length() > 40 ? "Unknown device" : product;
    }

    private static String first(List<Rule> rules, String agent) {
        for (Rule rule : rules) {
            if (agent.contains(rule.marker())) {
                return rule.name();
            }
        }
        return null;
    }
}
