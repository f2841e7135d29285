/**
 * Findings routed to Slack, PagerDuty and webhooks: grouped, deduplicated, resolved, never lost.
 *
 * Not implemented yet: see the open issues. This file is the package's public API.
 */
export {}
