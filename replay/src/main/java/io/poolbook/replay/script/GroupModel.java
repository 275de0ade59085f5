package io.poolbook.replay.script;

/**
 * A repeating group: its dimension header (block length and entry count, each at an offset with a primitive
 * type) and the block model of one entry.
 */
final class GroupModel
{
    final String name;
    final int sinceVersion;
    final int headerLength;
    final FieldModel blockLengthField;
    final FieldModel numInGroupField;
    final BlockModel entry;

    GroupModel(
        final String name,
        final int sinceVersion,
        final int headerLength,
        final FieldModel blockLengthField,
        final FieldModel numInGroupField,
        final BlockModel entry)
    {
        this.name = name;
        this.sinceVersion = sinceVersion;
        this.headerLength = headerLength;
        this.blockLengthField = blockLengthField;
        this.numInGroupField = numInGroupField;
        this.entry = entry;
    }

    /**
     * Most entries the dimension header can count.
     *
     * @return the numInGroup type's maximum.
     */
    long maxEntries()
    {
        return numInGroupField.maxValue.longValue();
    }
}
