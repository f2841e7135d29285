/**
 * The ClickHouse schema, migrations and two backends: embedded chdb and a ClickHouse server.
 *
 * Not implemented yet: see the open issues. This file is the package's public API.
 */
export {}
