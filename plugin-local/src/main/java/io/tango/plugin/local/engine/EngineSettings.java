package io.tango.plugin.local.engine;

/**
 * Settings every engine receives when it loads a model, from the component's config.
 *
 * @param intraOpThreads threads one inference may use inside an operator; 0 lets the engine choose
 * @param interOpThreads threads one inference may use across independent operators; 0 lets the engine choose
 */
public record EngineSettings(int intraOpThreads, int interOpThreads) {
    public EngineSettings {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + intraOpThreads);
        }
        if (interOpThreads < 0) {
            throw new IllegalArgumentException("interOpThreads must be >= 0, got " + interOpThreads);
        }
    }

    /** @return one thread each: the right setting when many requests run concurrently */
    public static EngineSettings defaults() {
        return new EngineSettings(1, 1);
    }
}
