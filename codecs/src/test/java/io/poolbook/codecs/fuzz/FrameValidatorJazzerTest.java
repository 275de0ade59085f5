package io.poolbook.codecs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.poolbook.codecs.frame.FrameValidator;

import java.util.Arrays;
import java.util.Random;

/**
 * Coverage-guided fuzzing of {@link FrameValidator} with Jazzer: the input is one frame, checked by
 * {@link FrameValidatorOracle} (the same oracle as the mutation fuzzer {@link FrameValidatorFuzzTest}). The garbage
 * around the second copy is seeded from the input, so a finding reproduces.
 * <p>
 * The normal build runs the committed inputs under
 * {@code src/test/resources/io/poolbook/codecs/fuzz/FrameValidatorJazzerTestInputs/validate/} (regression mode);
 * {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration} and adds any crashing input to that folder.
 */
final class FrameValidatorJazzerTest
{
    @FuzzTest(maxDuration = "5m")
    void validate(final byte[] frame)
    {
        FrameValidatorOracle.check(frame, new Random(Arrays.hashCode(frame)), "jazzer input");
    }
}
