package uk.nhs.hub.account;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Turns a stored User-Agent into the short description people recognise on their sign-ins list ("Chrome on
 * Windows", "Safari on iPhone"). The rules are checked in order because browsers claim each other's names: Edge
 * and Opera say "Chrome", Chrome says "Safari", and every iPhone browser is Safari underneath.
 */
final class DeviceNames {

    static final String UNKNOWN = "Unknown device";

    private record Rule(String name, Predicate<String> matches) {
    }

    private static Rule containing(String name, String... marks) {
        return new Rule(name, agent -> {
            for (String mark : marks) {
                if (agent.contains(mark)) {
                    return true;
                }
            }
            return false;
        });
    }

    private static final List<Rule> BROWSERS = List.of(
        containing("Edge", "edg/", "edga/", "edgios/", "edge/"),
        containing("Opera", "opr/", "opera", "opios/"),
        containing("Samsung Internet", "samsungbrowser/"),
        containing("Firefox", "firefox/", "fxios/"),
        containing("Chrome", "chrome/", "crios/", "chromium/"),
        new Rule("Safari", agent -> agent.contains("safari/") || agent.contains("applewebkit/")
            && (agent.contains("iphone") || agent.contains("ipad") || agent.contains("macintosh"))),
        containing("Internet Explorer", "msie ", "trident/"),
        containing("A command-line tool", "curl/", "wget/"),
        // Node.js's own fetch says only "node"
        new Rule("An app or script", "node"::equals),
        containing("An app or script", "java-http-client", "vert.x-webclient", "okhttp", "python-requests", "node-fetch",
            "undici", "postmanruntime"));

    private static final List<Rule> SYSTEMS = List.of(
        containing("iPhone", "iphone"),
        containing("iPad", "ipad"),
        containing("Android", "android"),
        containing("ChromeOS", "cros "),
        containing("Windows", "windows"),
        containing("Mac", "macintosh", "mac os x"),
        containing("Linux", "linux", "x11"));

    private DeviceNames() {
    }

    /** "Chrome on Windows", "Firefox" when no system is named, or {@value #UNKNOWN}. */
    static String describe(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return UNKNOWN;
        }
        String agent = userAgent.toLowerCase(Locale.ROOT);
        String browser = first(BROWSERS, agent);
        String system = first(SYSTEMS, agent);
        if (browser == null) {
            return system == null ? UNKNOWN : "A browser on " + system;
        }
        return system == null ? browser : browser + " on " + system;
    }

    private static String first(List<Rule> rules, String agent) {
        for (Rule rule : rules) {
            if (rule.matches().test(agent)) {
                return rule.name();
            }
        }
        return null;
    }
}
