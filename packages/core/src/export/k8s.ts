/**
 * Kubernetes Secrets out of decrypted files. A file that is a Secret manifest (the GitOps case:
 * `encrypted_regex: ^(data|stringData)$`) stays itself: its name, namespace, labels, annotations,
 * type, `data` and `stringData`, with no comment (a comment can hold a secret). Any other file
 * becomes a new Opaque Secret whose `stringData` holds its values by their export names.
 */
import { stringify as yamlStringify } from "yaml";
import { HushError } from "../errors.js";
import { YAML_PLAIN_NUMBER_TAG } from "../formats/yaml-emit.js";
import { isMap, isSecretManifest, type PlainMap } from "./manifest.js";
import { exportPairs, isAuthenticated, type ExportSource } from "./pairs.js";

/**
 * The Secret name for a file that is not a manifest: its base name up to the first dot, as a
 * DNS-1123 label (`secrets/app.secret.yaml` → `app`, `k8s/prod/db.enc.yaml` → `db`).
 */
export function secretName(file: string): string {
  const base = (file.split(/[\\/]/).pop() ?? "").replace(/^\.+/, "");
  const stem = base.split(".")[0] ?? "";
  const name = stem
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return name === "" ? "secret" : name;
}

/** Options of {@link renderSecret}. */
export interface SecretOptions {
  /** `metadata.name`: for a manifest only when given (it keeps its own otherwise). */
  name?: string | undefined;
  /** `metadata.namespace`: for a manifest only when given. */
  namespace?: string | undefined;
  /** The file, named in errors and used for a new Secret's name. */
  file: string;
  /** Export values the MAC does not cover. */
  allowUnauthenticated?: boolean | undefined;
}

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** Exact numbers (in metadata, say) keep their text. */
const YAML_OUT = { lineWidth: 0, customTags: [YAML_PLAIN_NUMBER_TAG] };

/** The Secret's name (from the manifest, the option or the file), for output file names. */
export function secretNameOf(source: ExportSource, options: SecretOptions): string {
  if (options.name !== undefined) return options.name;
  if (isSecretManifest(source.tree)) {
    const meta = (source.tree as PlainMap).metadata;
    if (isMap(meta) && typeof meta.name === "string" && meta.name !== "") return meta.name;
  }
  return secretName(options.file);
}

/**
 * One Secret manifest (YAML) for one decrypted file.
 * @throws HushError ERR_ENV_NAME when a value's name is not a valid Secret key
 */
export function renderSecret(source: ExportSource, options: SecretOptions): string {
  const name = secretNameOf(source, options);
  if (isSecretManifest(source.tree)) {
    const tree = source.tree as PlainMap;
    const metadata: PlainMap = { ...(isMap(tree.metadata) ? tree.metadata : {}), name };
    if (options.namespace !== undefined) metadata.namespace = options.namespace;
    const sections: { data?: PlainMap; stringData?: PlainMap } = {};
    for (const v of source.values) {
      const [section, key] = v.keyPath;
      if (v.doc !== (source.doc ?? 0) || v.keyPath.length !== 2 || typeof key !== "string")
        continue;
      if (section !== "data" && section !== "stringData") continue;
      if (options.allowUnauthenticated !== true && !isAuthenticated(v)) continue;
      // Secret values are strings: a YAML number under stringData is kept as its exact text.
      (sections[section] ??= {})[key] = v.type === "bool" ? v.value.toLowerCase() : v.value;
    }
    const manifest: PlainMap = { apiVersion: "v1", kind: "Secret", metadata };
    if (tree.type !== undefined) manifest.type = tree.type;
    if (tree.immutable !== undefined) manifest.immutable = tree.immutable;
    if (sections.data !== undefined) manifest.data = sections.data;
    if (sections.stringData !== undefined) manifest.stringData = sections.stringData;
    return yamlStringify(manifest, YAML_OUT);
  }
  const stringData: PlainMap = {};
  for (const p of exportPairs(source, { allowUnauthenticated: options.allowUnauthenticated })) {
    if (!SECRET_KEY.test(p.name) || p.name.length > 253) {
      throw new HushError(
        "ERR_ENV_NAME",
        `cannot export ${JSON.stringify(p.name)} of ${options.file}: not a valid Secret key`,
        { hint: "Secret keys are letters, digits, - . and _" },
      );
    }
    stringData[p.name] = p.value;
  }
  const metadata: PlainMap = { name };
  if (options.namespace !== undefined) metadata.namespace = options.namespace;
  return yamlStringify(
    { apiVersion: "v1", kind: "Secret", metadata, type: "Opaque", stringData },
    YAML_OUT,
  );
}
