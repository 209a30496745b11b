package uk.nhs.hub.platform;

import java.net.URI;
import java.net.URISyntaxException;

/** Links people give the hub (pre-reads, attachments): only web addresses, never script or data URLs. */
public final class WebAddresses {

    private WebAddresses() {
    }

    /** Whether {@code value} is an absolute http or https address with a host. */
    public static boolean isWebAddress(String value) {
        try {
            URI uri = new URI(value.strip());
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
