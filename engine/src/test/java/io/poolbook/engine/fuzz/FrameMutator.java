package io.poolbook.engine.fuzz;

import java.util.Arrays;
import java.util.Random;

/**
 * Mutations of an SBE frame that aim at the decode path: random bytes flipped or set, the header's block length,
 * template, schema and version changed, interesting values (0, -1, min, max) written over fields, truncation,
 * trailing bytes, and pure random bytes.
 */
final class FrameMutator
{
    private static final long[] INTERESTING = {
        0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFF, 0x8000, 255, 128};

    private FrameMutator()
    {
    }

    static byte[] mutate(final byte[] seed, final Random random)
    {
        byte[] bytes = seed.clone();
        final int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++)
        {
            switch (random.nextInt(9))
            {
                case 0: // flip one bit
                    if (bytes.length > 0)
                    {
                        bytes[random.nextInt(bytes.length)] ^= (byte)(1 << random.nextInt(8));
                    }
                    break;
                case 1: // set a random byte
                    if (bytes.length > 0)
                    {
                        bytes[random.nextInt(bytes.length)] = (byte)random.nextInt(256);
                    }
                    break;
                case 2: // a header field: block length, template, schema, version
                    if (bytes.length >= 8)
                    {
                        final int field = random.nextInt(4) * 2;
                        final int value = (int)INTERESTING[random.nextInt(INTERESTING.length)] ^ random.nextInt(4);
                        bytes[field] = (byte)value;
                        bytes[field + 1] = (byte)(value >> 8);
                    }
                    break;
                case 3: // a plausible template id
                    if (bytes.length >= 4)
                    {
                        final int template = random.nextInt(200);
                        bytes[2] = (byte)template;
                        bytes[3] = (byte)(template >> 8);
                    }
                    break;
                case 4: // truncate
                    bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
                    break;
                case 5: // trailing bytes
                    bytes = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(16));
                    break;
                case 6: // an interesting 8-byte value over a body field
                    if (bytes.length >= 16)
                    {
                        final long value = INTERESTING[random.nextInt(INTERESTING.length)];
                        final int at = 8 + random.nextInt(bytes.length - 15);
                        for (int i = 0; i < 8; i++)
                        {
                            bytes[at + i] = (byte)(value >> (8 * i));
                        }
                    }
                    break;
                case 7: // an interesting 4-byte value at a 4-aligned body offset
                    if (bytes.length >= 12)
                    {
                        final long value = INTERESTING[random.nextInt(INTERESTING.length)];
                        final int at = 8 + 4 * random.nextInt((bytes.length - 8) / 4);
                        for (int i = 0; i < 4 && at + i < bytes.length; i++)
                        {
                            bytes[at + i] = (byte)(value >> (8 * i));
                        }
                    }
                    break;
                default: // random bytes of a random length
                    if (0 == random.nextInt(4))
                    {
                        bytes = new byte[random.nextInt(96)];
                        random.nextBytes(bytes);
                    }
                    break;
            }
        }
        return bytes;
    }
}
