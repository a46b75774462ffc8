package io.policystream.serve;

import io.policystream.client.EpisodeRecorder;
import io.policystream.client.ParamsTopic;
import io.policystream.client.PolicyClient;
import io.policystream.policy.PolicyParams;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acting service wired to Kafka: a {@link PolicyClient} following the params topic, an
 * {@link EpisodeRecorder} writing the events topic, the {@link ActingService} and its
 * {@link ActingHttpServer}. The {@code serve} command only builds a {@link ServeConfig} and runs
 * this; the integration test runs the very same thing.
 *
 * <p>Start reads the params topic to its end before the port opens, so the first request already
 * sees every initialised policy rather than a 404 for a policy the background reader has not
 * reached yet.
 */
public final class ServeApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServeApp.class);

    private final PolicyClient client;
    private final EpisodeRecorder recorder;
    private final ActingService service;
    private final ActingHttpServer server;

    private ServeApp(PolicyClient client, EpisodeRecorder recorder, ActingService service,
                     ActingHttpServer server) {
        this.client = client;
        this.recorder = recorder;
        this.service = service;
        this.server = server;
    }

    /**
     * Reads the latest params, connects and starts listening.
     *
     * @param kafka client properties of the cluster
     * @throws TimeoutException when the params topic cannot be read to its end in time
     * @throws IllegalStateException when the params topic does not exist
     * @throws IOException when the address cannot be bound
     */
    public static ServeApp start(Properties kafka, ServeConfig config)
            throws TimeoutException, IOException {
        return start(kafka, config, io.policystream.client.ActingMetrics.inMemory());
    }

    /** Like {@link #start(Properties, ServeConfig)}, reporting decisions, latency and params in use to {@code metrics}. */
    public static ServeApp start(Properties kafka, ServeConfig config, io.policystream.client.ActingMetrics metrics)
            throws TimeoutException, IOException {
        Map<String, PolicyParams> latest = ParamsTopic.readLatest(kafka, config.paramsTopic(),
                config.startupTimeout());
        PolicyClient client = PolicyClient.connect(kafka, config.paramsTopic()).withMetrics(metrics);
        EpisodeRecorder recorder = null;
        try {
            latest.values().forEach(client::offer);
            for (String p : config.policies()) {
                if (!latest.containsKey(p)) {
                    LOG.warn("policy {} has no params yet: acting with it answers 503 until it is initialised", p);
                }
            }
            recorder = new EpisodeRecorder(kafka, config.eventsTopic()).withMetrics(metrics);
            ActingService service = new ActingService(client, recorder::send, config.episodes(), config.policies(),
                    InstantSource.system());
            ActingHttpServer server = ActingHttpServer.start(service, config.http());
            return new ServeApp(client, recorder, service, server);
        } catch (IOException | RuntimeException e) {
            if (recorder != null) {
                recorder.close();
            }
            client.close();
            throw e;
        }
    }

    /** The port listened on. */
    public int port() {
        return server.port();
    }

    public ActingService service() {
        return service;
    }

    /**
     * Stops in the order that loses nothing: no new requests, the requests in progress finish,
     * every recorded event is written, then the params reader stops.
     */
    @Override
    public void close() {
        server.close();
        recorder.flush();
        recorder.close();
        client.close();
        LOG.info("stopped; {} events recorded, {} could not be", recorder.sent(), recorder.errors());
    }
}
