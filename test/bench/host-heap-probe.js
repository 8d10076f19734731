"use strict";
// Preloaded into the benchmark's dynamic-provider host (NODE_OPTIONS=-r …): on SIGUSR2 it runs a full garbage
// collection and prints the live heap to stderr, so a per-resource leak shows as heap growth with N, which the peak
// resident set (mostly V8's heap sizing) cannot show. Compiled code is counted apart: it grows while the JIT warms
// up, not with the number of resources. Does nothing in any other process.
if (process.argv[1] && process.argv[1].includes("dynamic-provider")) {
  const v8 = require("v8");
  v8.setFlagsFromString("--expose-gc");
  const gc = require("vm").runInNewContext("gc");
  process.on("SIGUSR2", () => {
    gc();
    const spaces = v8.getHeapSpaceStatistics();
    const used = (names) => spaces.filter((s) => names.includes(s.space_name)).reduce((sum, s) => sum + s.space_used_size, 0);
    const code = used(["code_space", "code_large_object_space"]);
    const { heapUsed } = process.memoryUsage();
    process.stderr.write(`bench-heap ${JSON.stringify({ heapUsed, code, data: heapUsed - code })}\n`);
  });
}
