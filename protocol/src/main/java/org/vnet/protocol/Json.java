package org.vnet.protocol;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The protocol's one Jackson mapper, configured once and shared (Jackson mappers are thread-safe
 * once configured): duplicate keys and text after the object are errors; unknown properties are
 * not, since {@link Request#decode} checks the fields against the command table first.
 */
public final class Json {
    /** Reads requests and responses. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();

    /** Writes responses and requests, one compact line each. */
    public static final ObjectWriter WRITER = MAPPER.writer();

    private Json() {
    }
}
