declare const BUILD_VERSION: string | undefined;

/** Injected by `bun build --define` in release builds; falls back to a dev marker. */
export const VERSION: string = typeof BUILD_VERSION === "string" ? BUILD_VERSION : "0.1.0-dev";
