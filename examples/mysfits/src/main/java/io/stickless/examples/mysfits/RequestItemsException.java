package io.stickless.examples.mysfits;

import java.util.List;

/**
 * A {@code --request-items} file that cannot be loaded as a whole: it is not JSON, or some entries
 * are malformed. Nothing was written. {@link #problems()} names each entry and what is wrong with
 * it.
 */
public final class RequestItemsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  RequestItemsException(String source, List<String> problems, Throwable cause) {
    super(message(source, problems), cause);
    this.problems = List.copyOf(problems);
  }

  /** What is wrong, one line per problem, each starting with the path of the entry. */
  public List<String> problems() {
    return problems;
  }

  private static String message(String source, List<String> problems) {
    StringBuilder text =
        new StringBuilder(source)
            .append(" is not a valid batch-write-item --request-items file (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem" : " problems")
            .append("); nothing was written. Fix these and load it again:");
    problems.stream().limit(50).forEach(p -> text.append("\n  - ").append(p));
    if (problems.size() > 50) {
      text.append("\n  ... and ").append(problems.size() - 50).append(" more");
    }
    return text.toString();
  }
}
