package io.poolbook.gateway.cluster;

/**
 * A member's engine as seen from outside its service thread, taken between two commands.
 *
 * @param memberId     the member.
 * @param lastSequence the engine's last sequence.
 * @param stateHash    the engine's state hash at it.
 */
public record StateProbe(int memberId, long lastSequence, long stateHash)
{
    @Override
    public String toString()
    {
        return "member " + memberId + " at sequence " + lastSequence + ", state hash " + Long.toHexString(stateHash);
    }
}
