package io.policystream.cli;

import io.policystream.config.ConfigException;
import io.policystream.config.LearnerConfig;
import io.policystream.policy.PolicyParams;
import io.policystream.wire.InvalidParamsException;
import io.policystream.wire.ParamsCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loading the files commands take, with the CLI's errors. */
final class Configs {
    private Configs() {
    }

    /** The learner configuration in {@code file}, or the defaults when null; exit code 2 when invalid. */
    static LearnerConfig load(Path file) {
        try {
            return file == null ? LearnerConfig.defaults() : LearnerConfig.load(file);
        } catch (ConfigException e) {
            throw UserException.usage("invalid configuration " + (file == null ? "" : file) + ":\n"
                    + e.getMessage());
        }
    }

    /** One params JSON file; exit code 2 when unreadable or invalid. */
    static PolicyParams readParams(Path file, ParamsCodec codec) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw UserException.usage("cannot read params file " + file + ": " + e.getMessage());
        }
        try {
            return codec.decode(bytes);
        } catch (InvalidParamsException e) {
            throw UserException.usage("invalid params file " + file + ": " + e.getMessage());
        }
    }
}
