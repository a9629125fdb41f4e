package io.tango.plugin.deepaas.client;

import io.tango.api.FieldSpec;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a DEEPaaS server's OpenAPI description says about one of its models: its predict and train arguments and the
 * shape of its predictions.
 *
 * @param model the model's URL key
 * @param predictArguments the predict arguments, in declared order
 * @param trainArguments the train arguments, in declared order
 * @param outputs the properties of a prediction as the model's response schema declares them; for a model without a
 *     schema, the single output {@code predictions}
 * @param wrapped whether the model has no response schema, so DEEPaaS wraps its output in
 *     {@code {"status": "OK", "predictions": …}}
 * @param predictDescribed whether the description has the model's predict route (a server started with
 *     {@code --nopredict-endpoint} leaves it out); arguments of an undescribed route cannot be checked
 * @param trainDescribed whether the description has the model's train route
 */
public record DeepaasModelApi(
        String model,
        List<DeepaasArgument> predictArguments,
        List<DeepaasArgument> trainArguments,
        List<FieldSpec> outputs,
        boolean wrapped,
        boolean predictDescribed,
        boolean trainDescribed) {

    public DeepaasModelApi {
        requireNonNull(model, "model is null");
        predictArguments = List.copyOf(requireNonNull(predictArguments, "predictArguments is null"));
        trainArguments = List.copyOf(requireNonNull(trainArguments, "trainArguments is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
    }

    /** @return the predict arguments' specs */
    public List<FieldSpec> predictSpecs() {
        return predictArguments.stream().map(DeepaasArgument::spec).toList();
    }

    /** @return the train arguments' specs */
    public List<FieldSpec> trainSpecs() {
        return trainArguments.stream().map(DeepaasArgument::spec).toList();
    }

    /** @return the predict argument {@code accept}, when the model negotiates its response's content type */
    public Optional<DeepaasArgument> acceptArgument() {
        return predictArguments.stream().filter(argument -> argument.name().equals(DeepaasArgument.ACCEPT)).findFirst();
    }
}
