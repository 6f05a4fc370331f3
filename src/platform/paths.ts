import { join } from "node:path";

/**
 * Where the built front-end assets live. In the compiled binary they are embedded under
 * /$bunfs/root/public (one --asset folder, so console and widget cannot collide); in
 * development they come from build/public. import.meta.dir is not used in the binary because
 * --bytecode makes it report the build machine's source folder.
 */
export const PUBLIC_DIR: string = Bun.isStandaloneExecutable
  ? "/$bunfs/root/public"
  : join(import.meta.dir, "..", "..", "build", "public");

/**
 * The background checkpointer's worker script (src/store/checkpointer.ts). The build lists it as a
 * second entrypoint; the executable keeps it under the entrypoints' common folder (src/), as .js.
 */
export const CHECKPOINT_WORKER: string | URL = Bun.isStandaloneExecutable
  ? "/$bunfs/root/store/checkpoint-worker.js"
  : new URL("../store/checkpoint-worker.ts", import.meta.url);
