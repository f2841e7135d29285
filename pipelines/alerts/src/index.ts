/**
 * Stage: delivers findings from the alert outbox.
 *
 * Not implemented yet: see the open issues. This file is the package's public API.
 */
export {}
