// Whether a name (a variable, key, header, XML tag or flag) names a secret value: `password`,
// `DB_PASS`, `clientSecret`, `x-api-key`, `--auth-token`, `db.password`, `contraseña`. A name
// that names something *about* a secret (its file, length, hash, URL, id) does not.

/** Split a space-separated word list (keeps long tables short). */
const wordList = (s: string): string[] => s.split(" ");

/** The last word of a name that makes it about a secret rather than the secret itself. */
const NOT_A_VALUE_SUFFIX = new Set(
  wordList(
    "name names file files path paths dir folder url uri urls endpoint endpoints type types " +
      "length len count size id ids env field fields ref refs regex regexp pattern prefix suffix " +
      "label hint placeholder header version policy mode format expiry expires expiration ttl " +
      "timeout method usage scope scopes hash hashed salt rounds min max enabled enable disabled " +
      "required rule rules reset input validation validator strength confirm confirmation changed " +
      "sent generator store manager provider service class kind holder mask at location source " +
      "template arn command cmd var variable variables keyid selector lookup checksum digest sha " +
      "fingerprint public format chars characters encoding arg args through thru policy error " +
      "errors message msg text label title description desc icon color style param params flag " +
      "option options key_id index idx list map set cache reader writer handler callback fn func " +
      "function factory builder parser serializer type_ count_ visible visibility shown show " +
      "hidden hide lifetime age duration interval refresh_interval attempts retries strategy " +
      "config configs configuration configurations settings",
  ),
);

/** The word before `token` in the name of a token that pages, orders or de-duplicates requests. */
const REQUEST_TOKENS = new Set(
  wordList(
    "next page pagination continuation forward backward change update client request sync " +
      "starting marker idempotency cancellation",
  ),
);

/** Words that name a password. */
const PASSWORD_WORDS = new Set(
  wordList(
    "password passwd pass passphrase pwd pw passcode pword contrasena contraseña passwort " +
      "kennwort motdepasse senha wachtwoord parola haslo lozinka salasana adgangskode " +
      // Redis's (`requirepass`, `masterauth`) and Wi-Fi's pre-shared key (`psk=`).
      "requirepass masterauth psk",
  ),
);

/** Words that name a secret on their own. */
const SECRET_WORDS = new Set(
  wordList(
    "secret secrets token apikey apitoken credential credentials creds accesskey authkey " +
      "privatekey secretkey authtoken accesstoken refreshtoken sessiontoken bearertoken " +
      "clientsecret appsecret apisecret authorization bearer signingkey encryptionkey masterkey " +
      "pat",
  ),
);

/** `<word> key` pairs that name a secret key (`api key`, `signing key`); `key` alone does not. */
const KEY_PAIRS = new Set(
  wordList(
    "api access auth private secret client signing master encryption license licence app " +
      "account shared service subscription consumer webhook hmac jwt session storage admin " +
      "write deploy ingest rest server sdk management integration partner merchant aes crypto " +
      "cipher decryption sign verification mac otp totp",
  ),
);

/** Split an identifier into lower-cased words (snake, kebab, dotted and camelCase). */
export function keyWords(key: string): string[] {
  return asciiWords(key) ?? unicodeWords(key);
}

function unicodeWords(key: string): string[] {
  return key
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * {@link keyWords} for an ASCII name, by character codes: the same words as the Unicode regexes
 * (a boundary between a lower-case letter or digit and an upper-case letter, and before the last
 * capital of a run followed by a lower-case letter: `APIKey` → `api key`), without their ~2 ms of
 * compiling and three string passes per name in a cold scan. `undefined` for any other name.
 */
function asciiWords(key: string): string[] | undefined {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= key.length; i++) {
    const c = i < key.length ? key.charCodeAt(i) : 32;
    if (c > 127) return undefined;
    const kind = charKind(c);
    if (kind === 0) {
      if (start >= 0) words.push(key.slice(start, i).toLowerCase());
      start = -1;
    } else if (start < 0) {
      start = i;
    } else {
      const before = charKind(key.charCodeAt(i - 1));
      if (
        kind === UPPER &&
        (before !== UPPER || (i + 1 < key.length && charKind(key.charCodeAt(i + 1)) === LOWER))
      ) {
        words.push(key.slice(start, i).toLowerCase());
        start = i;
      }
    }
  }
  return words;
}

const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;

/** 0 for a separator, else {@link LOWER}, {@link UPPER} or {@link DIGIT} (ASCII). */
function charKind(c: number): number {
  if (c >= 97 && c <= 122) return LOWER;
  if (c >= 65 && c <= 90) return UPPER;
  return c >= 48 && c <= 57 ? DIGIT : 0;
}

