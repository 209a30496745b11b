package uk.nhs.hub.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The SockJS event-bus bridge at {@code /eventbus}: server-to-browser only. Browsers may register only for
 * addresses that a feature has declared with a {@link Rule}, and each register is checked against that
 * rule's authoriser for the signed-in user at that moment. Nothing may be sent or published inbound.
 */
public final class EventBusBridge {

    private static final Logger LOG = LoggerFactory.getLogger(EventBusBridge.class);

    /**
     * Decides whether a signed-in user may receive what is published on one address.
     */
    @FunctionalInterface
    public interface Authoriser {
        /** @param userId the signed-in user's id; @param address the exact address asked for */
        Future<Boolean> mayReceive(String userId, String address);
    }

    /** A family of outbound addresses (matched whole by {@code address}) and who may receive them. */
    public record Rule(Pattern address, Authoriser authoriser) {
    }

    /**
     * {@code hub.internal.bridge.disconnect}: server to server only (never bridged). Body: a user id. Every node
     * closes that person's live connections, so that access just taken away stops at once; their pages reconnect
     * and register again under the new rights.
     */
    public static final String DISCONNECT_ADDRESS = "hub.internal.bridge.disconnect";

    /**
     * {@code hub.internal.bridge.end-session}: server to server only (never bridged). Body:
     * {@code {"userId", "sessionId", "address", "body"}}. Every node sends the sockets opened under that sign-in
     * session a last message on {@code address} (as if published there) and closes them; the session has ended,
     * so they cannot reconnect.
     */
    public static final String END_SESSION_ADDRESS = "hub.internal.bridge.end-session";

    /** How long an ended session's socket is kept open for its farewell to be sent. */
    private static final long FAREWELL_MILLIS = 500;

    /** The principal attribute naming the sign-in session a socket was opened under. */
    public static final String SESSION_ATTRIBUTE = "sid";

    private final Vertx vertx;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, Set<SockJSSocket>> socketsByUser = new ConcurrentHashMap<>();
    /** Sockets whose access was revoked: they receive nothing more while they close. */
    private final Set<SockJSSocket> revoked = ConcurrentHashMap.newKeySet();

    public EventBusBridge(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Declares a family of addresses browsers may register for; call before {@link #router(Vertx)}. */
    public EventBusBridge allow(Rule rule) {
        rules.add(rule);
        return this;
    }

    /**
     * Takes away a person's live connections at once, before the caller publishes anything else: on this node
     * their sockets stop receiving immediately and close; other nodes are told through {@link #DISCONNECT_ADDRESS}.
     * Their pages reconnect and register again under their new rights.
     */
    public void revoke(String userId) {
        closeLocally(userId);
        vertx.eventBus().publish(DISCONNECT_ADDRESS, userId);
    }

    /**
     * Closes, on every node, the live connections opened under one sign-in session, after sending each of them
     * {@code farewell} as a message on {@code address}, so that the page can say why.
     */
    public void endSession(String userId, String sessionId, String address, JsonObject farewell) {
        JsonObject ending = new JsonObject().put("userId", userId).put("sessionId", sessionId)
            .put("address", address).put("body", farewell);
        endSessionLocally(ending);
        vertx.eventBus().publish(END_SESSION_ADDRESS, ending);
    }

    private void endSessionLocally(JsonObject ending) {
        Set<SockJSSocket> sockets = socketsByUser.get(ending.getString("userId"));
        if (sockets == null) {
            return;
        }
        String frame = new JsonObject().put("type", "rec").put("address", ending.getString("address"))
            .put("body", ending.getJsonObject("body")).encode();
        for (SockJSSocket socket : List.copyOf(sockets)) {
            User user = socket.webUser();
            if (user != null && ending.getString("sessionId").equals(user.principal().getString(SESSION_ATTRIBUTE))) {
                sockets.remove(socket);
                revoked.add(socket);
                socket.write(frame);
                // SockJS sends queued frames after the write returns; closing at once could lose the farewell.
                // The socket receives nothing else meanwhile.
                vertx.setTimer(FAREWELL_MILLIS, t -> socket.close());
            }
        }
    }

    private void closeLocally(String userId) {
        Set<SockJSSocket> sockets = socketsByUser.remove(userId);
        if (sockets != null) {
            revoked.addAll(sockets);
            sockets.forEach(SockJSSocket::close);
        }
    }

    /** The live-update sockets open on this node. */
    public int liveConnections() {
        return socketsByUser.values().stream().mapToInt(Set::size).sum();
    }

    /** Closes every live connection on this node (at shutdown: browsers reconnect, to another node if there is one). */
    public void closeAll() {
        socketsByUser.keySet().forEach(this::closeLocally);
    }

    /** Listens for {@link #DISCONNECT_ADDRESS} and {@link #END_SESSION_ADDRESS} from other nodes. */
    public Future<Void> listen() {
        return Future.all(
                vertx.eventBus().<String>consumer(DISCONNECT_ADDRESS, message -> closeLocally(message.body())).completion(),
                vertx.eventBus().<JsonObject>consumer(END_SESSION_ADDRESS, message -> endSessionLocally(message.body()))
                    .completion())
            .mapEmpty();
    }

    /** The SockJS router to mount under {@code /eventbus/*}, after an authentication step. */
    public Router router(Vertx vertx) {
        SockJSBridgeOptions options = new SockJSBridgeOptions()
            .setPingTimeout(30_000)
            .setReplyTimeout(10_000);
        for (Rule rule : rules) {
            options.addOutboundPermitted(new PermittedOptions().setAddressRegex(rule.address().pattern()));
        }
        SockJSHandlerOptions sockJsOptions = new SockJSHandlerOptions()
            .setHeartbeatInterval(25_000)
            .setRegisterWriteHandler(false);
        return SockJSHandler.create(vertx, sockJsOptions).bridge(options, this::handle);
    }

    private void handle(BridgeEvent event) {
        BridgeEventType type = event.type();
        switch (type) {
            case SEND, PUBLISH -> event.complete(false);
            case REGISTER -> authoriseRegister(event);
            case RECEIVE -> event.complete(!revoked.contains(event.socket()));
            case SOCKET_CREATED -> {
                User user = event.socket().webUser();
                if (user != null && user.subject() != null) {
                    socketsByUser.computeIfAbsent(user.subject(), id -> ConcurrentHashMap.newKeySet()).add(event.socket());
                }
                event.complete(true);
            }
            case SOCKET_CLOSED -> {
                revoked.remove(event.socket());
                User user = event.socket().webUser();
                if (user != null && user.subject() != null) {
                    socketsByUser.computeIfPresent(user.subject(), (id, sockets) -> {
                        sockets.remove(event.socket());
                        return sockets.isEmpty() ? null : sockets;
                    });
                }
                event.complete(true);
            }
            default -> event.complete(true);
        }
    }

    private void authoriseRegister(BridgeEvent event) {
        User user = event.socket().webUser();
        String address = event.getRawMessage() == null ? null : event.getRawMessage().getString("address");
        if (user == null || user.subject() == null || address == null) {
            event.complete(false);
            return;
        }
        Rule rule = rules.stream().filter(r -> r.address().matcher(address).matches()).findFirst().orElse(null);
        if (rule == null) {
            event.complete(false);
            return;
        }
        rule.authoriser().mayReceive(user.subject(), address)
            .onSuccess(allowed -> event.complete(Boolean.TRUE.equals(allowed)))
            .onFailure(err -> {
                LOG.warn("bridge register for {} could not be authorised", address, err);
                event.complete(false);
            });
    }
}
