/**
 * `@hush/core`: SOPS-compatible encryption of YAML, JSON, dotenv, INI and binary files with age,
 * the `.hush.yaml` policy, the credential detector and the audit chain. Pure: no process, no
 * printing; file-system and environment helpers live in `@hush/core/node`.
 * @packageDocumentation
 */
export {
  HushError,
  isHushError,
  describeFailure,
  failureText,
  failureLine,
  fsFailure,
  ERROR_INFO,
  type ErrorCode,
  type Failure,
} from "./errors.js";
export type { Format, ValueType, Scalar, EncryptionRules, PlainValue, KeyPath } from "./types.js";
export {
  encrypt,
  decrypt,
  update,
  setValue,
  unsetValue,
  rotate,
  rekey,
  type RecipientSpec,
  type EncryptOptions,
  type DecryptOptions,
  type DecryptedValue,
  type DecryptResult,
  type UpdateResult,
} from "./sops.js";
export { inspect, type Inspection, type InspectedLeaf, type InspectOptions } from "./inspect.js";
export { envelopeProblem } from "./value.js";
export { exportAs } from "./formats/registry-stores.js";
export {
  FORMATS,
  formatEntry,
  formatList,
  formatNamed,
  hasTree,
  isWritable,
  looksEncrypted,
  type FormatEntry,
} from "./formats/registry.js";
export { PlainNumber, isPlainNumber, isPlainMap, plainScalar, plainJson } from "./plain.js";
export {
  detectFormat,
  parseKeyPath,
  parseExtractPath,
  formatKeyPath,
  getValue,
  flatten,
} from "./tree.js";
export {
  generateIdentity,
  identityToRecipient,
  formatIdentityFile,
  parseIdentities,
  isRecipient,
  assertRecipient,
  canonicalRecipient,
  recipientKind,
  setAgePluginHost,
  wrapDataKey,
  unwrapDataKey,
  type AgeStanza,
  type AgePluginHost,
} from "./keys.js";
export {
  sshIdentity,
  protectedIdentityFile,
  type KeyIdentity,
  type IdentityInput,
  type AskSecret,
} from "./key-identity.js";
export { parseSshKeyFile, looksLikeSshPrivateKey, type SshKeyFile } from "./ssh-key-file.js";
export { parseSshPublicKey, looksLikeSshKey, type SshPublicKey } from "./ssh.js";
export { protectIdentityFile, unprotectIdentityFile, isAgeFile } from "./scrypt.js";
export {
  pluginOfRecipient,
  pluginOfIdentity,
  wrapWithPlugin,
  unwrapWithPlugin,
  type PluginChannel,
  type PluginUi,
} from "./plugin.js";
export {
  parsePolicy,
  parseSopsConfig,
  resolveRule,
  ruleMatches,
  memberName,
  parseDuration,
  type Policy,
  type PolicyRule,
  type ResolvedRule,
  type FetchedKeys,
} from "./policy.js";
export { isPolicyFile, assertNotPolicyFile, POLICY_FILE_NAMES } from "./policy-files.js";
export { checkPolicy, globProblem, type PolicyWarning } from "./policy-check.js";
export {
  envNameProblem,
  envNameRefusal,
  envNameFamily,
  assertEnvName,
  compileAllowNames,
  ENV_NAME_FAMILIES,
  type EnvNameFamily,
  type EnvNameOptions,
  type EnvNameRefusal,
} from "./envname.js";
export {
  exportPairs,
  decodeBase64Text,
  isAuthenticated,
  dotenvExportProblem,
  quoteDotenvExport,
  renderDotenvExport,
  isSecretManifest,
  renderSecret,
  secretName,
  secretNameOf,
  type ExportPair,
  type ExportSource,
  type ExportPairsOptions,
  type SecretOptions,
} from "./export/index.js";
export { optionsMismatch, assertPinnedOptions } from "./options.js";
export {
  recipientDrift,
  unexpectedRecipients,
  ruleGroups,
  type RecipientDrift,
} from "./recipients.js";
export { authenticatedData, type AuthenticatedData } from "./authenticated.js";
export { chainRecord, chainHead, verifyChain, auditMac, type ChainProblem } from "./audit.js";
