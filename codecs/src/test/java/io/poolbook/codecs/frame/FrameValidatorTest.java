package io.poolbook.codecs.frame;

import io.poolbook.codecs.*;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import uk.co.real_logic.sbe.xml.Message;
import uk.co.real_logic.sbe.xml.ParserOptions;
import uk.co.real_logic.sbe.xml.XmlSchemaParser;

import java.io.InputStream;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.*;

final class FrameValidatorTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();

    private int encodeNewOrder()
    {
        final NewOrderEncoder encoder = new NewOrderEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .accountId(7)
            .clientOrderId(42)
            .marketId(1)
            .side(Side.BUY)
            .orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.GTC)
            .selfTradePrevention(SelfTradePrevention.CANCEL_TAKER)
            .price(100)
            .quantity(5)
            .quoteBudget(0);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private int encodeSnapshot(final int levels)
    {
        final BookSnapshotEncoder encoder = new BookSnapshotEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .feedSequence(1).inputSequence(2).marketId(3);
        final BookSnapshotEncoder.LevelsEncoder group = encoder.levelsCount(levels);
        for (int i = 0; i < levels; i++)
        {
            group.next().side(Side.SELL).price(100 + i).quantity(10).orderCount(1);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    @Test
    void acceptsAWellFormedMessage()
    {
        final int length = encodeNewOrder();
        assertEquals(FrameVerdict.VALID, FrameValidator.validate(buffer, 0, length));
        assertEquals(RejectReason.NONE, FrameVerdict.VALID.rejectReason());
    }

    @Test
    void aFrameShorterThanAHeaderIsATruncatedHeader()
    {
        encodeNewOrder();
        for (int length = 0; length < MessageHeaderEncoder.ENCODED_LENGTH; length++)
        {
            assertEquals(FrameVerdict.TRUNCATED_HEADER, FrameValidator.validate(buffer, 0, length), "length " + length);
        }
    }

    @Test
    void aFrameCutInsideTheBodyIsATruncatedBody()
    {
        final int length = encodeNewOrder();
        for (int cut = MessageHeaderEncoder.ENCODED_LENGTH; cut < length; cut++)
        {
            assertEquals(FrameVerdict.TRUNCATED_BODY, FrameValidator.validate(buffer, 0, cut), "cut at " + cut);
        }
    }

    @Test
    void aFrameThatClaimsMoreBytesThanTheBufferHoldsIsRefused()
    {
        encodeNewOrder();
        assertEquals(FrameVerdict.TRUNCATED_HEADER, FrameValidator.validate(buffer, 1020, 50));
        assertEquals(FrameVerdict.TRUNCATED_HEADER, FrameValidator.validate(buffer, -1, 50));
        assertEquals(FrameVerdict.TRUNCATED_HEADER, FrameValidator.validate(buffer, Integer.MAX_VALUE, 50));
    }

    @Test
    void anotherSchemaIsTheWrongSchema()
    {
        final int length = encodeNewOrder();
        buffer.putShort(4, (short)(MessageHeaderEncoder.SCHEMA_ID + 1), LITTLE_ENDIAN);
        assertEquals(FrameVerdict.WRONG_SCHEMA, FrameValidator.validate(buffer, 0, length));
        assertEquals(RejectReason.WRONG_SCHEMA, FrameVerdict.WRONG_SCHEMA.rejectReason());
    }

    @Test
    void anUnknownTemplateIsToldApart()
    {
        final int length = encodeNewOrder();
        for (final int templateId : new int[]{ 0, 9, 99, 255, 256, 65535 })
        {
            buffer.putShort(2, (short)templateId, LITTLE_ENDIAN);
            assertEquals(FrameVerdict.UNKNOWN_TEMPLATE, FrameValidator.validate(buffer, 0, length), "" + templateId);
        }
    }

    @Test
    void aNewerVersionIsToldApart()
    {
        final int length = encodeNewOrder();
        buffer.putShort(6, (short)(MessageHeaderEncoder.SCHEMA_VERSION + 1), LITTLE_ENDIAN);
        assertEquals(FrameVerdict.NEWER_VERSION, FrameValidator.validate(buffer, 0, length));
        assertEquals(RejectReason.UNSUPPORTED_VERSION, FrameVerdict.NEWER_VERSION.rejectReason());
    }

    @Test
    void aBlockLengthThatIsNotTheTemplatesIsRefused()
    {
        final int length = encodeNewOrder();
        buffer.putShort(0, (short)(NewOrderEncoder.BLOCK_LENGTH - 1), LITTLE_ENDIAN);
        assertEquals(FrameVerdict.BLOCK_LENGTH_MISMATCH, FrameValidator.validate(buffer, 0, length));
        buffer.putShort(0, (short)0xFFFF, LITTLE_ENDIAN);
        assertEquals(FrameVerdict.BLOCK_LENGTH_MISMATCH, FrameValidator.validate(buffer, 0, length));
    }

    @Test
    void bytesAfterTheMessageAreTrailingBytes()
    {
        final int length = encodeNewOrder();
        assertEquals(FrameVerdict.TRAILING_BYTES, FrameValidator.validate(buffer, 0, length + 1));
    }

    @Test
    void repeatingGroupsAreCheckedAgainstTheFrame()
    {
        final int length = encodeSnapshot(4);
        assertEquals(FrameVerdict.VALID, FrameValidator.validate(buffer, 0, length));

        final int groupHeader = MessageHeaderEncoder.ENCODED_LENGTH + BookSnapshotEncoder.BLOCK_LENGTH;
        for (int cut = groupHeader; cut < length; cut++)
        {
            assertEquals(FrameVerdict.TRUNCATED_GROUP, FrameValidator.validate(buffer, 0, cut), "cut at " + cut);
        }

        buffer.putShort(groupHeader + 2, (short)60000, LITTLE_ENDIAN);
        assertEquals(FrameVerdict.TRUNCATED_GROUP, FrameValidator.validate(buffer, 0, length));
        buffer.putShort(groupHeader + 2, (short)4, LITTLE_ENDIAN);
        buffer.putShort(groupHeader, (short)3, LITTLE_ENDIAN);
        assertEquals(FrameVerdict.TRUNCATED_GROUP, FrameValidator.validate(buffer, 0, length));
    }

    @Test
    void anEmptyGroupIsValid()
    {
        final int length = encodeSnapshot(0);
        assertEquals(FrameVerdict.VALID, FrameValidator.validate(buffer, 0, length));
    }

    @Test
    void everyMessageOfTheSchemaIsKnownAndNothingElse() throws Exception
    {
        final Set<Integer> schemaIds = new java.util.HashSet<>();
        try (InputStream in = getClass().getResourceAsStream("/poolbook-schema.xml"))
        {
            for (final Message message : XmlSchemaParser.parse(in, ParserOptions.DEFAULT).messages())
            {
                schemaIds.add(message.id());
            }
        }
        for (int templateId = -1; templateId <= 70000; templateId++)
        {
            assertEquals(schemaIds.contains(templateId), FrameValidator.isKnownTemplate(templateId), "" + templateId);
        }
    }

    @Test
    void randomBytesNeverThrowAndValidFramesStayValid()
    {
        final Random random = new Random(20261121L);
        final Set<FrameVerdict> seen = EnumSet.noneOf(FrameVerdict.class);
        final int validLength = encodeNewOrder();
        final byte[] valid = new byte[validLength];
        buffer.getBytes(0, valid);

        for (int i = 0; i < 200_000; i++)
        {
            buffer.putBytes(0, valid);
            final int length;
            if (random.nextBoolean())
            {
                final int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++)
                {
                    buffer.putByte(random.nextInt(validLength), (byte)random.nextInt(256));
                }
                length = random.nextInt(validLength + 8);
            }
            else
            {
                length = random.nextInt(buffer.capacity() + 1);
                for (int b = 0; b < length; b++)
                {
                    buffer.putByte(b, (byte)random.nextInt(256));
                }
            }
            seen.add(FrameValidator.validate(buffer, 0, length));
        }
        assertTrue(seen.containsAll(EnumSet.of(FrameVerdict.VALID, FrameVerdict.TRUNCATED_HEADER,
            FrameVerdict.WRONG_SCHEMA, FrameVerdict.UNKNOWN_TEMPLATE, FrameVerdict.TRUNCATED_BODY)), seen.toString());
    }
}
