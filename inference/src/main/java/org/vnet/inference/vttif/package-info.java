/**
 * VTTIF: traffic matrices per endpoint pair, alpha denoising, multi-resolution history, reactive change detection
 * with hysteresis, merging across observers, and topology classification against generated templates.
 */
package org.vnet.inference.vttif;
