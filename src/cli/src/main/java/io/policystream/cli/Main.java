package io.policystream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code policystream} command: one subcommand per verb. */
@Command(name = "policystream",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Learns a policy online from state/action/reward events on Kafka.",
            "Run 'policystream demo' to watch it learn CartPole, or 'policystream <command> --help'."
        },
        subcommands = {
            BrokerCommand.class,
            TopicsCommand.class,
            InitCommand.class,
            LearnCommand.class,
            TrainCommand.class,
            ServeCommand.class,
            SimulateCommand.class,
            DemoCommand.class,
            ExportCommand.class,
            ImportCommand.class,
            EvaluateCommand.class,
            ReplayCommand.class,
            PromoteCommand.class,
            RollbackCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Width of --help, in characters. */
    static final int HELP_WIDTH = 100;

    /** Builds the command line with the shared error handling. Tests run commands through this. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // The benchmarks are a module apart (src/bench): its jar adds the real command, this one says
        // where it is. Added first, so the settings below reach it too.
        cl.addSubcommand("bench", BenchElsewhereCommand.find());
        // The commands' descriptions are written in lines of up to 100 characters; picocli's default
        // of 80 would re-wrap every one of them mid-sentence.
        cl.setUsageHelpWidth(HELP_WIDTH);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new ErrorHandler());
        return cl;
    }

    public static void main(String[] args) {
        // The JDK HTTP server (serve, /metrics) reads this once, at its first use: without it every
        // small response waits for Nagle's algorithm, about 40 ms.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        if (DemoJvm.wanted(args)) {
            int exit = DemoJvm.runInChild(args);
            if (exit >= 0) {
                System.exit(exit);
            }
        }
        System.exit(commandLine().execute(args));
    }
}
