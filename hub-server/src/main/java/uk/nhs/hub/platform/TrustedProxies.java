package uk.nhs.hub.platform;

import io.netty.util.NetUtil;
import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The peers (addresses and CIDR ranges, from {@code security.trustedProxies}) whose {@code X-Forwarded-For} the
 * hub believes. As a route step it works out each request's client address for {@link RequestOrigin}: the
 * right-most address in the chain that is not a trusted proxy, since everything to its left was written by the
 * client and may be forged. With no trusted proxies (the default) the header is ignored and the client is the
 * peer itself, so nobody can dodge sign-in throttling by making up addresses.
 */
public final class TrustedProxies implements Handler<RoutingContext> {

    static final String CLIENT_ADDRESS = "hub.clientAddress";

    /** An address range: the leading {@code bits} of {@code network}. */
    private record Range(byte[] network, int bits) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** Trusts nobody: {@code X-Forwarded-For} is ignored. */
    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /**
     * Parses addresses ({@code 10.0.0.5}, {@code ::1}) and CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8}).
     *
     * @throws IllegalArgumentException naming the first entry that is neither
     */
    public static TrustedProxies parse(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries) {
            String text = entry.trim();
            int slash = text.indexOf('/');
            byte[] network = bytes(slash < 0 ? text : text.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
            }
            int bits = network.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > network.length * 8) {
                    throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0 to "
                        + network.length * 8);
                }
            }
            ranges.add(new Range(network, bits));
        }
        return new TrustedProxies(List.copyOf(ranges));
    }

    /** Parses a comma- or space-separated list, as the environment gives it. */
    public static TrustedProxies parse(String commaSeparated) {
        return parse(Arrays.stream(commaSeparated.split("[,\\s]+")).filter(entry -> !entry.isBlank()).toList());
    }

    /** Whether any proxy is trusted. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    boolean trusts(String address) {
        byte[] bytes = bytes(address);
        return bytes != null && ranges.stream().anyMatch(range -> range.contains(bytes));
    }

    /**
     * The client address of a request that reached the hub from {@code peer} with these {@code X-Forwarded-For}
     * header values (each a comma-separated chain, oldest hop first).
     */
    public String clientAddress(String peer, List<String> forwardedFor) {
        if (!trusts(peer) || forwardedFor.isEmpty()) {
            return peer;
        }
        List<String> chain = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                chain.add(hop.trim());
            }
        }
        String client = peer;
        for (int i = chain.size() - 1; i >= 0; i--) {
            String hop = withoutPort(chain.get(i));
            if (bytes(hop) == null) {
                // a hop a trusted proxy would never write: believe no further than the proxy that passed it on
                return client;
            }
            client = hop;
            if (!trusts(hop)) {
                return hop;
            }
        }
        return client;
    }

    @Override
    public void handle(RoutingContext ctx) {
        SocketAddress peer = ctx.request().remoteAddress();
        String address = peer == null ? null : peer.hostAddress();
        if (address != null && !ranges.isEmpty()) {
            address = clientAddress(address, ctx.request().headers().getAll("X-Forwarded-For"));
        }
        ctx.put(CLIENT_ADDRESS, address);
        ctx.next();
    }

    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(1, end);
        }
        int colon = hop.indexOf(':');
        return colon >= 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }

    /** The address's bytes (an IPv4-mapped IPv6 address as IPv4), or null when it is not a literal address. */
    private static byte[] bytes(String address) {
        if (address == null || address.isEmpty()) {
            return null;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes != null && bytes.length == 16 && isIpv4Mapped(bytes)) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }
}
