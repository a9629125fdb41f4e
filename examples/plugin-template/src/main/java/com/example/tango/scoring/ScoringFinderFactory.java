package com.example.tango.scoring;

import io.tango.api.ModelFinder;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelFinderFactory;

import java.util.List;

/** Finder type {@code SCORING}: models of a scoring API, by keys {@code scoring:<name>}. */
public final class ScoringFinderFactory implements ModelFinderFactory {
    @Override
    public String type() {
        return "SCORING";
    }

    @Override
    public String description() {
        return "Finds models of a scoring API by keys scoring:<name>";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return ScoringOptions.connection();
    }

    @Override
    public ModelFinder create(TangoConfig config, String instanceName) {
        return new ScoringModelFinder(ScoringOptions.transport(config));
    }
}
