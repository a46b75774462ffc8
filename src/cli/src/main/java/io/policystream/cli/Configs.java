package io.policystream.cli;

import io.policystream.config.ConfigException;
import io.policystream.config.LearnerConfig;
import io.policystream.policy.PolicyParams;
import io.policystream.wire.InvalidParamsException;
import io.policystream.wire.ParamsCodec;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
            throw UserException.usage("cannot read params file " + file + ": " + reason(e));
        }
        try {
            return codec.decode(bytes);
        } catch (InvalidParamsException e) {
            throw UserException.usage("invalid params file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Why a file could not be read or written, in words. NoSuchFileException and its siblings
     * carry only the path as their message, which would print as "cannot read x: x".
     */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }
}
