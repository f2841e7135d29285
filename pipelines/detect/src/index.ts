/**
 * Stage: continuous detection against ClickHouse.
 *
 * Not implemented yet: see the open issues. This file is the package's public API.
 */
export {}
