package uk.nhs.hub.platform;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which address a request is counted against, given who passed it on. */
class TrustedProxiesTest {

    private static final TrustedProxies NGINX = TrustedProxies.parse("127.0.0.1, 10.0.0.0/8, fd00::/8");

    @Test
    void withNoTrustedProxiesTheHeaderIsIgnored() {
        assertEquals("127.0.0.1", TrustedProxies.none().clientAddress("127.0.0.1", List.of("203.0.113.9")));
    }

    @Test
    void aPeerThatIsNotTrustedCannotNameAnotherClient() {
        assertEquals("198.51.100.7", NGINX.clientAddress("198.51.100.7", List.of("203.0.113.9")));
    }

    @Test
    void behindATrustedProxyTheRightMostUntrustedAddressIsTheClient() {
        // the client forged the first entry; nginx appended the address it really saw
        assertEquals("203.0.113.9", NGINX.clientAddress("127.0.0.1", List.of("192.0.2.1, 203.0.113.9")));
        // a chain of trusted proxies is walked back to the first address none of them is
        assertEquals("203.0.113.9", NGINX.clientAddress("127.0.0.1", List.of("192.0.2.1, 203.0.113.9, 10.1.2.3")));
        assertEquals("203.0.113.9", NGINX.clientAddress("127.0.0.1", List.of("192.0.2.1", "203.0.113.9,10.1.2.3")),
            "several headers make one chain");
        assertEquals("2001:db8::5", NGINX.clientAddress("::ffff:127.0.0.1", List.of("2001:db8::5")));
    }

    @Test
    void aChainOfOnlyTrustedProxiesEndsAtItsOldestHop() {
        assertEquals("10.0.0.1", NGINX.clientAddress("127.0.0.1", List.of("10.0.0.1, 10.0.0.2")));
    }

    @Test
    void somethingThatIsNotAnAddressStopsTheWalkAtTheProxyThatPassedItOn() {
        assertEquals("10.0.0.2", NGINX.clientAddress("127.0.0.1", List.of("unknown, 10.0.0.2")));
        assertEquals("127.0.0.1", NGINX.clientAddress("127.0.0.1", List.of("evil.example")),
            "never a DNS lookup, never a made-up name");
    }

    @Test
    void portsAndBracketsAreDropped() {
        assertEquals("203.0.113.9", NGINX.clientAddress("127.0.0.1", List.of("203.0.113.9:51234")));
        assertEquals("2001:db8::5", NGINX.clientAddress("127.0.0.1", List.of("[2001:db8::5]:443")));
    }

    @Test
    void rangesMatchByPrefix() {
        TrustedProxies ranges = TrustedProxies.parse(List.of("192.168.4.0/22", "2001:db8:1::/48"));
        assertTrue(ranges.trusts("192.168.7.255"));
        assertFalse(ranges.trusts("192.168.8.0"));
        assertTrue(ranges.trusts("2001:db8:1:ffff::1"));
        assertFalse(ranges.trusts("2001:db8:2::1"));
        assertFalse(ranges.trusts("not an address"));
    }

    @Test
    void aBadEntryIsRefusedByName() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("proxy.example"));
        assertTrue(name.getMessage().contains("'proxy.example'"), name.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/x"));
    }
}
