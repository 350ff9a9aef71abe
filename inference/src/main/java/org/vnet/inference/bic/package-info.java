/**
 * BIC, ball in the court: SP/SA/RP/RA event classification, BIC delays per endpoint and per recipient, the loaded
 * endpoint, imbalance metrics and the slowdown range.
 */
package org.vnet.inference.bic;
