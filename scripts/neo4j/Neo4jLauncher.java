// Starts an in-process Neo4j 5 (org.neo4j.test:neo4j-harness) for the integration tests and for
// local development, without Docker or a Neo4j distribution:
//
//   java -cp '.tools/neo4j/lib/*' scripts/neo4j/Neo4jLauncher.java
//
// Bolt listens on 127.0.0.1 at a free port; auth is disabled (the harness default), so any
// credentials are accepted. When the database is ready, exactly one line goes to stdout:
//   BOLT bolt://127.0.0.1:PORT
// Everything else (Neo4j's own output included) goes to stderr, so a parent can wait for that line.
// The process stops cleanly when its stdin closes (the parent died or let go) or on SIGTERM.
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

public class Neo4jLauncher {
    public static void main(String[] args) throws Exception {
        PrintStream protocol = System.out;
        // Neo4j prints banners and warnings on stdout; keep stdout for the one protocol line.
        System.setOut(System.err);

        Path workingDir = Files.createTempDirectory("ariadne-neo4j-");
        long started = System.nanoTime();
        Neo4j neo4j;
        try {
            neo4j = start(workingDir);
        } catch (RuntimeException | Error failure) {
            deleteQuietly(workingDir);
            throw failure;
        }

        Thread closer = new Thread(() -> {
            long closing = System.nanoTime();
            try {
                neo4j.close();
                System.err.printf("neo4j stopped in %d ms%n", (System.nanoTime() - closing) / 1_000_000);
            } finally {
                deleteQuietly(workingDir);
            }
        }, "neo4j-closer");
        Runtime.getRuntime().addShutdownHook(closer);

        URI bolt = neo4j.boltURI();
        System.err.printf("neo4j started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        protocol.println("BOLT bolt://127.0.0.1:" + bolt.getPort());
        protocol.flush();

        // Block until the parent closes our stdin; then exit, which runs the shutdown hook.
        try {
            while (System.in.read() != -1) {
                // input is ignored; only its end matters
            }
        } catch (java.io.IOException ignored) {
            // a broken stdin means the parent is gone, which is the same signal
        }
        System.exit(0);
    }

    private static Neo4j start(Path workingDir) {
        return Neo4jBuilders.newInProcessBuilder(workingDir)
            .withDisabledServer() // no HTTP: Bolt is all neo4j-driver needs, and it starts faster
            .withConfig(BoltConnector.enabled, true)
            .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
            .withConfig(GraphDatabaseSettings.auth_enabled, false)
            // Small and quick: test graphs are tiny and the machine may have little memory.
            .withConfig(GraphDatabaseSettings.pagecache_memory, 32L * 1024 * 1024)
            .withConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
            .withConfig(GraphDatabaseSettings.preallocate_store_files, false)
            // Bolt's Netty shutdown waits a quiet period (seconds by default) for traffic that a
            // test server will never see again; without this every test run pays ~10 s to stop.
            .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
            .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
            .build();
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // a leftover temp directory is harmless
        }
    }
}
