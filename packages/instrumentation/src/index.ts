/**
 * The library every Node service imports: OpenTelemetry in one call, enforced correlation ids, redacted JSON logs.
 *
 * Not implemented yet: see the open issues. This file is the package's public API.
 */
export {}
