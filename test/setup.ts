// Preloaded by bun test (bunfig.toml). Tests build their own loggers; keep stray output quiet.
process.env.NODE_ENV = "test";
