package io.tango.plugin.mlflow.scoring;

import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelInitializer;
import io.tango.api.ModelKey;
import io.tango.api.TangoModel;
import io.tango.toolkit.http.HttpAuth;
import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.http.RetrySettings;
import io.tango.plugin.mlflow.registry.MlflowDescriptors;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Makes models that run on MLflow scoring servers ready.
 *
 * <ul>
 *   <li>Format {@value #FORMAT} (a running scoring server, its URL the descriptor's endpoint): a model that predicts
 *       through {@link MlflowScoringServerProxy}. Its explainer is the scoring server named by the metadata
 *       {@value #EXPLAINER_ENDPOINT}, or the model named by {@value MlflowDescriptors#EXPLAINER_URI}, served on
 *       demand when local serving is on.</li>
 *   <li>Format {@value MlflowDescriptors#PYFUNC} (a downloaded pyfunc model), only when local serving is on: this
 *       initializer starts {@code mlflow models serve} for the artifact folder; the model owns that process.</li>
 * </ul>
 * Any other format is not this initializer's. Thread-safe.
 */
public final class MlflowScoringInitializer implements ModelInitializer {
    /** The format of a running MLflow scoring server. */
    public static final String FORMAT = "mlflow-scoring-server";
    /** Metadata: the URL of a scoring server that serves the model's explainer. */
    public static final String EXPLAINER_ENDPOINT = "mlflow.explainer.endpoint";

    private final HttpAuth credentials;
    private final HttpSettings http;
    private final ScoringInputFormat inputFormat;
    private final Optional<LocalScoringServers> serving;

    /**
     * @param credentials how requests to scoring servers authenticate (usually none)
     * @param connectTimeout the longest wait for a connection
     * @param requestTimeout the longest wait for a prediction
     * @param retry how GETs are retried
     * @param inputFormat the format of requests that do not choose one
     * @param serving how to start scoring servers for pyfunc models and explainers; empty to never start one
     */
    public MlflowScoringInitializer(
            HttpAuth credentials,
            Duration connectTimeout,
            Duration requestTimeout,
            RetrySettings retry,
            ScoringInputFormat inputFormat,
            Optional<LocalScoringServers> serving) {
        this(credentials, HttpSettings.of(connectTimeout, requestTimeout, retry), inputFormat, serving);
    }

    /**
     * @param credentials how requests to scoring servers authenticate (usually none)
     * @param http timeouts, retries and the size cap of the scoring servers' answers
     * @param inputFormat the format of requests that do not choose one
     * @param serving how to start scoring servers for pyfunc models and explainers; empty to never start one
     */
    public MlflowScoringInitializer(HttpAuth credentials, HttpSettings http, ScoringInputFormat inputFormat,
            Optional<LocalScoringServers> serving) {
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.http = requireNonNull(http, "http is null");
        this.inputFormat = requireNonNull(inputFormat, "inputFormat is null");
        this.serving = requireNonNull(serving, "serving is null");
    }

    @Override
    public Optional<TangoModel<?, ?>> initialize(ModelDescriptor descriptor) {
        requireNonNull(descriptor, "descriptor is null");
        if (descriptor.format().equals(FORMAT)) {
            URI endpoint = descriptor.endpoint().orElseThrow(() -> new InvalidRequestException("descriptor of "
                    + descriptor.key() + " has format " + FORMAT + " but no endpoint (the scoring server's URL)"));
            return Optional.of(model(descriptor, proxy(endpoint), List.of()));
        }
        if (descriptor.format().equals(MlflowDescriptors.PYFUNC) && serving.isPresent()
                && descriptor.artifactPath().isPresent()) {
            ScoringServerProcess process = serving.get().start("model " + descriptor.name(),
                    descriptor.artifactPath().get().toString(), trackingUriOf(descriptor));
            try {
                ModelDescriptor served = descriptor.toBuilder().endpoint(process.url()).build();
                return Optional.of(model(served, proxy(process.url()), List.of(process)));
            } catch (RuntimeException e) {
                process.close();
                throw e;
            }
        }
        return Optional.empty();
    }

    private MlflowScoringModel model(ModelDescriptor descriptor, MlflowScoringServerProxy proxy, List<AutoCloseable> owned) {
        Optional<Supplier<TangoModel<?, ?>>> explainer = Optional.empty();
        String reason;
        Optional<String> explainerEndpoint = Optional.ofNullable(descriptor.metadata().get(EXPLAINER_ENDPOINT));
        Optional<String> explainerUri = Optional.ofNullable(descriptor.metadata().get(MlflowDescriptors.EXPLAINER_URI));
        if (explainerEndpoint.isPresent()) {
            URI endpoint = URI.create(explainerEndpoint.get());
            explainer = Optional.of(() -> explainerModel(descriptor, explainerEndpoint.get(), endpoint, List.of()));
            reason = "";
        } else if (explainerUri.isPresent() && serving.isPresent()) {
            explainer = Optional.of(() -> servedExplainer(descriptor, explainerUri.get()));
            reason = "";
        } else if (explainerUri.isPresent()) {
            reason = "its explainer " + explainerUri.get() + " needs a scoring server, and this initializer does not "
                    + "start any (set serve_models: true)";
        } else {
            reason = "none was logged for it (no metadata " + MlflowDescriptors.EXPLAINER_URI + " or "
                    + EXPLAINER_ENDPOINT + ": no explainer tag on its version or registered model, and no shap model "
                    + "in its run)";
        }
        return new MlflowScoringModel(descriptor, proxy, inputFormat, explainer, reason, owned);
    }

    private TangoModel<?, ?> servedExplainer(ModelDescriptor descriptor, String explainerUri) {
        ScoringServerProcess process = serving.orElseThrow().start("explainer of " + descriptor.name(), explainerUri,
                trackingUriOf(descriptor));
        try {
            return explainerModel(descriptor, explainerUri, process.url(), List.of(process));
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    private TangoModel<?, ?> explainerModel(
            ModelDescriptor model, String key, URI endpoint, List<AutoCloseable> owned) {
        ModelDescriptor descriptor = ModelDescriptor.builder(ModelKey.of(key), "explainer of " + model.name(), FORMAT)
                .endpoint(endpoint)
                .metadata("mlflow.explains", model.key().value())
                .origin(model.origin())
                .build();
        return new MlflowScoringModel(descriptor, proxy(endpoint), inputFormat, Optional.empty(),
                "it is an explainer itself", owned);
    }

    private MlflowScoringServerProxy proxy(URI endpoint) {
        return new MlflowScoringServerProxy(endpoint, credentials, http);
    }

    private static Optional<URI> trackingUriOf(ModelDescriptor descriptor) {
        return Optional.ofNullable(descriptor.metadata().get(MlflowDescriptors.TRACKING_URI)).map(URI::create);
    }

    @Override
    public String toString() {
        return "MlflowScoringInitializer[input format " + inputFormat.key()
                + (serving.isPresent() ? ", serves pyfunc models" : "") + "]";
    }
}
