package io.tango.plugin.local.engine.tribuo;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.classification.sgd.LabelObjective;
import org.tribuo.math.la.SGDVector;
import org.tribuo.math.util.VectorNormalizer;

import static java.util.Objects.requireNonNull;

/**
 * A classification objective that reports each gradient step to a {@link StepCounter} before delegating: the hook
 * that gives Tribuo's SGD loop progress and cooperative cancellation (the counter throws once canceled).
 */
final class MonitoredLabelObjective implements LabelObjective {
    private final LabelObjective delegate;
    private final StepCounter steps;

    MonitoredLabelObjective(LabelObjective delegate, StepCounter steps) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.steps = requireNonNull(steps, "steps is null");
    }

    @Override
    public Pair<Double, SGDVector> lossAndGradient(Integer truth, SGDVector prediction) {
        steps.step();
        return delegate.lossAndGradient(truth, prediction);
    }

    /** Tribuo's deprecated entry point, kept because the interface still declares it abstract. */
    @Override
    @Deprecated
    public Pair<Double, SGDVector> valueAndGradient(int truth, SGDVector prediction) {
        return lossAndGradient(truth, prediction);
    }

    @Override
    public VectorNormalizer getNormalizer() {
        return delegate.getNormalizer();
    }

    @Override
    public boolean isProbabilistic() {
        return delegate.isProbabilistic();
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return delegate.getProvenance();
    }
}
