package io.poolbook.replay.script;

/**
 * One message of the schema: its name, template id and body layout.
 */
final class MessageModel
{
    final String name;
    final int templateId;
    final String description;
    final BlockModel body;

    MessageModel(final String name, final int templateId, final String description, final BlockModel body)
    {
        this.name = name;
        this.templateId = templateId;
        this.description = description;
        this.body = body;
    }

    public String toString()
    {
        return name + "[" + templateId + "]";
    }
}
