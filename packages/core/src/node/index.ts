// The only part of core that touches the file system and the environment.
export {
  findIdentities,
  defaultIdentityFile,
  type IdentitySource,
  type FindIdentitiesOptions,
} from "./identities.js";
export { findPolicy, type FindPolicyOptions } from "./policy-file.js";
export {
  locatePolicy,
  repositoryRoot,
  assertTrusted,
  IDENTITY_VARIABLES,
  isIdentityVariable,
  withoutIdentities,
  type PolicyLocation,
} from "./discovery.js";
export { writeFileAtomic, writeTarget, privateTempDir } from "./fs.js";
export {
  plaintextTempDir,
  plaintextBase,
  sweepStale,
  type PlaintextDir,
  type PlaintextKind,
} from "./plaintext-dir.js";
export { withFileLock, lockFileFor, type LockHolder, type LockOptions } from "./lock.js";
export { findPlugin, pluginHost, pluginIdentity, type PluginOptions } from "./plugin-process.js";
