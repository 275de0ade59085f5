package io.poolbook.gateway.cli.connect;

import picocli.CommandLine.Option;

/** {@code --market}, as the admin and trade subcommands that act on one market take it. */
public final class MarketOption
{
    @Option(names = "--market", required = true, description = "Market: id or BASE/QUOTE.")
    public String market;
}
