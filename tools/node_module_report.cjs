// Preloaded into the jsii runtime's node processes (NODE_OPTIONS="--require <this file>") by
// tools/node_provider.py and tests/test_node_lazy_load.py: at exit, appends one JSON line with the
// number of modules loaded and how many of them belong to @cdktf/provider-aws to the file
// named by PLATFORM_NODE_MODULE_REPORT.
"use strict";
const fs = require("fs");
const report = process.env.PLATFORM_NODE_MODULE_REPORT;
if (report) {
  process.on("exit", () => {
    const loaded = Object.keys(require.cache);
    const provider = loaded.filter((path) => path.includes("/@cdktf/provider-aws/")).length;
    const line = JSON.stringify({ pid: process.pid, modules: loaded.length, provider_modules: provider,
                                  rss_mib: Math.round(process.memoryUsage().rss / 1048576) });
    fs.appendFileSync(report, line + "\n");
  });
}
