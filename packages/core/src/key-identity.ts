// Identities that are more than an `AGE-SECRET-KEY-1…` string: ssh keys, passphrase-protected
// identity files and age plugins. Each is an object typage's Decrypter can use (`unwrapFileKey`),
// and each asks for what it needs (a passphrase, a PIN) only when a file is really wrapped for it,
// and at most once.
import type { Stanza } from "age-encryption";
import { HushError, isHushError } from "./errors.js";
import { parseIdentities } from "./keys.js";
import { unprotectIdentityFile } from "./scrypt.js";
import type { SshKeyFile } from "./ssh-key-file.js";
import { unwrapSsh, type SshPrivateKey } from "./ssh.js";

/** Asks the user for a secret (on the terminal): never an argument or an environment variable. */
export type AskSecret = (prompt: string) => Promise<string>;

/** An identity given as an object: an ssh key, a protected identity file, a plugin. */
export interface KeyIdentity {
  /** The recipients (as hush writes them) it answers to, when known without asking; else []. */
  readonly recipients: readonly string[];
  /** Where it came from, for messages: a path or a variable name, never key material. */
  readonly source: string;
  /** What kind of key it is: `ssh-ed25519`, `ssh-rsa`, `passphrase`, `plugin:<name>`. */
  readonly kind: string;
  /** True when using it may ask the user something (a passphrase, a PIN, a touch). */
  readonly interactive: boolean;
  /** The file key from the stanzas of one age file; null when none is for this identity. */
  unwrapFileKey?(stanzas: Stanza[]): Promise<Uint8Array | null>;
  /** For a container of identities (a protected identity file): the identities inside. */
  unlock?(): Promise<IdentityInput[]>;
}

/** An identity as core takes it: an identity string, or an object. */
export type IdentityInput = string | KeyIdentity;

function noTerminal(source: string): HushError {
  return new HushError(
    "ERR_PASSPHRASE",
    `${source} is passphrase-protected and there is no terminal to ask on`,
    {
      hint: "run the command in a terminal, or use an identity without a passphrase for automation",
    },
  );
}

/** Ask, turning a failure to ask (no terminal, cancelled) into a HushError the user sees as is. */
async function askFor(ask: AskSecret | undefined, prompt: string, source: string): Promise<string> {
  if (ask === undefined) throw noTerminal(source);
  try {
    return await ask(prompt);
  } catch (e) {
    if (isHushError(e)) throw e;
    const hint = (e as { hint?: unknown }).hint;
    throw new HushError("ERR_PASSPHRASE", `${(e as Error).message} (${source})`, {
      ...(typeof hint === "string" ? { hint } : {}),
    });
  }
}

/**
 * An ssh private key as an identity. A protected key asks for its passphrase (once) only when a
 * stanza carries its tag, so an ssh key that opens nothing never asks.
 */
export function sshIdentity(file: SshKeyFile, source: string, ask?: AskSecret): KeyIdentity {
  let key: Promise<SshPrivateKey> | undefined;
  const load = (): Promise<SshPrivateKey> => {
    key ??= (async () => {
      if (!file.encrypted) return file.open();
      return file.open(await askFor(ask, `Enter passphrase for ${source}: `, source));
    })();
    return key;
  };
  const pub = file.public;
  return {
    recipients: pub === undefined ? [] : [pub.canonical],
    source,
    kind: pub?.type ?? "ssh",
    interactive: file.encrypted,
    async unwrapFileKey(stanzas) {
      const mine = stanzas.some(
        (s) =>
          (s.args[0] === "ssh-ed25519" || s.args[0] === "ssh-rsa") &&
          (pub === undefined || (s.args[0] === pub.type && s.args[1] === pub.tag)),
      );
      if (!mine) return null;
      return unwrapSsh(stanzas, await load());
    },
  };
}

/**
 * A passphrase-protected identity file (`age -p`, `hush keygen --passphrase`) as one identity: the
 * passphrase is asked once, when a file needs it, and the identities inside are then used as if
 * they had been in clear.
 * @param open - turns the identities found inside into usable ones (plugins need the caller)
 */
export function protectedIdentityFile(
  data: Uint8Array,
  source: string,
  ask: AskSecret | undefined,
  open: (identities: string[], source: string) => IdentityInput[],
): KeyIdentity {
  let inner: Promise<IdentityInput[]> | undefined;
  return {
    recipients: [],
    source,
    kind: "passphrase",
    interactive: true,
    unlock() {
      inner ??= (async () => {
        const passphrase = await askFor(
          ask,
          `Enter passphrase for identity file ${source}: `,
          source,
        );
        const text = await unprotectIdentityFile(data, passphrase, source);
        return open(parseIdentities(text, source), source);
      })();
      return inner;
    },
  };
}
