// The labelled corpus: seeded documents, each with one labelled line — a planted credential
// (positive, by family and type) or a hard negative (by family). `generateCorpus` writes it;
// `scoreCorpus` runs a scanner over it and reports recall, precision and flagged negatives per
// family. Used by test/detector-corpus.test.ts and `pnpm bench` (test/bench/scan.bench.mjs).
import { BARE_FORMS, FORMS, NESTED_FORMS } from "./forms.mjs";
import { COMMAND_SHAPES, commandNegative, containerNegative } from "./commands.mjs";
import { CONNECTION_SHAPES, connectionNegative } from "./connections.mjs";
import { NEGATIVES } from "./negatives.mjs";
import { Random } from "./random.mjs";
import {
  CONFIG_FILES,
  CONNECTIONS,
  ENCODED,
  PRIVATE_KEYS,
  SECRET_NAMES,
  secretValue,
} from "./special.mjs";
import { TOKENS } from "./tokens.mjs";

/** Names a self-identifying token gets assigned to (it needs none to be found). */
const TOKEN_NAMES = [
  ["token"],
  ["api", "key"],
  ["value"],
  ["auth"],
  ["credentials"],
  ["webhook", "url"],
  ["primary"],
  ["access", "token"],
  ["bot", "token"],
  ["service", "key"],
  ["deploy", "token"],
  ["secret"],
];

/** Name endings for provider-named values. */
const PROVIDER_SUFFIXES = [
  ["api", "key"],
  ["token"],
  ["secret"],
  ["api", "token"],
  ["access", "token"],
  ["key"],
  ["api", "secret"],
];

const FORM_NAMES = Object.keys(FORMS);

/** Password names in other scripts and languages (`パスワード`, `MOT_DE_PASSE`, `ПАРОЛЬ`). */
const UNICODE_NAMES = [
  ["パスワード"],
  ["データベース", "パスワード"],
  ["пароль"],
  ["密码"],
  ["비밀번호"],
  ["contraseña"],
  ["mot", "de", "passe"],
  ["passwört"],
];
/** The forms such names are written in: assignments and keys, not XML names, headers or flags. */
const UNICODE_FORMS = [
  "dotenv",
  "yaml",
  "yaml-quoted",
  "json",
  "toml",
  "ini",
  "properties",
  "python",
  "python-kwarg",
  "js",
  "js-object",
  "go-short",
  "java",
  "kotlin",
  "ruby-hash-19",
  "php-array",
  "c-define",
  "comment",
  "markdown-list",
];

