package com.example.tango.scoring;

import io.tango.api.ModelFinder;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelFinderFactory;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.List;

/** Finder type {@code SCORING}: models of a scoring API, by keys {@code scoring:<name>}. */
public final class ScoringFinderFactory extends DeclaredFactory<ModelFinder> implements ModelFinderFactory {
    /** The factory the runtime's ServiceLoader instantiates. */
    public ScoringFinderFactory() {
        super("SCORING",
                "Finds models of a scoring API by keys scoring:<name>",
                ScoringOptions.connection());
    }

    @Override
    protected ModelFinder build(TangoConfig config, String instanceName) {
        return new ScoringModelFinder(ScoringOptions.transport(config));
    }
}
