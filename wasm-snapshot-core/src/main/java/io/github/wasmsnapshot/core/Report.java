package io.github.wasmsnapshot.core;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a run did: the init function it ran ({@code wizer.initialize} where the default fell back to it), sizes and
 * counts, all properties of the output; the timings are the only thing here that varies from run to run, and they
 * never reach the output.
 */
public record Report(
        String initFunction,
        int inputBytes,
        int outputBytes,
        List<Integer> memoryPages,
        int dataSegments,
        long dataBytes,
        int globals,
        List<StageTime> stageTimes) {

    public record StageTime(String stage, Duration duration) {}

    public Duration totalTime() {
        return stageTimes.stream().map(StageTime::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** One line: sizes, pages, segments, time. */
    public String summary() {
        return String.format("%,d -> %,d bytes, %s, %d data segment%s (%,d bytes), %d global%s, %d ms",
                inputBytes, outputBytes, pages(), dataSegments, dataSegments == 1 ? "" : "s", dataBytes,
                globals, globals == 1 ? "" : "s", totalTime().toMillis());
    }

    public String stageTimesLine() {
        return stageTimes.stream()
                .map(t -> t.stage() + " " + t.duration().toMillis() + " ms")
                .collect(Collectors.joining(", "));
    }

    private String pages() {
        if (memoryPages.isEmpty()) {
            return "no memory";
        }
        String list = memoryPages.stream().map(String::valueOf).collect(Collectors.joining("+"));
        return list + " memory page" + (memoryPages.size() == 1 && memoryPages.get(0) == 1 ? "" : "s");
    }
}
