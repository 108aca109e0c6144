/**
 * The families of environment names an export refuses, with why (actions/decrypt/README.md
 * documents each). A family is a namespace some tool reads from the environment, matched by
 * prefix or pattern on the upper-cased name, never a list of single names.
 */
/** One family of refused names. Patterns are matched against the upper-cased name. */
export interface EnvNameFamily {
  /** Stable id, shown in errors and documented in actions/decrypt/README.md. */
  id: string;
  /** What the family is, in a few words. */
  title: string;
  /** Upper-cased name patterns; any match puts a name in the family. */
  patterns: readonly RegExp[];
  /** Names the patterns cover that no tool of the family reads (kept short: each is reviewed). */
  except?: RegExp;
  /** A locked family cannot be opened by `allow-names`: no secrets file has a reason to set it. */
  locked: boolean;
  /** Representative names (tests refuse each one through the built action). */
  examples: readonly string[];
}

/** Every family, in the order they are checked (the first match names the refusal). */
export const ENV_NAME_FAMILIES: readonly EnvNameFamily[] = [
  {
    id: "runner",
    title: "the CI runner's own variables and workflow-command channels",
    patterns: [/^(GITHUB|RUNNER|ACTIONS|INPUT|STATE)_/, /^CI$/],
    locked: true,
    examples: [
      "GITHUB_TOKEN",
      "RUNNER_TEMP",
      "ACTIONS_RUNTIME_URL",
      "INPUT_AGE_KEY",
      "STATE_x",
      "CI",
    ],
  },
  {
    id: "loader",
    title: "where programs and shared libraries are looked up",
    patterns: [/^PATH(EXT)?$/, /^(LD|DYLD|RTLD)_/, /^(LIBPATH|SHLIB_PATH)$/],
    locked: true,
    examples: ["PATH", "LD_PRELOAD", "LD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES", "LIBPATH"],
  },
  {
    id: "shell",
    title: "variables a shell reads at start-up or before every command, or sets itself",
    patterns: [
      /^(BASH|ZSH|KSH|FISH)_/,
      /^(ENV|IFS|CDPATH|FPATH|SHELL|SHELLOPTS|BASHOPTS|POSIXLY_CORRECT|ZDOTDIR|COMSPEC)$/,
      /^PS[0-9]$/,
      /^PROMPT_/,
      /^(HIST|MAIL)[A-Z]*$/,
      /^(COMP|READLINE)_/,
      /^(_|RANDOM|SRANDOM|SECONDS|EPOCHSECONDS|EPOCHREALTIME|LINENO|UID|EUID|PPID|GROUPS|FUNCNAME|OPTIND|OPTARG|OPTERR|PWD|OLDPWD|SHLVL|PIPESTATUS|DIRSTACK|COLUMNS|LINES|HOSTNAME|HOSTTYPE|MACHTYPE|OSTYPE|REPLY|TMOUT|TIMEFORMAT|GLOBIGNORE|GLOBSORT|EXECIGNORE|FIGNORE|FCEDIT|IGNOREEOF|INPUTRC|CHILD_MAX|COPROC|AUTO_RESUME|TERM|TERMINFO|TERMINFO_DIRS)$/,
    ],
    locked: true,
    examples: [
      "BASH_ENV",
      "BASH_FUNC_x",
      "ENV",
      "PROMPT_COMMAND",
      "PS4",
      "SHELLOPTS",
      "IFS",
      "HISTFILE",
      "RANDOM",
      "TMOUT",
    ],
  },
  {
    id: "secrets-tools",
    title: "key discovery of hush, sops, age and gpg in later steps",
    patterns: [/^(HUSH|SOPS|AGE|GPG|GNUPG)_/, /^GNUPGHOME$/],
    locked: true,
    examples: ["SOPS_AGE_KEY_CMD", "HUSH_AGE_KEY", "GNUPGHOME"],
  },
  {
    id: "git",
    title: "git's configuration through the environment and its helper programs",
    patterns: [/^GIT_/, /^GCM_/],
    locked: false,
    examples: ["GIT_SSH_COMMAND", "GIT_CONFIG_COUNT", "GIT_ASKPASS", "GIT_EXEC_PATH"],
  },
  {
    id: "ssh",
    title: "ssh's agent socket and askpass program",
    patterns: [/^SSH_/, /^SSHPASS$/],
    locked: false,
    examples: ["SSH_ASKPASS", "SSH_AUTH_SOCK"],
  },
  {
    id: "node",
    title: "Node.js and its package managers (npm, yarn, pnpm, corepack, bun, deno)",
    patterns: [/^NODE_/, /^NPM_/, /^(YARN|PNPM|COREPACK|BUN|DENO|NVM|VOLTA)_/],
    // Read by applications and by .npmrc interpolation only, never by node or npm themselves.
    except: /^(NODE_ENV|NODE_AUTH_TOKEN|NPM_TOKEN)$/,
    locked: false,
    examples: [
      "NODE_OPTIONS",
      "NODE_EXTRA_CA_CERTS",
      "npm_config_script_shell",
      "YARN_RC_FILENAME",
      "COREPACK_NPM_REGISTRY",
    ],
  },
  {
    id: "python",
    title: "Python and its package managers",
    patterns: [/^PYTHON/, /^(PIP|PIPX|UV|CONDA|POETRY|PIPENV|PDM|HATCH|PYENV)_/, /^VIRTUAL_ENV/],
    locked: false,
    examples: ["PYTHONPATH", "PYTHONSTARTUP", "PYTHONWARNINGS", "PIP_INDEX_URL", "UV_INDEX_URL"],
  },
  {
    id: "java",
    title: "the JVM and its build tools",
    patterns: [
      /^_?JAVA_/,
      /^(JDK|JRE|JVM|MAVEN|M2|GRADLE|ANT|SBT|KOTLIN|SCALA|GROOVY|CATALINA)_/,
      /^(JAVA|JAVACMD|CLASSPATH)$/,
    ],
    locked: false,
    examples: [
      "JAVA_TOOL_OPTIONS",
      "_JAVA_OPTIONS",
      "JDK_JAVA_OPTIONS",
      "CLASSPATH",
      "MAVEN_OPTS",
      "GRADLE_USER_HOME",
    ],
  },
  {
    id: "dotnet",
    title: ".NET runtime, profilers and NuGet",
    patterns: [/^(DOTNET|COMPLUS|CORECLR|COR|NUGET|VSTEST)_/, /^MSBUILD/],
    locked: false,
    examples: [
      "DOTNET_STARTUP_HOOKS",
      "COMPlus_DbgJITDebugLaunchSetting",
      "CORECLR_PROFILER_PATH",
      "COR_PROFILER",
    ],
  },
  {
    id: "perl",
    title: "Perl",
    patterns: [/^PERL/],
    locked: false,
    examples: ["PERL5OPT", "PERL5LIB", "PERL5DB"],
  },
  {
    id: "ruby",
    title: "Ruby, RubyGems and Bundler",
    patterns: [/^RUBY/, /^(GEM|BUNDLE|BUNDLER|RBENV)_/, /^(GEMRC|IRBRC)$/],
    locked: false,
    examples: ["RUBYOPT", "RUBYLIB", "GEM_HOME", "BUNDLE_GEMFILE"],
  },
  {
    id: "php",
    title: "PHP and Composer",
    patterns: [/^PHP/, /^COMPOSER_/],
    locked: false,
    examples: ["PHPRC", "PHP_INI_SCAN_DIR", "COMPOSER_HOME"],
  },
  {
    id: "go",
    title: "the Go toolchain (its variables are GO… without an underscore) and cgo",
    patterns: [/^GO[A-Z0-9]*$/, /^CGO_/, /^GCCGO$/],
    locked: false,
    examples: ["GOFLAGS", "GOPROXY", "GOTOOLCHAIN", "CGO_LDFLAGS"],
  },
  {
    id: "rust",
    title: "Rust, cargo and rustup",
    patterns: [/^RUST/, /^CARGO(_|$)/],
    locked: false,
    examples: ["RUSTC_WRAPPER", "RUSTFLAGS", "CARGO_HOME"],
  },
  {
    id: "build",
    title: "compilers, linkers and make",
    patterns: [
      /^(CC|CXX|CPP|FC|F77|AR|AS|LD|NM|RANLIB|STRIP|OBJCOPY|OBJDUMP|M4|YACC|LEX|CL|_CL_|LINK|_LINK_|MFLAGS|PKG_CONFIG)$/,
      /^(MAKE|GMAKE)[A-Z]*$/,
      /^(ACLOCAL|AUTOCONF|AUTOHEADER|AUTOM4TE|AUTOMAKE|LIBTOOL)/,
      /^(CMAKE|PKG_CONFIG|CCACHE|DISTCC|MESON|NINJA|BAZEL)_/,
    ],
    locked: false,
    examples: ["CC", "MAKEFLAGS", "MAKEFILES", "CMAKE_C_COMPILER_LAUNCHER", "PKG_CONFIG_PATH"],
  },
  {
    id: "search-path",
    title: "search paths of any tool (…PATH, …LIB, …DIRS)",
    patterns: [/PATHS?$/, /LIBS?$/, /DIRS$/],
    locked: false,
    examples: ["MANPATH", "GCONV_PATH", "R_LIBS", "XDG_DATA_DIRS", "LUA_PATH", "UPLOAD_PATH"],
  },
  {
    id: "program",
    title: "names that say which program a tool runs",
    patterns: [
      /(^|_)(EDITOR|VISUAL|PAGER|BROWSER|ASKPASS|CMD|COMMAND|EXECUTABLE|PROGRAM|HELPER|HOOKS?|WRAPPER|INTERPRETER|PRELOAD|PLUGINS?)$/,
      /(^|_)PLUGINS?_/,
      /^LESS[A-Z]*$/,
      /^(MANOPT|SUDO_|SYSTEMD_)/,
    ],
    locked: false,
    examples: [
      "EDITOR",
      "PAGER",
      "BROWSER",
      "LESSOPEN",
      "SUDO_ASKPASS",
      "CREDENTIAL_HELPER",
      "HELM_PLUGINS",
    ],
  },
  {
    id: "options",
    title: "command-line options that a runtime or compiler reads from the environment",
    patterns: [/(OPTS|OPTIONS|FLAGS|ARGS|ARGV)$/, /[A-Z0-9]OPT$/],
    locked: false,
    examples: ["CFLAGS", "LDFLAGS", "ERL_AFLAGS", "TF_CLI_ARGS"],
  },
  {
    id: "config",
    title: "where a tool finds its configuration or start-up files, and the homes of tools",
    patterns: [
      /(CONFIG|CONF|(?<!S)RC)(_FILE|_DIR|_PATH|_HOME)?$/,
      /(STARTUP|PROFILE|ENVIRON)(_USER|_SITE|_FILE)?$/,
      /HOME$/,
      /^XDG_/,
      /^(USERPROFILE|APPDATA|LOCALAPPDATA|PROGRAMDATA|SYSTEMROOT|WINDIR|SYSTEMDRIVE|PROGRAMFILES.*|COMMONPROGRAMFILES.*|PSMODULEPATH|PSEXECUTIONPOLICYPREFERENCE|__COMPAT_LAYER)$/,
      /^POWERSHELL_/,
      /^(TMPDIR|TMP|TEMP|TEMPDIR)$/,
    ],
    locked: false,
    examples: [
      "HOME",
      "MYSQL_HOME",
      "KUBECONFIG",
      "DOCKER_CONFIG",
      "WGETRC",
      "AWS_CONFIG_FILE",
      "XDG_CONFIG_HOME",
      "TMPDIR",
      "R_PROFILE_USER",
    ],
  },
  {
    id: "locale",
    title: "language, locale and time zone (change how every later program parses and prints)",
    patterns: [/^(LANG|LANGUAGE|TZ|TZDIR)$/, /^LC_/],
    locked: false,
    examples: ["LANG", "LC_ALL", "TZ"],
  },
  {
    id: "network",
    title: "proxies, CA bundles, TLS verification, name resolution and service endpoints",
    patterns: [
      /(^|_)PROXY(_|$)/,
      /CA_?BUNDLE|CA_?CERT|CA_?INFO|CA_?PATH|CA_?FILE|CERT_?(FILE|DIR|PATH)$/,
      /^(SSL_CERT|OPENSSL|CURL)_/,
      /^(SSLKEYLOGFILE|NETRC|HOSTALIASES|RES_OPTIONS|LOCALDOMAIN)$/,
      /INSECURE|SKIP_?VERIFY|NO_?VERIFY|REJECT_UNAUTHORIZED/,
      /(^|_)ENDPOINTS?(_|$)/,
    ],
    locked: false,
    examples: [
      "HTTPS_PROXY",
      "http_proxy",
      "NO_PROXY",
      "AWS_CA_BUNDLE",
      "REQUESTS_CA_BUNDLE",
      "SSL_CERT_FILE",
      "CURL_CA_BUNDLE",
      "SSLKEYLOGFILE",
      "AWS_ENDPOINT_URL_S3",
    ],
  },
  {
    id: "cluster",
    title: "container engines, cluster clients, infrastructure tools and cloud CLIs",
    patterns: [
      /^(KUBE|KUBECTL|KUBERNETES|DOCKER|CONTAINERS|CONTAINERD|BUILDKIT|BUILDX|COMPOSE|HELM|KREW|PODMAN|NERDCTL|TERRAGRUNT|TF|CLOUDSDK|GCLOUD)_/,
      /^CONTAINER_(HOST|CONNECTION|SSHKEY)$/,
      /^GOOGLE_APPLICATION_CREDENTIALS$/,
      /^AWS_(SHARED_CREDENTIALS_FILE|WEB_IDENTITY_TOKEN_FILE|PROFILE|DEFAULT_PROFILE|ROLE_ARN|CONTAINER_.*)$/,
      /^AZURE_(CONFIG_DIR|EXTENSION_DIR)$/,
    ],
    // Terraform input variables are data for the configuration, not settings of terraform.
    except: /^TF_VAR_/,
    locked: false,
    examples: [
      "DOCKER_HOST",
      "KUBECTL_EXTERNAL_DIFF",
      "TF_LOG",
      "CLOUDSDK_PYTHON",
      "GOOGLE_APPLICATION_CREDENTIALS",
      "AWS_SHARED_CREDENTIALS_FILE",
      "CONTAINER_HOST",
    ],
  },
];
