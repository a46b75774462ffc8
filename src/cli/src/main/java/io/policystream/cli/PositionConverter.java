package io.policystream.cli;

import io.policystream.replay.Position;
import picocli.CommandLine;

/** Reads {@code --from} and {@code --to}; see {@link Position#parse} for the forms. */
final class PositionConverter implements CommandLine.ITypeConverter<Position> {
    @Override
    public Position convert(String value) {
        try {
            return Position.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
