/**
 * The agent console's entry: the lit shell (web/src/shell), which loads the session, opens the
 * one agent socket and mounts the workspace and every feature element by tag. Features register
 * themselves by importing their folders here once merged (see web/src/features/README.md).
 */
import "./shell/app.ts";
