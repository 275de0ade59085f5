package io.poolbook.replay.script;

import java.nio.charset.Charset;

/**
 * A variable-length data field: a length prefix of some primitive type, then that many bytes, which are text
 * when the schema gives a character encoding and raw bytes otherwise.
 */
final class VarDataModel
{
    final String name;
    final int sinceVersion;
    final FieldModel lengthField;
    final int headerLength;
    /** Null for raw bytes. */
    final Charset charset;

    VarDataModel(
        final String name,
        final int sinceVersion,
        final FieldModel lengthField,
        final int headerLength,
        final Charset charset)
    {
        this.name = name;
        this.sinceVersion = sinceVersion;
        this.lengthField = lengthField;
        this.headerLength = headerLength;
        this.charset = charset;
    }

    /**
     * Longest data the length prefix allows.
     *
     * @return the length type's maximum.
     */
    long maxLength()
    {
        return lengthField.maxValue.longValue();
    }
}
