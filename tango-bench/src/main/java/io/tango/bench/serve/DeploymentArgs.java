package io.tango.bench.serve;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code key=value} arguments of the serving mains, passed through as deployment config of target {@code local}:
 * {@code grpc_port=…}, the dynamic batching keys ({@code max_batch_size}, {@code max_batch_delay} in microseconds,
 * {@code preferred_batch_sizes}), anything plugin-local accepts. plugin-local validates them and names the keys it
 * knows when one is wrong.
 */
final class DeploymentArgs {
    private DeploymentArgs() {}

    /**
     * @param args the command line
     * @param from the index of the first {@code key=value} argument
     * @return the pairs, in order
     * @throws IllegalArgumentException if an argument has no {@code =} or an empty key
     */
    static Map<String, String> config(String[] args, int from) {
        Map<String, String> config = new LinkedHashMap<>();
        for (String arg : Arrays.copyOfRange(args, Math.min(from, args.length), args.length)) {
            int equals = arg.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("'" + arg + "' is not key=value (deployment config of target local,"
                        + " e.g. grpc_port=8001 or max_batch_size=32)");
            }
            config.put(arg.substring(0, equals).strip(), arg.substring(equals + 1).strip());
        }
        return config;
    }
}
