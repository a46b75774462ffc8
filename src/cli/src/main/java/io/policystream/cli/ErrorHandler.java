package io.policystream.cli;

import picocli.CommandLine;

/** Maps every failure of every command to one message on stderr and an exit code. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        if (ex instanceof UserException u) {
            cl.getErr().println("error: " + u.getMessage());
            cl.getErr().flush();
            return u.exitCode();
        }
        cl.getErr().println("error: unexpected failure: " + ex);
        ex.printStackTrace(cl.getErr());
        cl.getErr().flush();
        return ExitCodes.FAILED;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println("error: " + ex.getMessage());
        cl.getErr().println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for the options.");
        cl.getErr().flush();
        return ExitCodes.USAGE;
    }
}
