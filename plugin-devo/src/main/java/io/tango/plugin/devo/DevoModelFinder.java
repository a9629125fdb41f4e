package io.tango.plugin.devo;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.plugin.devo.client.DevoModel;
import io.tango.plugin.devo.client.ModelManagerClient;
import io.tango.plugin.devo.client.ProfileReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Finds models in Devo's ML Model Manager by keys {@code devo://<authority>/<name>} (type {@code DEVO}), downloads
 * their file and describes it (an ONNX model as format {@code onnx} with its {@code .onnx} file, so plugin-local can
 * run it).
 *
 * <p>The authority says which server: empty or this instance's name means the instance's own connection (url + token,
 * or profile, in its config); any other authority is a profile name of the {@code modelmanager.ini} file (looked up
 * in {@code profile_path}, then the current, then the home directory), unless {@code resolve_profiles} is off. A key
 * of another form, an unknown authority, and a missing model are all "not found" (empty); a server error or an
 * invalid profile throws. Thread-safe; {@link #close()} closes every client it opened.
 */
public final class DevoModelFinder implements ModelFinder {
    private static final Logger LOG = LoggerFactory.getLogger(DevoModelFinder.class);

    private final String instanceName;
    private final DevoSettings settings;
    private final ProfileReader profiles;
    private final boolean resolveProfiles;
    private final Optional<ModelManagerClient> ownClient;
    private final Map<String, ModelManagerClient> profileClients = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    DevoModelFinder(String instanceName, DevoSettings settings, ProfileReader profiles, boolean resolveProfiles) {
        this.instanceName = requireNonNull(instanceName, "instanceName is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.profiles = requireNonNull(profiles, "profiles is null");
        this.resolveProfiles = resolveProfiles;
        this.ownClient = settings.hasConnection() ? Optional.of(settings.connect(profiles)) : Optional.empty();
    }

    @Override
    public Optional<ModelDescriptor> find(ModelKey key) {
        requireNonNull(key, "key is null");
        if (closed.get()) {
            throw new IllegalStateException("finder '" + instanceName + "' is closed");
        }
        Optional<DevoModelKey> devoKey = DevoModelKey.parse(key);
        if (devoKey.isEmpty()) {
            return Optional.empty();
        }
        Optional<ModelManagerClient> client = clientFor(devoKey.get().authority());
        if (client.isEmpty()) {
            LOG.debug("Finder '{}': '{}' is neither this instance nor a known profile", instanceName,
                    devoKey.get().authority());
            return Optional.empty();
        }
        try {
            DevoModel model = client.get().getModel(devoKey.get().name(), true);
            return Optional.of(DevoDescriptors.describe(key, model, client.get().url(), "finder " + instanceName));
        }
        catch (ModelNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<ModelManagerClient> clientFor(String authority) {
        boolean own = authority.isEmpty()
                || authority.equals(instanceName)
                || settings.profile().filter(authority::equals).isPresent();
        if (own && ownClient.isPresent()) {
            return ownClient;
        }
        if (authority.isEmpty() || !resolveProfiles) {
            return Optional.empty();
        }
        ModelManagerClient cached = profileClients.get(authority);
        if (cached != null) {
            return Optional.of(cached);
        }
        if (!profiles.hasProfile(authority, settings.profilePath())) {
            return Optional.empty();
        }
        return Optional.of(profileClients.computeIfAbsent(authority,
                name -> settings.connect(profiles.read(name, settings.profilePath()), profiles)));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            ownClient.ifPresent(ModelManagerClient::close);
            profileClients.values().forEach(ModelManagerClient::close);
            profileClients.clear();
        }
    }

    @Override
    public String toString() {
        return "DevoModelFinder[" + instanceName + ownClient.map(client -> ", " + client).orElse("")
                + (resolveProfiles ? ", profiles" : "") + "]";
    }
}
