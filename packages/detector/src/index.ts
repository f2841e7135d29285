/**
 * Baselines, the service graph and explainable findings.
 *
 * Not implemented yet: see the open issues. This file is the package's public API.
 */
export {}
