package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** The event-bus bridge as a browser uses it, over the raw WebSocket transport of SockJS. */
@ExtendWith(VertxExtension.class)
class LiveBridgeTest {

    private static TestUser ann;
    private static TestUser bob;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        ann = TestUsers.create(TestHub.get().client(), "Ann Live");
        bob = TestUsers.create(TestHub.get().client(), "Bob Live");
        client = TestHub.get().vertx().createWebSocketClient();
        site = TestHub.originOf(TestHub.get().port());
    }

    private static WebSocketClient client;
    private static String site;

    private static Future<WebSocket> connect(String cookie, String origin) {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
            .setHost("127.0.0.1").setPort(TestHub.get().port()).setURI("/eventbus/websocket");
        if (cookie != null) {
            options.addHeader("Cookie", cookie);
        }
        if (origin != null) {
            options.addHeader("Origin", origin);
        } else {
            // the client would otherwise make one up from the host and port
            options.setAllowOriginHeader(false);
        }
        return client.connect(options);
    }

    /** The bridge's answer to a refused frame: an error naming the refusal. */
    private static void assertRefused(JsonObject frame) {
        assertEquals("err", frame.getString("type"), frame.encode());
        assertTrue(java.util.Set.of("rejected", "access_denied").contains(frame.getString("body")), frame.encode());
    }

    private static JsonObject register(String address) {
        return new JsonObject().put("type", "register").put("address", address);
    }

    @Test
    void aUserReceivesTheirOwnNoticesLive(VertxTestContext test) {
        var received = test.checkpoint();
        connect(ann.cookieHeader(), site).onComplete(test.succeeding(socket -> {
            socket.handler(data -> {
                String text = data.toString();
                JsonObject frame = new JsonObject(text);
                test.verify(() -> {
                    assertEquals("rec", frame.getString("type"), frame.encode());
                    assertEquals(AccountEvents.userAddress(ann.id()), frame.getString("address"));
                    assertEquals("meeting.reminder", frame.getJsonObject("body").getString("type"));
                });
                received.flag();
                socket.close();
            });
            socket.writeTextMessage(register(AccountEvents.userAddress(ann.id())).encode());
            TestHub.get().vertx().setTimer(300, t -> TestHub.get().vertx().eventBus().publish(
                AccountEvents.userAddress(ann.id()), new JsonObject().put("type", "meeting.reminder")));
        }));
    }

    @Test
    void registeringForSomeoneElsesAddressIsRefused(VertxTestContext test) {
        connect(bob.cookieHeader(), site).onComplete(test.succeeding(socket -> {
            socket.handler(data -> {
                String text = data.toString();
                JsonObject frame = new JsonObject(text);
                test.verify(() -> {
                    assertEquals("err", frame.getString("type"), frame.encode());
                    assertRefused(frame);
                });
                test.completeNow();
                socket.close();
            });
            socket.writeTextMessage(register(AccountEvents.userAddress(ann.id())).encode());
        }));
    }

    @Test
    void addressesNoRuleNamesAreRefused(VertxTestContext test) {
        connect(bob.cookieHeader(), site).onComplete(test.succeeding(socket -> {
            socket.handler(data -> {
                String text = data.toString();
                test.verify(() -> assertRefused(new JsonObject(text)));
                test.completeNow();
                socket.close();
            });
            socket.writeTextMessage(register("hub.internal.anything").encode());
        }));
    }

    @Test
    void browsersCannotPublishOrSend(VertxTestContext test) {
        String address = AccountEvents.userAddress(bob.id());
        var consumer = TestHub.get().vertx().eventBus().consumer(address, message ->
            test.failNow("an inbound message reached the event bus"));
        var refusals = new java.util.concurrent.atomic.AtomicInteger();
        consumer.completion().onSuccess(v -> connect(bob.cookieHeader(), site).onComplete(test.succeeding(socket -> {
            socket.handler(data -> {
                String text = data.toString();
                test.verify(() -> assertRefused(new JsonObject(text)));
                if (refusals.incrementAndGet() == 2) {
                    consumer.unregister().onComplete(test.succeedingThenComplete());
                    socket.close();
                }
            });
            socket.writeTextMessage(new JsonObject().put("type", "publish").put("address", address)
                .put("body", new JsonObject().put("type", "signed-out")).encode());
            socket.writeTextMessage(new JsonObject().put("type", "send").put("address", address)
                .put("body", new JsonObject()).encode());
        })));
    }

    @Test
    void theBridgeRefusesConnectionsWithoutASignIn() {
        Throwable failure = await(connect(null, site).transform(ar -> Future.succeededFuture(ar.cause())));
        assertTrue(failure != null && failure.getMessage().contains("401"), String.valueOf(failure));
    }

    @Test
    void theBridgeRefusesPagesFromOtherSites() {
        Throwable failure = await(connect(ann.cookieHeader(), "https://evil.example")
            .transform(ar -> Future.succeededFuture(ar.cause())));
        assertTrue(failure != null && failure.getMessage().contains("403"), String.valueOf(failure));
    }

    @Test
    void theBridgeRefusesConnectionsThatNameNoSite() {
        for (String origin : new String[]{null, "null", "file://", "127.0.0.1:" + TestHub.get().port()}) {
            Throwable failure = await(connect(ann.cookieHeader(), origin).transform(ar -> Future.succeededFuture(ar.cause())));
            assertTrue(failure != null && failure.getMessage().contains("403"), origin + ": " + failure);
        }
    }

    @Test
    void aSameOriginGetWithoutOriginIsServedOnlyWhenTheBrowserMarksItSameOrigin() {
        var web = TestHub.get().client();
        int sameOrigin = await(web.get("/eventbus/info").putHeader("Cookie", ann.cookieHeader())
            .putHeader("Sec-Fetch-Site", "same-origin").send()).statusCode();
        int crossSite = await(web.get("/eventbus/info").putHeader("Cookie", ann.cookieHeader())
            .putHeader("Sec-Fetch-Site", "cross-site").send()).statusCode();
        int unmarked = await(web.get("/eventbus/info").putHeader("Cookie", ann.cookieHeader()).send()).statusCode();
        int post = await(web.post("/eventbus/000/abc/xhr_streaming").putHeader("Cookie", ann.cookieHeader())
            .putHeader("Sec-Fetch-Site", "same-origin").send()).statusCode();

        assertEquals(java.util.List.of(200, 403, 403, 403), java.util.List.of(sameOrigin, crossSite, unmarked, post));
    }

    @Test
    void theLiveConnectionOfAnEndedSessionIsToldAndClosedAndCannotComeBack(VertxTestContext test) {
        TestUser cara = TestUsers.create(TestHub.get().client(), "Cara Closed");
        var told = test.checkpoint();
        var closed = test.checkpoint();
        connect(cara.cookieHeader(), site).onComplete(test.succeeding(socket -> {
            socket.handler(data -> {
                JsonObject frame = new JsonObject(data.toString());
                test.verify(() -> assertEquals("signed-out", frame.getJsonObject("body").getString("type"), frame.encode()));
                told.flag();
            });
            socket.closeHandler(v -> connect(cara.cookieHeader(), site).onComplete(again -> {
                test.verify(() -> assertTrue(again.failed() && again.cause().getMessage().contains("401"),
                    String.valueOf(again.cause())));
                closed.flag();
            }));
            socket.writeTextMessage(register(AccountEvents.userAddress(cara.id())).encode());
            // the same sign-in, used through the API
            TestHub.get().vertx().setTimer(300, t -> TestHub.get().client().post("/api/auth/logout")
                .putHeader("Authorization", cara.bearer()).send()
                .onFailure(test::failNow));
        }));
    }

    /**
     * Two sign-ins of one person, each with a page open: {@code end} ends the second one. Its page is told and
     * closed; the first one's page hears nothing of it and still receives the person's notices afterwards.
     */
    private static void onlyTheEndedSignInsPageCloses(VertxTestContext test, String name,
                                                      java.util.function.BiFunction<TestUser, TestUser, Future<?>> end) {
        TestUser kept = TestUsers.create(TestHub.get().client(), name);
        TestUser ended = TestUsers.signIn(TestHub.get().client(), kept.email());
        String address = AccountEvents.userAddress(kept.id());
        var endedToldAndClosed = test.checkpoint(2);
        var keptStillReceives = test.checkpoint();
        connect(kept.cookieHeader(), site).onComplete(test.succeeding(keptSocket -> {
            keptSocket.handler(data -> {
                JsonObject frame = new JsonObject(data.toString());
                test.verify(() -> assertEquals("probe", frame.getJsonObject("body").getString("type"),
                    "the page of the sign-in still in use was sent " + frame.encode()));
                keptStillReceives.flag();
                keptSocket.close();
            });
            keptSocket.closeHandler(v -> { });
            keptSocket.writeTextMessage(register(address).encode());
            connect(ended.cookieHeader(), site).onComplete(test.succeeding(endedSocket -> {
                endedSocket.handler(data -> {
                    JsonObject frame = new JsonObject(data.toString());
                    test.verify(() -> assertEquals("signed-out", frame.getJsonObject("body").getString("type"),
                        frame.encode()));
                    endedToldAndClosed.flag();
                });
                endedSocket.closeHandler(v -> {
                    endedToldAndClosed.flag();
                    // anything meant for the ended page would have arrived at the kept one by now
                    TestHub.get().vertx().setTimer(700, t -> TestHub.get().vertx().eventBus()
                        .publish(address, new JsonObject().put("type", "probe")));
                });
                endedSocket.writeTextMessage(register(address).encode());
                TestHub.get().vertx().setTimer(300, t -> end.apply(kept, ended).onFailure(test::failNow));
            }));
        }));
    }

    @Test
    void endingAnotherSignInClosesItsLiveConnectionsAndLeavesThoseOfTheSignInInUse(VertxTestContext test) {
        onlyTheEndedSignInsPageCloses(test, "Kit Kept", (kept, ended) -> TestHub.get().client()
            .delete("/api/me/sessions/" + SessionsTest.sessionOf(ended.token()))
            .putHeader("Authorization", kept.bearer()).send()
            .map(response -> {
                assertEquals(204, response.statusCode());
                return response;
            }));
    }

    @Test
    void signingOutOneSignInLeavesThePagesOfAnotherOpenAndUntold(VertxTestContext test) {
        onlyTheEndedSignInsPageCloses(test, "Sam Stays", (kept, ended) -> TestHub.get().client()
            .post("/api/auth/logout").putHeader("Authorization", ended.bearer()).send());
    }

    @Test
    void signingOutEverywhereElseClosesTheOtherSignInsLiveConnections(VertxTestContext test) {
        onlyTheEndedSignInsPageCloses(test, "Eve Elsewhere", (kept, ended) -> TestHub.get().client()
            .delete("/api/me/sessions").putHeader("Authorization", kept.bearer()).send());
    }
}
