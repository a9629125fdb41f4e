package io.tango.plugin.mlflow.model;

import java.util.regex.Pattern;

/** The patterns of {@link MlflowModelUri}. */
final class ModelUriPatterns {
    static final Pattern MODELS = Pattern.compile("models:/+([^/].*)");
    static final Pattern ALIAS = Pattern.compile("([^/@]+)@([^/@]+)");
    static final Pattern VERSION = Pattern.compile("([^/@]+)/([^/@]+)");
    static final Pattern NUMBER = Pattern.compile("[1-9][0-9]*");
    static final Pattern LOGGED_MODEL = Pattern.compile("m-[0-9a-zA-Z]+");
    static final Pattern RUNS = Pattern.compile("runs:/+([0-9a-zA-Z]+)/(.*[^/].*)");

    private ModelUriPatterns() {}
}
