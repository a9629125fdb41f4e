package com.example.tango.scoring;

import io.tango.api.spi.TangoFactory;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.TangoRuntime;

import java.util.Map;

/** The contracts with the plugin on the test class path: quick, before packaging. */
class ScoringPluginContractTest extends ScoringContracts {
    @Override
    TangoRuntime.Builder runtimeBuilder() {
        return TangoRuntime.builder().environment(Map.of());
    }

    @Override
    TangoFactory<?> factory(ComponentKind kind) {
        return kind == ComponentKind.FINDER ? new ScoringFinderFactory() : new ScoringServerProxyFactory();
    }
}
