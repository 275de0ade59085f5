package io.poolbook.codecs.fuzz;

import io.poolbook.codecs.MessageHeaderDecoder;
import io.poolbook.codecs.frame.FrameValidator;
import io.poolbook.codecs.frame.FrameVerdict;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What must hold for {@link FrameValidator} on any bytes, shared by the mutation fuzzer
 * ({@link FrameValidatorFuzzTest}) and the coverage-guided one ({@link FrameValidatorJazzerTest}) so that both
 * check the same thing: no exception; only the frame's bytes are read (the verdict is the same for the frame in a
 * buffer of exactly its length and at an odd offset with garbage after it); and a VALID frame has our schema, a
 * known template, a version we read and room for its block.
 */
final class FrameValidatorOracle
{
    private FrameValidatorOracle()
    {
    }

    /**
     * Validates one frame and checks the verdict.
     *
     * @param frame  the bytes, any length.
     * @param random chooses the second copy's offset (1 to 7) and the garbage around it.
     * @param where  names the input in a failure.
     * @return the verdict.
     */
    static FrameVerdict check(final byte[] frame, final Random random, final String where)
    {
        final String hex = HexFormat.of().formatHex(frame);
        final FrameVerdict verdict;
        try
        {
            verdict = FrameValidator.validate(new UnsafeBuffer(frame), 0, frame.length);
            final int offset = 1 + random.nextInt(7);
            final byte[] padded = new byte[offset + frame.length + 64];
            random.nextBytes(padded);
            System.arraycopy(frame, 0, padded, offset, frame.length);
            assertEquals(verdict, FrameValidator.validate(new UnsafeBuffer(padded), offset, frame.length),
                () -> where + ": the verdict depends on bytes outside the frame: " + hex);
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError(where + ": the validator threw on " + hex, ex);
        }
        assertNotNull(verdict);
        if (FrameVerdict.VALID == verdict)
        {
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(new UnsafeBuffer(frame), 0);
            assertEquals(MessageHeaderDecoder.SCHEMA_ID, header.schemaId(), hex);
            assertTrue(FrameValidator.isKnownTemplate(header.templateId()), hex);
            assertTrue(header.version() <= MessageHeaderDecoder.SCHEMA_VERSION, hex);
            assertTrue(frame.length >= MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength(), hex);
        }
        return verdict;
    }
}
