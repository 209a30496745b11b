package uk.nhs.hub.platform;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The SockJS event-bus bridge at {@code /eventbus}: server-to-browser only. Browsers may register only for
 * addresses that a feature has declared with a {@link Rule}, and each register is checked against that
 * rule's authoriser for the signed-in user at that moment. Nothing may be sent or published inbound.
 *
 * <p>It speaks the protocol of the Vert.x event-bus client (register, unregister, ping; "rec" and "err" frames)
 * itself rather than through the Vert.x bridge, which consumes each address once per socket and so copies and
 * encodes every message once per receiver. Here a node consumes each address once, encodes each message to its
 * frame once and writes that same buffer to every socket registered for it.
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

    /** A page that has not pinged for this long has gone; its connection is closed. */
    private static final long PING_TIMEOUT_MILLIS = 30_000;
    private static final int MAX_ADDRESS_LENGTH = 200;
    private static final int MAX_ADDRESSES_PER_SOCKET = 1000;

    private final Vertx vertx;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    /** Every open socket on this node and what it listens to. */
    private final Map<SockJSSocket, Subscriptions> listeners = new ConcurrentHashMap<>();
    /** For each address someone here listens to, its sockets; this node consumes each address once. */
    private final Map<String, Map<SockJSSocket, Listener>> subscribers = new ConcurrentHashMap<>();
    private final Map<String, MessageConsumer<Object>> consumers = new ConcurrentHashMap<>();
    private final AtomicLong framesEncoded = new AtomicLong();
    private long pingCheck = -1;
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
                onOwnLoop(socket, open -> open.write(frame));
                // SockJS sends queued frames after the write returns; closing at once could lose the farewell.
                // The socket receives nothing else meanwhile.
                vertx.setTimer(FAREWELL_MILLIS, t -> close(socket));
            }
        }
    }

    private void closeLocally(String userId) {
        Set<SockJSSocket> sockets = socketsByUser.remove(userId);
        if (sockets != null) {
            revoked.addAll(sockets);
            sockets.forEach(this::close);
        }
    }

    /** The live-update sockets open on this node. */
    public int liveConnections() {
        return socketsByUser.values().stream().mapToInt(Set::size).sum();
    }

    /** Closes every live connection on this node (at shutdown: browsers reconnect, to another node if there is one). */
    public synchronized void closeAll() {
        if (pingCheck >= 0) {
            vertx.cancelTimer(pingCheck);
            pingCheck = -1;
        }
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
        SockJSHandlerOptions sockJsOptions = new SockJSHandlerOptions()
            .setHeartbeatInterval(25_000)
            .setRegisterWriteHandler(false);
        startPingCheck();
        return SockJSHandler.create(vertx, sockJsOptions).socketHandler(this::connected);
    }

    /** Each HTTP server instance asks for a router from its own event loop; the ping check starts once. */
    private synchronized void startPingCheck() {
        if (pingCheck < 0) {
            pingCheck = vertx.setPeriodic(PING_TIMEOUT_MILLIS / 3, t -> closeSilent());
        }
    }

    /** Closes a socket on the event loop it belongs to. */
    private void close(SockJSSocket socket) {
        onOwnLoop(socket, SockJSSocket::close);
    }

    /** Runs {@code action} on the event loop a socket belongs to (at once when already there). */
    private void onOwnLoop(SockJSSocket socket, java.util.function.Consumer<SockJSSocket> action) {
        Subscriptions subscriptions = listeners.get(socket);
        if (subscriptions == null || subscriptions.listener.context() == Vertx.currentContext()) {
            action.accept(socket);
        } else {
            subscriptions.listener.context().runOnContext(v -> action.accept(socket));
        }
    }

    /**
     * How many live messages this node has turned into frames: one per message however many sockets receive it,
     * so that tests can see a message to many people is encoded once.
     */
    public long framesEncoded() {
        return framesEncoded.get();
    }

    /** How many sockets on this node listen to {@code address} (for tests and the bench). */
    public int listening(String address) {
        Map<SockJSSocket, Listener> sockets = subscribers.get(address);
        return sockets == null ? 0 : sockets.size();
    }

    /** A browser's connection and the event loop its writes belong to. */
    private record Listener(SockJSSocket socket, Context context) {
    }

    private void connected(SockJSSocket socket) {
        User user = socket.webUser();
        if (user == null || user.subject() == null) {
            socket.close();
            return;
        }
        Listener listener = new Listener(socket, Vertx.currentContext());
        listeners.put(socket, new Subscriptions(listener));
        socketsByUser.computeIfAbsent(user.subject(), id -> ConcurrentHashMap.newKeySet()).add(socket);
        socket.handler(data -> received(listener, user, data));
        socket.exceptionHandler(err -> socket.close());
        socket.endHandler(v -> closed(listener, user));
    }

    /** What one socket has registered for, and when it last pinged. */
    private static final class Subscriptions {
        final Listener listener;
        final Set<String> addresses = ConcurrentHashMap.newKeySet();
        volatile long lastPing = System.currentTimeMillis();

        Subscriptions(Listener listener) {
            this.listener = listener;
        }
    }

    private void received(Listener listener, User user, Buffer data) {
        Subscriptions subscriptions = listeners.get(listener.socket());
        if (subscriptions == null) {
            return;
        }
        JsonObject frame;
        try {
            frame = new JsonObject(data);
        } catch (RuntimeException e) {
            refuse(listener.socket(), "invalid_json", null);
            return;
        }
        String type = frame.getValue("type") instanceof String t ? t : null;
        String address = frame.getValue("address") instanceof String a ? a : null;
        if (type == null) {
            refuse(listener.socket(), "missing_type", null);
            return;
        }
        subscriptions.lastPing = System.currentTimeMillis();
        switch (type) {
            case "ping" -> {
                // the ping itself keeps the connection open
            }
            case "register" -> register(subscriptions, user, address);
            case "unregister" -> unregister(listener, address);
            // browsers only listen: nothing they send reaches the event bus
            case "send", "publish" -> refuse(listener.socket(), "access_denied", address);
            default -> refuse(listener.socket(), "invalid_type", address);
        }
    }

    private void register(Subscriptions subscriptions, User user, String address) {
        SockJSSocket socket = subscriptions.listener.socket();
        if (address == null) {
            refuse(socket, "missing_address", null);
            return;
        }
        Rule rule = address.length() > MAX_ADDRESS_LENGTH ? null
            : rules.stream().filter(r -> r.address().matcher(address).matches()).findFirst().orElse(null);
        if (rule == null) {
            refuse(socket, "access_denied", address);
            return;
        }
        if (subscriptions.addresses.size() >= MAX_ADDRESSES_PER_SOCKET) {
            refuse(socket, "max_handlers_reached", address);
            return;
        }
        rule.authoriser().mayReceive(user.subject(), address)
            .onSuccess(allowed -> {
                if (!Boolean.TRUE.equals(allowed)) {
                    refuse(socket, "access_denied", address);
                } else if (listeners.containsKey(socket) && !revoked.contains(socket)) {
                    subscriptions.addresses.add(address);
                    subscribe(subscriptions.listener, address);
                }
            })
            .onFailure(err -> {
                LOG.warn("bridge register for {} could not be authorised", address, err);
                refuse(socket, "access_denied", address);
            });
    }

    /** Adds a socket to an address, starting this node's one consumer of that address if it has none yet. */
    private void subscribe(Listener listener, String address) {
        subscribers.compute(address, (a, existing) -> {
            Map<SockJSSocket, Listener> sockets = existing;
            if (sockets == null) {
                sockets = new ConcurrentHashMap<>();
                consumers.put(address, vertx.eventBus().consumer(address, message -> fanOut(address, message.body())));
            }
            sockets.put(listener.socket(), listener);
            return sockets;
        });
    }

    private void unregister(Listener listener, String address) {
        if (address == null) {
            refuse(listener.socket(), "missing_address", null);
            return;
        }
        Subscriptions subscriptions = listeners.get(listener.socket());
        if (subscriptions != null) {
            subscriptions.addresses.remove(address);
        }
        leave(listener.socket(), address);
    }

    private void leave(SockJSSocket socket, String address) {
        subscribers.computeIfPresent(address, (a, sockets) -> {
            sockets.remove(socket);
            if (!sockets.isEmpty()) {
                return sockets;
            }
            MessageConsumer<Object> consumer = consumers.remove(address);
            if (consumer != null) {
                consumer.unregister();
            }
            return null;
        });
    }

    private void closed(Listener listener, User user) {
        SockJSSocket socket = listener.socket();
        Subscriptions subscriptions = listeners.remove(socket);
        if (subscriptions != null) {
            subscriptions.addresses.forEach(address -> leave(socket, address));
        }
        revoked.remove(socket);
        socketsByUser.computeIfPresent(user.subject(), (id, sockets) -> {
            sockets.remove(socket);
            return sockets.isEmpty() ? null : sockets;
        });
    }

    /**
     * Sends one published message to every socket on this node registered for its address: the frame is encoded
     * once and the same buffer written to each, on the event loop that socket belongs to. Who may receive was
     * decided when each socket registered; access taken away since then has closed the socket (see
     * {@link #revoke}), so nothing here asks the database.
     */
    private void fanOut(String address, Object body) {
        Map<SockJSSocket, Listener> sockets = subscribers.get(address);
        if (sockets == null || sockets.isEmpty()) {
            return;
        }
        Buffer frame = Buffer.buffer(new JsonObject().put("type", "rec").put("address", address).put("body", body).encode());
        framesEncoded.incrementAndGet();
        Map<Context, List<SockJSSocket>> byLoop = new HashMap<>();
        for (Listener listener : sockets.values()) {
            if (!revoked.contains(listener.socket())) {
                byLoop.computeIfAbsent(listener.context(), c -> new ArrayList<>()).add(listener.socket());
            }
        }
        byLoop.forEach((context, targets) -> context.runOnContext(v -> {
            for (SockJSSocket socket : targets) {
                if (!revoked.contains(socket) && listeners.containsKey(socket)) {
                    socket.write(frame);
                }
            }
        }));
    }

    private static void refuse(SockJSSocket socket, String reason, String address) {
        JsonObject error = new JsonObject().put("type", "err").put("body", reason);
        if (address != null) {
            error.put("address", address);
        }
        socket.write(Buffer.buffer(error.encode()));
    }

    /** Closes the connections whose browser has stopped pinging: the page has gone without saying so. */
    private void closeSilent() {
        long before = System.currentTimeMillis() - PING_TIMEOUT_MILLIS;
        listeners.values().stream().filter(s -> s.lastPing < before).forEach(s -> close(s.listener.socket()));
    }
}
