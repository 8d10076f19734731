// Preloaded (node --require) into child processes the tests start while coverage is measured (NODE_V8_COVERAGE set):
// V8 writes a process's coverage only when it exits normally, and the tests stop dynamic-provider hosts and policy
// packs with SIGTERM, whose default action ends the process without writing anything. Exiting on SIGTERM instead
// flushes it. Without NODE_V8_COVERAGE this file is never loaded.
"use strict";
process.on("SIGTERM", () => process.exit(143));
