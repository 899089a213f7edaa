package app.openly.platform.problem;

import java.util.Map;

/** Thrown from domain or REST code to answer with a given problem (and optional extra headers). */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.title(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.of(404, "not-found", "Not found", "No " + what + " with that id here."));
    }

    public static ProblemException badField(String field, String message) {
        return new ProblemException(Problem.invalidField(field, message));
    }
}
