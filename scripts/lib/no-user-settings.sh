# Makes the rest of a bench or test script run iptriage with its defaults only, so that a user's config file
# (say `ptr = true`, `format = json`, `lang = de`) or an exported IPTRIAGE_<KEY> cannot change what the script
# measures or compares. Sourced (not run) by the scripts in bench/ and scripts/ that run bin/iptriage.
#
#   no_user_settings DIR [VARIABLE...]
#       unsets every exported IPTRIAGE_* variable (IPTRIAGE_CONFIG, the config keys such as IPTRIAGE_FORMAT or
#       IPTRIAGE_LANG, the folders and keys IPTRIAGE_DB_DIR, IPTRIAGE_LISTS_DIR, IPTRIAGE_DQS_KEY, IPTRIAGE_DEBUG,
#       IPTRIAGE_TTY_*, and any added later) except the launcher's own IPTRIAGE_JAVA_HOME and IPTRIAGE_JAVA_OPTS
#       and the VARIABLEs named (a setting the script relies on on purpose, e.g. IPTRIAGE_DB_DIR for the databases
#       to read); then points XDG_CONFIG_HOME at DIR/no-user-config, an empty folder made afresh (DIR: the
#       script's own work or output folder; made when missing), so that no config file is found there or in
#       ~/.config. Says on stderr which variables it dropped. Other programs the script runs see the same
#       XDG_CONFIG_HOME; the data folders (XDG_DATA_HOME: databases and lists that `db update` and `lists update`
#       filled) are left alone.
# shellcheck shell=bash

no_user_settings() {
    local dir=${1:?no_user_settings: no work folder given} v dropped=()
    shift
    local keep=" IPTRIAGE_JAVA_HOME IPTRIAGE_JAVA_OPTS $* "
    # the pattern, not a list of the keys: a key added to the CLI later is dropped too
    for v in $(compgen -e); do
        case "$v" in IPTRIAGE_*) ;; *) continue ;; esac
        case "$keep" in *" $v "*) continue ;; esac
        unset "$v" || { echo "no_user_settings: cannot unset $v (read-only)" >&2; return 1; }
        dropped+=("$v")
    done
    [ ${#dropped[@]} -eq 0 ] || echo "(iptriage runs with its defaults: ignoring ${dropped[*]})" >&2
    mkdir -p -- "$dir"
    # absolute: iptriage ignores a relative XDG_CONFIG_HOME (and would then read ~/.config)
    dir=$(cd -- "$dir" && pwd)
    rm -rf -- "$dir/no-user-config"
    mkdir -- "$dir/no-user-config"
    export XDG_CONFIG_HOME=$dir/no-user-config
}
