package io.policystream.cli;

import io.policystream.replay.LineFormat;
import picocli.CommandLine;

/** Reads {@code --format}: kv or exact. */
final class LineFormatConverter implements CommandLine.ITypeConverter<LineFormat> {
    @Override
    public LineFormat convert(String value) {
        LineFormat f = LineFormat.fromWire(value.strip());
        if (f == null) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a format; use kv or exact");
        }
        return f;
    }
}
