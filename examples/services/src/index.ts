/**
 * Demo microservices and the traffic simulator.
 *
 * Not implemented yet: see the open issues. This file is the package's public API.
 */
export {}
