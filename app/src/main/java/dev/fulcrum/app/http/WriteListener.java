package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.engine.WriteOutcome;
import dev.fulcrum.model.Kind;
import java.util.Map;

/**
 * Acts on a committed write and the request options beside its wrapper key (see
 * {@code ResourceStrategy.requestOptions}); what it returns is added to the front of the response.
 */
interface WriteListener {
    Map<String, String> afterWrite(Kind kind, WriteOutcome outcome, ObjectNode requestBody);
}
