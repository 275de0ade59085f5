package io.poolbook.replay.script;

import java.util.List;

/**
 * A scenario that cannot run: every problem found in it, each as {@code source:line: what is wrong}. Nothing of
 * a scenario runs unless all of it parses.
 */
public final class ScenarioException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    /**
     * @param errors one line per problem, each naming its source and line.
     */
    public ScenarioException(final List<String> errors)
    {
        super(String.join(System.lineSeparator(), errors), null, false, false);
        this.errors = List.copyOf(errors);
    }

    /**
     * @return one line per problem, in the order of the scenario.
     */
    public List<String> errors()
    {
        return errors;
    }
}
