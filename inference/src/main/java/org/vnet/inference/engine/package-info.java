/**
 * The inference engine: {@link org.vnet.inference.engine.InferenceConfig} (all parameters, validated),
 * {@link org.vnet.inference.engine.InferenceEngine} (an event handler accumulating per-endpoint and per-pair state)
 * and its immutable {@link org.vnet.inference.engine.AnalysisResult} with JSON and text renderings.
 */
package org.vnet.inference.engine;
