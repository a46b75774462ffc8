package io.policystream.topics;

import java.util.List;

/** Topic definition files that cannot be used; {@link #problems()} has one line per problem, each naming its file. */
public final class TopicDefinitionException extends IllegalArgumentException {
    private final List<String> problems;

    public TopicDefinitionException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
