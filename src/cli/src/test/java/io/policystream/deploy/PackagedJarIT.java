package io.policystream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDB;

/**
 * The jar that {@code mvn package} built, read as a zip after the package phase (failsafe): it
 * holds RocksDB's native library for every platform README.md lists, so {@code learn} and
 * {@code demo} start on each of them and not only on Linux x86-64.
 */
class PackagedJarIT {

    /** README.md's "Platforms" section, one native library of rocksdbjni per platform. */
    private static final Map<String, String> PLATFORMS = platforms();

    private static Map<String, String> platforms() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("librocksdbjni-linux64.so", "Linux x86-64 (glibc)");
        p.put("librocksdbjni-linux64-musl.so", "Linux x86-64 (musl: Alpine)");
        p.put("librocksdbjni-linux-aarch64.so", "Linux arm64 (glibc: Graviton, Docker on Apple silicon)");
        p.put("librocksdbjni-linux-aarch64-musl.so", "Linux arm64 (musl: Alpine)");
        p.put("librocksdbjni-linux32.so", "Linux x86 32-bit (glibc)");
        p.put("librocksdbjni-linux32-musl.so", "Linux x86 32-bit (musl)");
        p.put("librocksdbjni-linux-ppc64le.so", "Linux ppc64le (glibc)");
        p.put("librocksdbjni-linux-ppc64le-musl.so", "Linux ppc64le (musl)");
        p.put("librocksdbjni-linux-s390x.so", "Linux s390x (glibc)");
        p.put("librocksdbjni-linux-s390x-musl.so", "Linux s390x (musl)");
        p.put("librocksdbjni-linux-riscv64.so", "Linux riscv64 (glibc)");
        p.put("librocksdbjni-osx-x86_64.jnilib", "macOS Intel");
        p.put("librocksdbjni-osx-arm64.jnilib", "macOS Apple silicon");
        p.put("librocksdbjni-win64.dll", "Windows x86-64");
        return p;
    }

    private static Path builtJar() {
        Path jar = Path.of(System.getProperty("policystream.jar", "target/policystream.jar"));
        assertThat(jar).as("the jar 'mvn package' builds; run this test with 'mvn verify' (or after "
                + "'mvn -DskipTests package')").isRegularFile();
        return jar;
    }

    /** The rocksdbjni jar the build shaded in: the one on the test classpath. */
    private static Path rocksdbJar() throws URISyntaxException {
        Path jar = Path.of(RocksDB.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(jar.getFileName().toString()).startsWith("rocksdbjni-").endsWith(".jar");
        return jar;
    }

    /** Name to CRC-32 of each entry of {@code jar} at its root named {@code librocksdbjni-*}. */
    private static Map<String, Long> natives(Path jar) throws IOException {
        Map<String, Long> natives = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream()
                    .filter(e -> !e.isDirectory() && e.getName().startsWith("librocksdbjni-"))
                    .forEach(e -> natives.put(e.getName(), e.getCrc()));
        }
        return natives;
    }

    @Test
    void shouldHoldTheRocksDbNativeLibraryOfEveryListedPlatform() throws IOException {
        Map<String, Long> inJar = natives(builtJar());

        List<String> missing = new ArrayList<>();
        PLATFORMS.forEach((library, platform) -> {
            if (!inJar.containsKey(library)) {
                missing.add(library + " (" + platform + ")");
            }
        });
        assertThat(missing).as("RocksDB natives missing from %s, which then fails on those platforms when "
                + "RocksDB loads", builtJar()).isEmpty();
    }

    @Test
    void shouldHoldEveryNativeLibraryOfTheRocksDbJarUnchanged() throws IOException, URISyntaxException {
        Path rocksdb = rocksdbJar();
        Map<String, Long> shipped = natives(rocksdb);
        Map<String, Long> inJar = natives(builtJar());

        assertThat(shipped).as("natives in %s", rocksdb).isNotEmpty();
        List<String> missing = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        shipped.forEach((library, crc) -> {
            if (!inJar.containsKey(library)) {
                missing.add(library);
            } else if (!inJar.get(library).equals(crc)) {
                changed.add(library);
            }
        });
        assertThat(missing).as("natives of %s missing from the built jar (a shade filter excludes them?)",
                rocksdb.getFileName()).isEmpty();
        assertThat(changed).as("natives whose bytes differ from %s's", rocksdb.getFileName()).isEmpty();
        assertThat(PLATFORMS.keySet()).as("README.md's platforms are those %s ships; update both when "
                + "RocksDB changes them", rocksdb.getFileName()).containsExactlyInAnyOrderElementsOf(shipped.keySet());
    }
}
