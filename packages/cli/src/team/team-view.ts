// Everything `hush access` and `hush report` show, loaded once: the policy, the inventory, each
// file's access, and (from one pass over git history) former readers that were never rotated out.
import { reencryptionsOf, type Reencryptions } from "./reencryption.js";
import { fileAccess, type FileAccess } from "./access-model.js";
import { loadHistory, type FileHistory } from "./history-git.js";
import {
  loadContext,
  loadInventory,
  pathFilter,
  type InventoryFile,
  type TeamContext,
} from "./inventory.js";
import { historicalNames, staleAccess, type StaleAccess } from "./offboarding.js";
import { memberKeys, type MemberKeys } from "./members.js";

export interface TeamView {
  ctx: TeamContext;
  inventory: InventoryFile[];
  access: FileAccess[];
  history: FileHistory;
  /** key → member name, today's policy winning over older ones. */
  names: Map<string, string>;
  stale: StaleAccess[];
  /** Each encrypted file's re-encryptions (new data key), told from changed values where a key can. */
  reencryptions: Map<string, Reencryptions>;
  /** The policy's members and the kind of each key. */
  members: MemberKeys[];
}

/** Load the view for PATHs given relative to `cwd` (none: the whole policy folder). */
export async function loadTeamView(
  cwd: string,
  env: TeamContext["env"],
  paths: readonly string[],
  options: {
    history: boolean;
    onFile?: (() => void) | undefined;
    files?: (n: number) => void;
    /** The policy file `--policy` names, else the one found from `cwd`. */
    policy?: string | undefined;
  },
): Promise<TeamView> {
  const ctx = await loadContext(cwd, env, options.policy);
  const inventory = await loadInventory(ctx, pathFilter(ctx.root, cwd, paths));
  const encrypted = inventory.filter((f) => f.encrypted).map((f) => f.file);
  options.files?.(encrypted.length);
  const empty: FileHistory = {
    changes: new Map(),
    blobs: new Map(),
    head: new Map(),
    inRepo: false,
  };
  const history =
    options.history && encrypted.length > 0
      ? await loadHistory(ctx.root, [...encrypted, ctx.policyFile], { renames: true })
      : empty;
  const names = historicalNames(ctx, history, ctx.policyFile);
  const reencryptions = options.history
    ? await reencryptionsOf(ctx, history, inventory, options.onFile)
    : new Map<string, Reencryptions>();
  const view: TeamView = {
    ctx,
    inventory,
    access: inventory.map((f) => fileAccess(ctx, f)),
    history,
    names,
    stale: options.history ? staleAccess(ctx, inventory, history, names, reencryptions) : [],
    reencryptions,
    members: memberKeys(ctx),
  };
  return view;
}
