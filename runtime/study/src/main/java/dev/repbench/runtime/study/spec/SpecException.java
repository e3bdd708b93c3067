package dev.repbench.runtime.study.spec;

import java.util.List;

/** A spec file that cannot be run, with every problem found (not just the first). */
public final class SpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Not serialised: problems carry paths. */
    private final transient List<SpecProblem> problems;

    /**
     * @param problems at least one problem
     */
    public SpecException(List<SpecProblem> problems) {
        super(problems.size() + " problem(s) in the run spec:\n" + String.join("\n",
                problems.stream().map(p -> "  " + p).toList()));
        this.problems = List.copyOf(problems);
    }

    /** @return the problems in file order */
    public List<SpecProblem> problems() {
        return problems;
    }
}
