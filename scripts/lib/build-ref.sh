# Builds iptriage at another commit, for the scripts that compare two builds
# (scripts/same-output.sh, bench/ab.sh). Source it after setting `root` (the project root) and
# `script` (the caller's name, for messages).
# shellcheck shell=bash
: "${root:?}" "${script:?}"

# build_tree DIR: builds the runnable jar DIR/iptriage-cli/target/iptriage.jar of the source tree
# in DIR, as bin/iptriage does (tests and the format check skipped; offline first, then online)
build_tree() {
    local dir=$1 log
    log=$(mktemp)
    # </dev/null: Maven must not read the caller's stdin
    if ! "$dir/bin/mvn" -q -B -o -DskipTests -Dspotless.check.skip=true -pl iptriage-cli -am package \
        </dev/null >"$log" 2>&1 &&
        ! "$dir/bin/mvn" -q -B -DskipTests -Dspotless.check.skip=true -pl iptriage-cli -am package \
            </dev/null >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "$script: the build in $dir failed (see above)" >&2
        return 1
    fi
    rm -f "$log"
    [ -f "$dir/iptriage-cli/target/iptriage.jar" ] ||
        { echo "$script: the build in $dir made no iptriage-cli/target/iptriage.jar" >&2; return 1; }
}

# build_ref REF DIR: checks REF out into a new detached git worktree DIR (which must not exist) and
# builds it there. Remove it with remove_ref (in an EXIT trap, so that a failed run cleans up too).
build_ref() {
    local ref=$1 dir=$2
    git -C "$root" rev-parse --verify --quiet "$ref^{commit}" >/dev/null ||
        { echo "$script: $ref is not a commit of this repository" >&2; return 1; }
    echo "$script: building $ref ($(git -C "$root" rev-parse --short "$ref^{commit}")) in a temporary worktree" >&2
    git -C "$root" worktree add --quiet --detach "$dir" "$ref" >&2
    build_tree "$dir"
}

# remove_ref DIR: removes the worktree build_ref made (its build output too); quiet when there is none
remove_ref() {
    local dir=$1
    [ -n "$dir" ] && [ -e "$dir" ] || return 0
    # (if git cannot, the folder goes and git forgets the entry at its next automatic prune)
    git -C "$root" worktree remove --force "$dir" 2>/dev/null || rm -rf "$dir"
}

# describe_tree DIR: the commit of the tree in DIR, and "+changes" when it has uncommitted ones
describe_tree() {
    local dir=$1 rev
    rev=$(git -C "$dir" rev-parse --short HEAD 2>/dev/null) || { echo "(not a git tree)"; return; }
    if [ -n "$(git -C "$dir" status --porcelain --untracked-files=no 2>/dev/null)" ]; then rev="$rev+changes"; fi
    echo "$rev"
}
