package io.tango.plugin.local.engine.tribuo;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.math.la.DenseVector;
import org.tribuo.math.la.SGDVector;
import org.tribuo.regression.sgd.RegressionObjective;

import static java.util.Objects.requireNonNull;

/** The regression counterpart of {@link MonitoredLabelObjective}. */
final class MonitoredRegressionObjective implements RegressionObjective {
    private final RegressionObjective delegate;
    private final StepCounter steps;

    MonitoredRegressionObjective(RegressionObjective delegate, StepCounter steps) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.steps = requireNonNull(steps, "steps is null");
    }

    @Override
    public Pair<Double, SGDVector> lossAndGradient(DenseVector truth, SGDVector prediction) {
        steps.step();
        return delegate.lossAndGradient(truth, prediction);
    }

    /** Tribuo's deprecated entry point, kept because the interface still declares it abstract. */
    @Override
    @Deprecated
    public Pair<Double, SGDVector> loss(DenseVector truth, SGDVector prediction) {
        return lossAndGradient(truth, prediction);
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return delegate.getProvenance();
    }
}
