package io.poolbook.engine;

import io.poolbook.codecs.Side;
import io.poolbook.engine.account.Account;
import io.poolbook.engine.account.Accounts;
import org.junit.jupiter.api.Test;

import static io.poolbook.engine.EngineHarness.*;
import static org.junit.jupiter.api.Assertions.*;

final class EngineAuditTest
{
    @Test
    void aHealthyEnginePassesAndATamperedOneIsCaught()
    {
        final EngineHarness h = new EngineHarness().standardMarket(1, 2);
        h.ok(h.commands.limit(1, 1, MARKET, Side.SELL, 1_000, 2 * LOT));
        h.ok(h.commands.limit(2, 2, MARKET, Side.BUY, 990, LOT));
        assertNull(EngineAudit.check(h.engine));

        final Account account = h.engine.accounts().get(2);
        final int quote = h.engine.assets().get(QUOTE).index();
        Accounts.restoreBalance(account, quote, account.available(quote) + 1, account.locked(quote));
        assertTrue(EngineAudit.check(h.engine).contains("not conserved"), EngineAudit.check(h.engine));

        Accounts.restoreBalance(account, quote, account.available(quote) - 1, account.locked(quote) + 5);
        assertTrue(EngineAudit.check(h.engine).contains("locked"), EngineAudit.check(h.engine));
    }
}
