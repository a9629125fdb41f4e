package io.tango.toolkit.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tango.api.Blob;
import io.tango.api.InvalidRequestException;
import io.tango.api.Tensor;
import io.tango.toolkit.json.TangoJsonModule;
import io.tango.toolkit.json.TensorJson;

import java.util.Collections;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A named tensor of an OIP request or response, with its parameters. Immutable.
 *
 * @param name the tensor's name
 * @param tensor its data; its {@link Tensor#type()} gives the OIP datatype ({@link OipDatatype#of})
 * @param parameters its parameters other than the binary extension's {@code binary_data_size}, which the codecs
 *     write and read themselves: String, Number or Boolean values, in order
 */
public record OipTensor(String name, Tensor tensor, Map<String, Object> parameters) {
    private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new TangoJsonModule()).build();

    /**
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a parameter value is not a String, Number or Boolean
     */
    public OipTensor {
        requireNonNull(name, "name is null");
        requireNonNull(tensor, "tensor is null");
        // Most tensors have no parameters: then no message is built for a problem they cannot have.
        parameters = parameters != null && parameters.isEmpty() ? Collections.emptyMap()
                : OipParameters.without(OipParameters.copy(parameters, "parameter of tensor '" + name + "'"),
                        OipParameters.BINARY_DATA_SIZE);
    }

    /**
     * @param name the tensor's name
     * @param tensor its data
     * @return the tensor with no parameters
     */
    public static OipTensor of(String name, Tensor tensor) {
        return new OipTensor(name, tensor, Map.of());
    }

    /** @return the OIP datatype of the data */
    public OipDatatype datatype() {
        return OipDatatype.of(tensor.type());
    }

    /**
     * A TANGO input or output value as a tensor: a {@link Tensor} as it is; nested lists or a scalar of booleans,
     * numbers or strings read as {@link TensorJson} reads them (integers as INT64, numbers with
     * a fraction as FP64).
     *
     * @param what the value's role and name, for messages: {@code input 'x'}
     * @param value the value
     * @return the tensor
     * @throws InvalidRequestException if the value is a blob, a map, or lists that are not a rectangular array of one
     *     element type
     */
    static Tensor toTensor(String what, Object value) {
        if (value instanceof Tensor tensor) {
            return tensor;
        }
        if (value instanceof Blob || value instanceof Map<?, ?> || value == null) {
            String kind = value == null ? "null" : value instanceof Blob ? "a blob" : "a map";
            throw new InvalidRequestException(what + " is " + kind + "; OIP carries tensors: a Tensor, nested lists or a"
                    + " scalar");
        }
        try {
            JsonNode node = MAPPER.valueToTree(value);
            return TensorJson.read(node);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(what + " is not a tensor: " + e.getMessage(), e);
        }
    }
}
