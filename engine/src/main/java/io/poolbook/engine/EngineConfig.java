package io.poolbook.engine;

/**
 * The engine's fixed settings. Part of the engine's identity: two engines agree on events and state hash only
 * when fed the same input under the same configuration. Each can be set as a system property
 * ({@code poolbook.engine.<name>}), as Aeron's settings are.
 */
public final class EngineConfig
{
    /** Account allowed to run admin commands; registered at start. */
    private int operatorAccountId = Integer.getInteger("poolbook.engine.operatorAccountId", 0);
    /** Account that collects trading fees; registered at start if it is not the operator. */
    private int feeAccountId = Integer.getInteger("poolbook.engine.feeAccountId", 0);
    /** Most orders one account may have resting across all markets. */
    private int maxOpenOrdersPerAccount = Integer.getInteger("poolbook.engine.maxOpenOrdersPerAccount", 10_000);
    /** Chain address of the fee account, where settled fees go: 40 hex digits. */
    private byte[] feeAccountAddress = parseAddress(System.getProperty("poolbook.engine.feeAccountAddress", ""));
    /** Commands per settlement batch; 0 cuts only on the admin command or the time limit. */
    private long batchCommands = Long.getLong("poolbook.engine.batchCommands", 0);
    /** Journal time per settlement batch in nanoseconds; 0 cuts only on the admin command or the count. */
    private long batchNanos = Long.getLong("poolbook.engine.batchNanos", 0);

    public int operatorAccountId()
    {
        return operatorAccountId;
    }

    public EngineConfig operatorAccountId(final int operatorAccountId)
    {
        this.operatorAccountId = operatorAccountId;
        return this;
    }

    public int feeAccountId()
    {
        return feeAccountId;
    }

    public EngineConfig feeAccountId(final int feeAccountId)
    {
        this.feeAccountId = feeAccountId;
        return this;
    }

    /** The fee account's 20-byte chain address (all zeros unless set); do not modify. */
    public byte[] feeAccountAddress()
    {
        return feeAccountAddress;
    }

    public EngineConfig feeAccountAddress(final byte[] feeAccountAddress)
    {
        if (feeAccountAddress.length != 20)
        {
            throw new IllegalArgumentException("a chain address is 20 bytes, not " + feeAccountAddress.length);
        }
        this.feeAccountAddress = feeAccountAddress.clone();
        return this;
    }

    /**
     * Parses a chain address: 40 hex digits, with or without 0x; empty gives all zeros.
     *
     * @param hex the address.
     * @return its 20 bytes.
     * @throws IllegalArgumentException if it is not an address.
     */
    public static byte[] parseAddress(final String hex)
    {
        final String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        final byte[] address = new byte[20];
        if (digits.isEmpty())
        {
            return address;
        }
        if (digits.length() != 40)
        {
            throw new IllegalArgumentException("a chain address is 40 hex digits: " + hex);
        }
        for (int i = 0; i < 20; i++)
        {
            final int high = Character.digit(digits.charAt(2 * i), 16);
            final int low = Character.digit(digits.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0)
            {
                throw new IllegalArgumentException("not hex: " + hex);
            }
            address[i] = (byte)((high << 4) | low);
        }
        return address;
    }

    public int maxOpenOrdersPerAccount()
    {
        return maxOpenOrdersPerAccount;
    }

    public EngineConfig maxOpenOrdersPerAccount(final int maxOpenOrdersPerAccount)
    {
        this.maxOpenOrdersPerAccount = maxOpenOrdersPerAccount;
        return this;
    }

    public long batchCommands()
    {
        return batchCommands;
    }

    public EngineConfig batchCommands(final long batchCommands)
    {
        this.batchCommands = batchCommands;
        return this;
    }

    public long batchNanos()
    {
        return batchNanos;
    }

    public EngineConfig batchNanos(final long batchNanos)
    {
        this.batchNanos = batchNanos;
        return this;
    }
}
