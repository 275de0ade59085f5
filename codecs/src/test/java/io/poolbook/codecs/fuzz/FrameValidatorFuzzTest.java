package io.poolbook.codecs.fuzz;

import io.poolbook.codecs.*;
import io.poolbook.codecs.frame.FrameValidator;
import io.poolbook.codecs.frame.FrameVerdict;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link FrameValidator} on bad frames: the committed corpus {@code fuzz/frames.hex}, then valid frames (plain, with a
 * repeating group, with variable data) mutated, and random bytes. Each is checked by {@link FrameValidatorOracle}
 * (shared with the coverage-guided {@link FrameValidatorJazzerTest}): no exception, the frame's bytes only are read,
 * and a VALID frame has our schema, a known template, a version we read and room for its block. This driver gives a
 * bounded, seeded number of executions in every build.
 * Longer run: {@code -Dpoolbook.fuzz.frameExecutions=10000000 -Dpoolbook.fuzz.seed=N}.
 */
final class FrameValidatorFuzzTest
{
    private static final int EXECUTIONS = Integer.getInteger("poolbook.fuzz.frameExecutions", 100_000);

    @Test
    void corpusMutatedAndRandomFramesGetAVerdictNeverAnException() throws IOException
    {
        final long seed = Long.getLong("poolbook.fuzz.seed", System.nanoTime());
        final Random random = new Random(seed);
        final List<byte[]> seeds = seeds();
        final Map<FrameVerdict, Integer> verdicts = new EnumMap<>(FrameVerdict.class);
        final Set<ByteBuffer> distinct = new HashSet<>();

        final List<byte[]> corpus = corpus();
        for (final byte[] frame : corpus)
        {
            verdicts.merge(FrameValidatorOracle.check(frame, random, "corpus"), 1, Integer::sum);
        }
        for (final byte[] frame : seeds)
        {
            assertEquals(FrameVerdict.VALID, FrameValidatorOracle.check(frame, random, "seed"));
        }
        for (int i = 0; i < EXECUTIONS; i++)
        {
            final byte[] frame = 0 == i % 10 ? randomBytes(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
            distinct.add(ByteBuffer.wrap(frame));
            final FrameVerdict verdict = FrameValidatorOracle.check(frame, random, "seed " + seed + " execution " + i);
            verdicts.merge(verdict, 1, Integer::sum);
        }
        System.out.printf("frame validator fuzz: seed %d, %d executions + %d corpus, %d distinct frames, verdicts %s%n",
            seed, EXECUTIONS, corpus.size(), distinct.size(), verdicts);
    }

    /** Valid frames: NewOrder and CancelOrder, a BookSnapshot of 0, 1 and 3 levels (a group), a Logon (var data). */
    static List<byte[]> seeds()
    {
        final List<byte[]> seeds = new ArrayList<>();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();

        final NewOrderEncoder newOrder = new NewOrderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .accountId(7).clientOrderId(42).marketId(1).side(Side.BUY).orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.GTC).selfTradePrevention(SelfTradePrevention.CANCEL_TAKER)
            .price(100).quantity(5).quoteBudget(0);
        seeds.add(copy(buffer, MessageHeaderEncoder.ENCODED_LENGTH + newOrder.encodedLength()));

        for (final int levels : new int[] {0, 1, 3})
        {
            final BookSnapshotEncoder snapshot = new BookSnapshotEncoder().wrapAndApplyHeader(buffer, 0, header)
                .feedSequence(1).inputSequence(2).marketId(3);
            final BookSnapshotEncoder.LevelsEncoder group = snapshot.levelsCount(levels);
            for (int i = 0; i < levels; i++)
            {
                group.next().side(Side.SELL).price(100 + i).quantity(10).orderCount(1);
            }
            seeds.add(copy(buffer, MessageHeaderEncoder.ENCODED_LENGTH + snapshot.encodedLength()));
        }

        final LogonEncoder logon = new LogonEncoder().wrapAndApplyHeader(buffer, 0, header)
            .accountId(1).nonce(2).heartbeatIntervalMs(1000).cancelOnDisconnect(BooleanType.TRUE)
            .putSignature(new byte[LogonEncoder.signatureLength()], 0, LogonEncoder.signatureLength())
            .responseStreamId(5).responseChannel("aeron:ipc");
        seeds.add(copy(buffer, MessageHeaderEncoder.ENCODED_LENGTH + logon.encodedLength()));

        final CancelOrderEncoder cancel = new CancelOrderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .accountId(1).marketId(1).orderId(3);
        seeds.add(copy(buffer, MessageHeaderEncoder.ENCODED_LENGTH + cancel.encodedLength()));
        return seeds;
    }

    private static byte[] copy(final UnsafeBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    private static byte[] randomBytes(final Random random)
    {
        final byte[] bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
        if (bytes.length >= 6 && random.nextBoolean())
        {
            // our schema id, so the validator looks further
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(4, (short)MessageHeaderDecoder.SCHEMA_ID);
        }
        return bytes;
    }

    private static byte[] mutate(final byte[] seed, final Random random)
    {
        byte[] bytes = seed.clone();
        final int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++)
        {
            switch (random.nextInt(6))
            {
                case 0 -> bytes[random.nextInt(bytes.length)] ^= (byte)(1 << random.nextInt(8));
                case 1 -> bytes[random.nextInt(bytes.length)] = (byte)random.nextInt(256);
                case 2 -> // a header field
                {
                    if (bytes.length < MessageHeaderEncoder.ENCODED_LENGTH)
                    {
                        continue;
                    }
                    final int field = 2 * random.nextInt(4);
                    final int[] values = {0, 1, 0xFFFF, 0x8000, 0x7FFF, random.nextInt(256), random.nextInt(0x10000)};
                    final int value = values[random.nextInt(values.length)];
                    bytes[field] = (byte)value;
                    bytes[field + 1] = (byte)(value >> 8);
                }
                case 3 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
                case 4 -> bytes = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(16));
                default -> // a group header or var-data length: 0xFF.. in a 2-byte field near the end
                {
                    if (bytes.length > 10)
                    {
                        final int at = MessageHeaderEncoder.ENCODED_LENGTH + random.nextInt(bytes.length - 9);
                        bytes[at] = (byte)0xFF;
                        bytes[at + 1] = (byte)(random.nextBoolean() ? 0xFF : 0x7F);
                    }
                }
            }
            if (0 == bytes.length)
            {
                break;
            }
        }
        return bytes;
    }

    private static List<byte[]> corpus() throws IOException
    {
        try (InputStream in = FrameValidatorFuzzTest.class.getResourceAsStream("/fuzz/frames.hex"))
        {
            assertNotNull(in);
            final List<byte[]> frames = new ArrayList<>();
            for (final String raw : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
            {
                final int hash = raw.indexOf('#');
                final String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip().replace(" ", "");
                if (!line.isEmpty())
                {
                    frames.add(HexFormat.of().parseHex(line));
                }
            }
            return frames;
        }
    }
}
