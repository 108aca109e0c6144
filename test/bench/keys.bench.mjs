// Key wrapping speed (issue 2 / `hush rekey --all`): one wrap and one unwrap of a data key in the
// sops layout (one armored age file per recipient), next to age-encryption (typage) doing the same
// in the same run, and the key work of re-keying 500 files for 5 recipients (target < 3 s on
// 2 cores). Uses the BUILT @hush/core. Run alone: node test/bench/run.mjs keys
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { encrypt, generateIdentity, rekey, unwrapDataKey, wrapDataKey } from "@hush/core";
import { time } from "./measure.mjs";

// age-encryption is @hush/core's dependency, not this package's: load core's copy.
const here = dirname(fileURLToPath(import.meta.url));
const age = await import(
  pathToFileURL(join(here, "../../packages/core/node_modules/age-encryption/dist/index.js")).href
);

async function typageWrap(dataKey, recipient) {
  const e = new age.Encrypter();
  e.addRecipient(recipient);
  return age.armor.encode(await e.encrypt(dataKey));
}

/** What sops-style readers do with typage: try the identity on each stanza in turn. */
async function typageUnwrap(stanzas, identity) {
  const d = new age.Decrypter();
  d.addIdentity(identity);
  for (const s of stanzas) {
    try {
      return await d.decrypt(age.armor.decode(s.enc));
    } catch {
      // next stanza
    }
  }
  throw new Error("no match");
}

export default async function () {
  const rows = [];
  const team = await Promise.all([1, 2, 3, 4, 5].map(() => generateIdentity()));
  const dataKey = randomBytes(32);
  const stanzas = await Promise.all(
    team.map(async (t) => ({
      recipient: t.recipient,
      enc: await wrapDataKey(dataKey, t.recipient),
    })),
  );
  const last = team[4];

  const wrapHush = await time(() => wrapDataKey(dataKey, last.recipient), 500, 20);
  const wrapRef = await time(() => typageWrap(dataKey, last.recipient), 200, 20);
  rows.push({
    operation: "wrap data key, 1 X25519 recipient",
    hush: wrapHush,
    unit: "ms",
    reference: { name: "age-encryption", value: wrapRef },
    target: "≤ 0.6 ms",
    met: wrapHush <= 0.6,
  });

  const unwrapHush = await time(() => unwrapDataKey(stanzas, [last.identity]), 500, 20);
  const unwrapRef = await time(() => typageUnwrap(stanzas, last.identity), 200, 20);
  rows.push({
    operation: "unwrap data key, 5 X25519 stanzas, mine last",
    hush: unwrapHush,
    unit: "ms",
    reference: { name: "age-encryption", value: unwrapRef },
    target: "≤ 1 ms",
    met: unwrapHush <= 1,
  });

  const pq = await generateIdentity({ pq: true });
  const pqStanzas = [
    ...stanzas,
    { recipient: pq.recipient, enc: await wrapDataKey(dataKey, pq.recipient) },
  ];
  const wrapPq = await time(() => wrapDataKey(dataKey, pq.recipient), 40, 5);
  const wrapPqRef = await time(() => typageWrap(dataKey, pq.recipient), 40, 5);
  rows.push({
    operation: "wrap data key, 1 PQ hybrid recipient",
    hush: wrapPq,
    unit: "ms",
    reference: { name: "age-encryption", value: wrapPqRef },
    target: "≤ 1.2× age-encryption",
    met: wrapPq <= wrapPqRef * 1.2,
  });
  const unwrapPq = await time(() => unwrapDataKey(pqStanzas, [pq.identity]), 40, 5);
  const unwrapPqRef = await time(() => typageUnwrap(pqStanzas, pq.identity), 40, 5);
  rows.push({
    operation: "unwrap data key, PQ stanza after 5 X25519",
    hush: unwrapPq,
    unit: "ms",
    reference: { name: "age-encryption", value: unwrapPqRef },
    target: "≤ 1.2× age-encryption",
    met: unwrapPq <= unwrapPqRef * 1.2,
  });

  const rekeyKeyWork = async () => {
    for (let f = 0; f < 500; f++) {
      const { dataKey: k } = await unwrapDataKey(stanzas, [team[f % 5].identity]);
      for (const t of team) await wrapDataKey(k, t.recipient);
    }
  };
  const rekeyMs = await time(rekeyKeyWork, 3, 1);
  rows.push({
    operation: "rekey key work: 500 files × 5 recipients",
    hush: rekeyMs,
    unit: "ms",
    target: "< 3000 ms",
    met: rekeyMs < 3000,
    notes: "1 unwrap + 5 wraps per file; files not read or written",
  });

  // The whole core operation: 500 small YAML files re-keyed from 4 to 5 recipients, in memory.
  const yaml = (i) =>
    `service: app-${i}\ndb:\n  user: u${i}\n  password: p-${i}-secret\nport: ${8000 + i}\ntoken: t${i}\n`;
  const four = team.slice(0, 4).map((t) => t.recipient);
  const docs = [];
  for (let i = 0; i < 500; i++)
    docs.push(await encrypt(yaml(i), { format: "yaml", recipients: four }));
  const five = team.map((t) => t.recipient);
  const rekeyAll = async () => {
    for (const d of docs)
      await rekey(d, { format: "yaml", identities: [team[0].identity], recipients: five });
  };
  const coreMs = await time(rekeyAll, 3, 1);
  rows.push({
    operation: "core rekey(): 500 small YAML files → 5 recipients",
    hush: coreMs,
    unit: "ms",
    target: "< 3000 ms",
    met: coreMs < 3000,
    notes: "in memory, no disk I/O or process start",
  });
  return rows;
}
