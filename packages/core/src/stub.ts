import { HushError } from "./errors.js";

/** Placeholder for an API under construction; removed once every module is implemented. */
export function notImplemented(what: string): never {
  throw new HushError("ERR_INTERNAL", `${what} is not implemented yet`);
}
