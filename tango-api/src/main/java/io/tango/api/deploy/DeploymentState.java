package io.tango.api.deploy;

/** Whether a deployment can serve. */
public enum DeploymentState {
    /** Being created or updated; not serving yet. */
    PENDING,
    /** Serving predictions. */
    READY,
    /** Recorded, but not serving (stopped, or its server is gone). */
    STOPPED,
    /** Creation or the server failed; details say why. */
    FAILED
}
