package org.santegateway.agenda;

/**
 * A prevention table that cannot be used: the file, the line (0 for the file as a whole) and the
 * problem, in one line an operator acts on. The table is all or nothing: one bad line refuses it.
 */
public final class PreventionRulesException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String problem;

    public PreventionRulesException(String file, int line, String problem) {
        super(file + (line > 0 ? ", line " + line : "") + ": " + problem, null, false, false);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
