/**
 * Grafana dashboards generated from code, with provisioning.
 *
 * Not implemented yet: see the open issues. This file is the package's public API.
 */
export {}
