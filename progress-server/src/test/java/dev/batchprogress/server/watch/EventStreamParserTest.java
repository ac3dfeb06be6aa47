package dev.batchprogress.server.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStreamParserTest {

    /** Collects what a parser reports. */
    private static final class Collected implements EventStreamParser.Listener {
        final List<ServerSentEvent> events = new ArrayList<>();
        final List<String> comments = new ArrayList<>();
        final List<Long> retries = new ArrayList<>();

        @Override
        public void event(ServerSentEvent event) {
            events.add(event);
        }

        @Override
        public void comment(String text) {
            comments.add(text);
        }

        @Override
        public void retry(long millis) {
            retries.add(millis);
        }
    }

    private final Collected collected = new Collected();
    private final EventStreamParser parser = new EventStreamParser(collected);

    private void feed(String... lines) {
        for (String line : lines) {
            parser.line(line);
        }
    }

    @Test
    void event_isDispatchedOnBlankLine() {
        feed("id: bp1-A", "event: progress", "data: {\"complete\":false}");

        assertThat(collected.events).isEmpty();

        feed("");

        assertThat(collected.events)
                .containsExactly(new ServerSentEvent("bp1-A", "progress", "{\"complete\":false}"));
    }

    @Test
    void dataLines_areJoinedWithLineFeeds() {
        feed("data: first", "data:second", "data", "data:  third", "");

        assertThat(collected.events)
                .singleElement()
                .extracting(ServerSentEvent::data)
                .isEqualTo("first\nsecond\n\n third");
    }

    @Test
    void eventWithoutType_isMessage() {
        feed("data: x", "");

        assertThat(collected.events.get(0).type()).isEqualTo(ServerSentEvent.DEFAULT_TYPE);
    }

    @Test
    void type_isResetAfterDispatch() {
        feed("event: end", "data: 1", "", "data: 2", "");

        assertThat(collected.events)
                .extracting(ServerSentEvent::type)
                .containsExactly("end", "message");
    }

    @Test
    void id_carriesOverToLaterEvents() {
        feed("id: one", "data: 1", "", "data: 2", "", "id", "data: 3", "");

        assertThat(collected.events)
                .extracting(ServerSentEvent::id)
                .containsExactly("one", "one", "");
    }

    @Test
    void id_ofEventWithoutData_isKept() {
        feed("id: kept", "", "data: next", "");

        assertThat(collected.events)
                .singleElement()
                .extracting(ServerSentEvent::id)
                .isEqualTo("kept");
        assertThat(parser.lastEventId()).isEqualTo("kept");
    }

    @Test
    void idWithNul_isIgnored() {
        feed("id: good", "id: bad\0id", "data: x", "");

        assertThat(collected.events.get(0).id()).isEqualTo("good");
    }

    @Test
    void lastEventId_continuesFromEarlierConnection() {
        EventStreamParser resumed = new EventStreamParser("bp1-previous", collected);

        resumed.line("data: x");
        resumed.line("");

        assertThat(collected.events.get(0).id()).isEqualTo("bp1-previous");
    }

    @Test
    void eventWithoutData_isNotDispatched() {
        feed("event: progress", "", "", "data: x", "");

        assertThat(collected.events)
                .singleElement()
                .extracting(ServerSentEvent::type)
                .isEqualTo("message");
    }

    @Test
    void comments_areReportedAndNotDispatched() {
        feed(": heartbeat", ":", "data: x", ": inside an event", "");

        assertThat(collected.comments).containsExactly(" heartbeat", "", " inside an event");
        assertThat(collected.events)
                .singleElement()
                .extracting(ServerSentEvent::data)
                .isEqualTo("x");
    }

    @Test
    void retry_acceptsOnlyDigits() {
        feed("retry: 2000", "retry: 2s", "retry: -1", "retry:", "retry: 1.5", "retry:250");

        assertThat(collected.retries).containsExactly(2000L, 250L);
    }

    @Test
    void hugeRetry_saturates() {
        feed("retry: 99999999999999999999999");

        assertThat(collected.retries).containsExactly(Long.MAX_VALUE);
    }

    @Test
    void unknownFields_areIgnored() {
        feed("colour: red", "Data: upper case is another field", "data: x", "");

        assertThat(collected.events)
                .singleElement()
                .extracting(ServerSentEvent::data)
                .isEqualTo("x");
    }

    @Test
    void onlyOneSpaceAfterColon_isDropped() {
        feed("event:  end", "data:\tx", "");

        assertThat(collected.events).containsExactly(new ServerSentEvent("", " end", "\tx"));
    }

    @Test
    void byteOrderMark_isDroppedFromFirstLineOnly() {
        feed("\uFEFFdata: a", "\uFEFFdata: b", "");

        assertThat(collected.events)
                .singleElement()
                .extracting(ServerSentEvent::data)
                .isEqualTo("a");
    }

    @Test
    void eventCutByEndOfStream_isDiscarded() {
        feed("event: end", "data: {\"complete\":true}");
        parser.endOfStream();
        feed("");

        assertThat(collected.events).isEmpty();
    }

    @Test
    void oversizedData_isRejected() {
        String chunk = "x".repeat(1000);

        assertThatThrownBy(
                        () -> {
                            for (int i = 0; i <= EventStreamParser.MAX_DATA_LENGTH / 1000; i++) {
                                parser.line("data: " + chunk);
                            }
                        })
                .isInstanceOf(EventStreamException.class)
                .hasMessageContaining("exceeds " + EventStreamParser.MAX_DATA_LENGTH);
    }

    @Test
    void wireExample_givesProgressThenEnd() {
        feed(
                "retry: 2000",
                "",
                "id: bp1-AAAAAAAAAAAAAAAAAAAAAA",
                "event: progress",
                "data: {\"complete\":false}",
                "",
                ": heartbeat",
                "",
                "id: bp1-BBBBBBBBBBBBBBBBBBBBBB",
                "event: end",
                "data: {\"complete\":true}",
                "");

        assertThat(collected.retries).containsExactly(2000L);
        assertThat(collected.events)
                .containsExactly(
                        new ServerSentEvent(
                                "bp1-AAAAAAAAAAAAAAAAAAAAAA", "progress", "{\"complete\":false}"),
                        new ServerSentEvent(
                                "bp1-BBBBBBBBBBBBBBBBBBBBBB", "end", "{\"complete\":true}"));
    }
}
