import type { Command } from "commander";
import type { Io, RunState } from "../io.js";

/** Declares `hush scan`. (placeholder: not implemented yet) */
export function register(_program: Command, _io: Io, _state: RunState): void {}
