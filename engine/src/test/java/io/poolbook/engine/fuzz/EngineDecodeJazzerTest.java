package io.poolbook.engine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.poolbook.engine.Engine;

import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the engine's decode and apply path with Jazzer. Each input is a short sequence of
 * frames sent to a freshly set-up engine and checked by {@link EngineDecodeOracle}, the same oracle as the mutation
 * fuzzer {@link EngineDecodeFuzzTest}; a sequence rather than one frame lets the fuzzer reach states a single
 * command cannot (an order placed, then amended, then cancelled).
 * <p>
 * Input layout: up to {@value #MAX_FRAMES} frames, each one byte of length (0 to 255) followed by that many bytes; a
 * length running past the end takes what is left. The normal build runs the committed inputs under
 * {@code src/test/resources/io/poolbook/engine/fuzz/EngineDecodeJazzerTestInputs/frames/} (regression mode);
 * {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration} and adds any crashing input to that folder.
 */
final class EngineDecodeJazzerTest
{
    static final int MAX_FRAMES = 16;

    /**
     * Sends the frames of one input into a fresh engine.
     *
     * @param data the input, see the class comment.
     * @see Engine#onCommand
     */
    @FuzzTest(maxDuration = "5m")
    void frames(final byte[] data)
    {
        final EngineDecodeOracle oracle = new EngineDecodeOracle();
        int at = 0;
        for (int frame = 0; frame < MAX_FRAMES && at < data.length; frame++)
        {
            final int length = Math.min(data[at] & 0xFF, data.length - at - 1);
            final byte[] input = Arrays.copyOfRange(data, at + 1, at + 1 + length);
            at += 1 + length;
            oracle.apply(input, "jazzer input, frame " + frame);
        }
        oracle.checkReplayEqualsLive("jazzer input");
    }
}
