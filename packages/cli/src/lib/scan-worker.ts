// Worker thread of `hush scan`: scans its share of a big tree's plain files (the guard's
// threads.ts hands them out), loading the detector as soon as it starts.
import { parentPort } from "node:worker_threads";
import { serveScanThread } from "@hush/pre-commit";

if (parentPort !== null) serveScanThread(parentPort, () => import("@hush/core/scan"));
