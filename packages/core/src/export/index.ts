/** Decrypted values out of hush: named pairs, the dotenv export dialect and Kubernetes Secrets. */
export {
  exportPairs,
  decodeBase64Text,
  isAuthenticated,
  type ExportPair,
  type ExportSource,
  type ExportPairsOptions,
} from "./pairs.js";
export { dotenvExportProblem, quoteDotenvExport, renderDotenvExport } from "./dotenv.js";
export { isSecretManifest } from "./manifest.js";
export { renderSecret, secretName, secretNameOf, type SecretOptions } from "./k8s.js";
