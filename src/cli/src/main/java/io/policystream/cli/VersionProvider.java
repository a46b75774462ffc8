package io.policystream.cli;

import picocli.CommandLine;

/** Reports the jar's version. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"policystream " + (v == null ? "development build" : v)};
    }
}