/** Whether a value survives a form's quoting (no form escapes `"`, `\` or `$` for the shell). */
function fits(form, value) {
  if (/["\\]/.test(value) && form !== "xml-element") return false;
  if (value.includes("$") && /shell|dotenv|php|powershell|makefile|dockerfile|cli/.test(form))
    return false;
  if (value.includes("'") && /php|pascal|ruby-hash|ruby-kwarg|python-kwarg|js$|sql/.test(form))
    return false;
  return true;
}

function pickForm(r, value, allowed = FORM_NAMES) {
  for (;;) {
    const f = r.pick(allowed);
    if (fits(f, value)) return f;
  }
}

/**
 * Generate the corpus.
 * @param {{ seed?: string | number, perToken?: number, generic?: number, unicode?: number, perSpecial?: number, perNegative?: number }} [options]
 */
export function generateCorpus(options = {}) {
  const r = new Random(options.seed ?? "hush-corpus");
  const perToken = options.perToken ?? 4;
  const docs = [];
  const add = (d, label) =>
    docs.push({ path: d.path, text: d.text, labels: [{ line: d.line, ...label }] });

  for (const spec of TOKENS) {
    for (let i = 0; i < perToken; i++) {
      const value = spec.make(r);
      const label = { positive: true, family: spec.family, type: spec.type };
      if (spec.provider) {
        const suffix = spec.secretName ? spec.secretName.split("_") : r.pick(PROVIDER_SUFFIXES);
        const nested = r.chance(0.25);
        const provider = spec.provider.split("_");
        const form = pickForm(r, value, nested ? NESTED_FORMS : FORM_NAMES);
        add(
          nested
            ? FORMS[form](suffix, value, r, provider.join("_"))
            : FORMS[form]([...provider, ...suffix], value, r),
          label,
        );
      } else if (r.chance(0.2)) {
        const bare = r.pick(Object.keys(BARE_FORMS));
        add(BARE_FORMS[bare](value, r), label);
      } else {
        const form = pickForm(r, value);
        add(FORMS[form](r.pick(TOKEN_NAMES), value, r), label);
      }
    }
  }
  for (let i = 0; i < (options.generic ?? 160); i++) {
    const words = r.pick(SECRET_NAMES);
    const value = secretValue(r, words);
    const form = pickForm(r, value);
    add(FORMS[form](words, value, r), {
      positive: true,
      family: "generic",
      type: `generic:${form}`,
    });
  }
  for (let i = 0; i < (options.unicode ?? 24); i++) {
    const words = r.pick(UNICODE_NAMES);
    const value = secretValue(r, words);
    const form = pickForm(r, value, UNICODE_FORMS);
    add(FORMS[form](words, value, r), {
      positive: true,
      family: "generic",
      type: `generic-unicode:${form}`,
    });
  }
  const perSpecial = options.perSpecial ?? 4;
  for (const [family, makers] of [
    ["connection", [...CONNECTIONS, ...CONNECTION_SHAPES]],
    ["keys", PRIVATE_KEYS],
    ["encoded", ENCODED],
    ["command-line", COMMAND_SHAPES],
    ["config-file", CONFIG_FILES],
  ]) {
    makers.forEach((make, k) => {
      for (let i = 0; i < perSpecial; i++) {
        add(make(r, r.password()), { positive: true, family, type: `${family}#${k + 1}` });
      }
    });
  }
  const perNegative = options.perNegative ?? 6;
  [...NEGATIVES, connectionNegative, commandNegative, containerNegative].forEach((make, k) => {
    for (let i = 0; i < perNegative; i++) {
      const d = make(r);
      add(d, { positive: false, family: d.family, type: `${d.family}#${k + 1}` });
    }
  });
  return r.shuffle(docs);
}

/**
 * Score a scanner on the corpus.
 * @param {Array<{path: string, text: string, labels: Array<{line: number, positive: boolean, family: string, type: string}>}>} docs
 * @param {(text: string, path: string) => Array<{line: number, endLine?: number, ruleId: string}>} scan
 */
export function scoreCorpus(docs, scan) {
  const families = new Map();
  const fam = (name, positive) => {
    let f = families.get(name);
    if (!f) {
      f = { family: name, positive, labelled: 0, found: 0, falsePositives: 0 };
      families.set(name, f);
    }
    return f;
  };
  const misses = [];
  const flagged = [];
  const extras = [];
  let tp = 0;
  let fp = 0;
  for (const d of docs) {
    const findings = scan(d.text, d.path);
    const covers = (f, line) => f.line <= line && line <= Math.max(f.line, f.endLine ?? f.line);
    const used = new Set();
    for (const label of d.labels) {
      const f = fam(label.family, label.positive);
      f.labelled++;
      const hits = findings.filter((x) => covers(x, label.line));
      if (label.positive) {
        if (hits.length > 0) {
          f.found++;
          tp++;
          hits.forEach((h) => used.add(h));
        } else misses.push({ ...label, path: d.path, text: d.text });
      } else if (hits.length > 0) {
        f.found++;
        flagged.push({ ...label, path: d.path, rules: hits.map((h) => h.ruleId), text: d.text });
      }
    }
    for (const x of findings) {
      if (used.has(x)) continue;
      fp++;
      const label = d.labels[0];
      if (label) fam(label.family, label.positive).falsePositives++;
      extras.push({
        path: d.path,
        line: x.line,
        ruleId: x.ruleId,
        family: label?.family,
        text: d.text,
      });
    }
  }
  const positives = [...families.values()].filter((f) => f.positive);
  const labelledPositives = positives.reduce((a, f) => a + f.labelled, 0);
  return {
    recall: tp / labelledPositives,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    negativesFlagged: flagged.length,
    families: [...families.values()].sort((a, b) =>
      a.positive === b.positive ? a.family.localeCompare(b.family) : a.positive ? -1 : 1,
    ),
    misses,
    flagged,
    extras,
    counts: {
      documents: docs.length,
      positives: labelledPositives,
      negatives: docs.length - labelledPositives,
    },
  };
}
