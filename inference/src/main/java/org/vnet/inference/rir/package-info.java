/**
 * RIR, the round-trip iteration rate: qualifying-send detection parameters, the sliding-window series, RIRavg,
 * RIR-CDF, the Hann-windowed zero-padded power spectrum with the super-phase period, and the sampling-adequacy
 * verdict.
 */
package org.vnet.inference.rir;