/**
 * Password in scripts that write words without spaces or case (Japanese, Chinese, Korean,
 * Russian): also found glued inside a longer word (`データベースパスワード`, "database password").
 */
export const UNSPACED_PASSWORD_WORDS = wordList("パスワード 密码 密碼 비밀번호 пароль");

/** A word that names a password, including compounds such as `dbpass` or `adminpwd`. */
function isPasswordWord(w: string): boolean {
  if (PASSWORD_WORDS.has(w)) return true;
  if (w.includes("passw") || w.includes("passphrase")) return true;
  if (w.charCodeAt(0) > 127 && UNSPACED_PASSWORD_WORDS.some((u) => w.includes(u))) return true;
  // `pass`/`pwd` glued to a qualifier: `dbpass`, `rootpwd`; never `bypass`, `compass`.
  return /^(?:db|my|user|admin|root|sql|ftp|smtp|mail|ldap|redis|app|key|store|trust|master|sa|sys|api|proxy|vnc|wifi)(?:pass|pwd|pw)$/.test(
    w,
  );
}

/** Qualifiers that make a token a cursor, a parser token or an anti-forgery nonce. */
const NOT_SECRET_TOKEN =
  /^(?:next|page|continuation|cursor|csrf|xsrf|cancellation|lexer|parser|significant|last|first|current|prev|previous|end|start|sync|resume|pagination|paging|stop|eos|bos|pad|unk|mask|sep|cls)$/;

/** A word that names a secret (`token`, `clientsecret`, `apikey`), compounds included. */
function isSecretWord(w: string, previous: string | undefined): boolean {
  if (w === "token" || w === "tokens")
    return previous === undefined || !NOT_SECRET_TOKEN.test(previous);
  if (SECRET_WORDS.has(w)) return true;
  if (w.includes("secret") && !w.includes("secretar")) return true;
  const glued = /^([a-z]+)token$/.exec(w);
  if (glued) return !NOT_SECRET_TOKEN.test(glued[1]!);
  return /(?:api|access|auth|private|secret|signing|encryption|master|client)key$/.test(w);
}

/** What a name says about the value assigned to it. */
export interface NameKind {
  /** The name names a secret value. */
  secret: boolean;
  /** It names a password (weaker values count: people choose them). */
  password: boolean;
}

const NOT_SECRET: NameKind = Object.freeze({ secret: false, password: false });
const SECRET: NameKind = Object.freeze({ secret: true, password: false });
const PASSWORD: NameKind = Object.freeze({ secret: true, password: true });

/**
 * Names already classified. Source repeats its names (`options`, `key`, `token` thousands of times
 * in 15 MB), and the Unicode word split cost ~40 ms of a cold 15 MB scan (profiled); bounded, so
 * a file of generated names cannot grow it without limit.
 */
const KINDS = new Map<string, NameKind>();
const MAX_KINDS = 8192;

/** Whether a name names a secret value (not its name, file, length, hash or URL). */
export function classifyName(name: string): NameKind {
  let kind = KINDS.get(name);
  if (kind === undefined) {
    kind = classify(name);
    if (KINDS.size >= MAX_KINDS) KINDS.clear();
    KINDS.set(name, kind);
  }
  return kind;
}

function classify(name: string): NameKind {
  const words = keyWords(name);
  const last = words[words.length - 1] ?? "";
  if (
    NOT_A_VALUE_SUFFIX.has(last) ||
    // AWS Secrets Manager's and Google Secret Manager's service names (IAM condition keys).
    words.includes("secretsmanager") ||
    words.includes("secretmanager") ||
    // `hashedPassword`, like `password_hash`, holds a hash.
    words.includes("hashed") ||
    words.includes("public") ||
    words.includes("publishable") ||
    words.includes("pub")
  ) {
    return NOT_SECRET;
  }
  // Tokens that page, order or de-duplicate requests (`nextPageToken`, AWS's `ChangeToken`,
  // `ClientRequestToken`, `nextForwardToken`): they authenticate nothing.
  if (last === "token" && REQUEST_TOKENS.has(words[words.length - 2] ?? "")) return NOT_SECRET;
  let secret = false;
  let password = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (isPasswordWord(w)) {
      password = true;
      secret = true;
    } else if (isSecretWord(w, words[i - 1])) secret = true;
    else if (w === "key" && i > 0 && KEY_PAIRS.has(words[i - 1]!)) secret = true;
  }
  // French writes the password in three words: `MOT_DE_PASSE`, `motDePasse`.
  if (!password && words.includes("passe") && words.join(" ").includes("mot de passe")) {
    password = true;
    secret = true;
  }
  // `token_type`, `secret_name` end in a suffix word; `key` alone (`key: value`) is too vague.
  return password ? PASSWORD : secret ? SECRET : NOT_SECRET;
}
