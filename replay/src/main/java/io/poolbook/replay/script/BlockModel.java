package io.poolbook.replay.script;

import java.util.ArrayList;
import java.util.List;

/**
 * The layout of a message body or of one repeating-group entry: a fixed block of fields, then the groups, then
 * the variable-length data, in schema order.
 */
final class BlockModel
{
    final int blockLength;
    final List<FieldModel> fields;
    final List<GroupModel> groups;
    final List<VarDataModel> varData;
    private final NameIndex<FieldModel> fieldIndex;
    private final NameIndex<GroupModel> groupIndex;
    private final NameIndex<VarDataModel> varDataIndex;

    BlockModel(
        final int blockLength,
        final List<FieldModel> fields,
        final List<GroupModel> groups,
        final List<VarDataModel> varData)
    {
        this.blockLength = blockLength;
        this.fields = List.copyOf(fields);
        this.groups = List.copyOf(groups);
        this.varData = List.copyOf(varData);
        this.fieldIndex = new NameIndex<>(this.fields, (field) -> field.name);
        this.groupIndex = new NameIndex<>(this.groups, (group) -> group.name);
        this.varDataIndex = new NameIndex<>(this.varData, (data) -> data.name);
    }

    FieldModel field(final String name)
    {
        return fieldIndex.find(name);
    }

    GroupModel group(final String name)
    {
        return groupIndex.find(name);
    }

    VarDataModel varData(final String name)
    {
        return varDataIndex.find(name);
    }

    /**
     * Every name that may be assigned in this block, in schema order.
     *
     * @return field, group and var data names.
     */
    List<String> names()
    {
        final List<String> names = new ArrayList<>();
        fields.forEach((field) -> names.add(field.name));
        groups.forEach((group) -> names.add(group.name));
        varData.forEach((data) -> names.add(data.name));
        return names;
    }
}
