package example;

import io.aeron.Aeron;
import io.poolbook.client.ClientConfig;
import io.poolbook.client.ClientListener;
import io.poolbook.client.PoolbookClient;
import io.poolbook.client.auth.KeyFiles;
import io.poolbook.client.marketdata.BookBuilder;
import io.poolbook.codecs.FillDecoder;
import io.poolbook.codecs.Side;

import java.nio.file.Path;

/** Quotes one market on a node: what a market maker writes with poolbook-client alone on its class path. */
public final class MarketMaker implements ClientListener
{
    private long filled;

    public void onFill(final FillDecoder fill)
    {
        filled += fill.quantity();
    }

    public static void main(final String[] args) throws Exception
    {
        final BookBuilder books = new BookBuilder();
        final MarketMaker listener = new MarketMaker();
        try (Aeron aeron = Aeron.connect();
            PoolbookClient client = PoolbookClient.connect(aeron, ClientConfig.udp(args[0], args[1]), listener))
        {
            client.logon(Integer.parseInt(args[2]), KeyFiles.readPrivate(Path.of(args[3])), true);
            if (client.awaitLogon(5_000))
            {
                client.quote(1, 1, 99_000, 10, 101_000, 10);
                client.limit(2, 1, Side.BUY, 98_000, 5);
                client.poll();
            }
        }
        System.out.println("filled " + listener.filled + ", books " + books);
    }
}
