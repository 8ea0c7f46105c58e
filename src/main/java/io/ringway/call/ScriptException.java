package io.ringway.call;

/**
 * A call script the caller sent cannot be used. The message is meant for the person who wrote the script: it names
 * the element or attribute, where it is ({@code line 3, column 5: …}) and what to change.
 */
public final class ScriptException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    ScriptException(String problem) {
        this(problem, 0, 0);
    }

    ScriptException(String problem, int line, int column) {
        super(line > 0 ? "line " + line + ", column " + column + ": " + problem : problem, null, false, false);
        this.line = line;
        this.column = column;
    }

    /** 1-based line of the problem in the script, 0 when it concerns the whole script (e.g. its length). */
    public int line() {
        return line;
    }

    /** 1-based column of the problem in the script, 0 when {@link #line()} is 0. */
    public int column() {
        return column;
    }
}
