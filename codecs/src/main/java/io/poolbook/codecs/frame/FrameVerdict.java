package io.poolbook.codecs.frame;

import io.poolbook.codecs.RejectReason;

/**
 * What {@link FrameValidator} concluded about a buffer: either {@link #VALID} or the first thing found wrong.
 * Each verdict maps to the wire {@link RejectReason} a gateway sends back and a journal reader reports.
 */
public enum FrameVerdict
{
    /** A complete message of this schema, of a known template and version, filling the frame exactly. */
    VALID(RejectReason.NONE),
    /** Fewer bytes than a message header. */
    TRUNCATED_HEADER(RejectReason.MALFORMED),
    /** The header names another SBE schema. */
    WRONG_SCHEMA(RejectReason.WRONG_SCHEMA),
    /** The template id is not one of this schema's messages. */
    UNKNOWN_TEMPLATE(RejectReason.UNKNOWN_TEMPLATE),
    /** Encoded by a newer schema version than this build understands. */
    NEWER_VERSION(RejectReason.UNSUPPORTED_VERSION),
    /** The header's block length is not the template's block length. */
    BLOCK_LENGTH_MISMATCH(RejectReason.MALFORMED),
    /** The frame ends inside the message's root block. */
    TRUNCATED_BODY(RejectReason.MALFORMED),
    /** A repeating group's header is malformed or its entries run past the frame. */
    TRUNCATED_GROUP(RejectReason.MALFORMED),
    /** Bytes are left over after the message ends. */
    TRAILING_BYTES(RejectReason.MALFORMED);

    private final RejectReason rejectReason;

    FrameVerdict(final RejectReason rejectReason)
    {
        this.rejectReason = rejectReason;
    }

    /**
     * The reason code to report for this verdict on the wire.
     *
     * @return {@link RejectReason#NONE} for {@link #VALID}, otherwise why the frame is refused.
     */
    public RejectReason rejectReason()
    {
        return rejectReason;
    }
}
